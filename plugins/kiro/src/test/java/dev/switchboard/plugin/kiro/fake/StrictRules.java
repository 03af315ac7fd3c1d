package dev.switchboard.plugin.kiro.fake;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The fake's strict mode: the constraints (plugins/kiro/README.md#what-kiro-rejects) the real Kiro enforces with a 400
 * ({@code Improperly formed request.}) or, for long tool descriptions, a 500. Returns the violated rule or null.
 * Stateless.
 */
final class StrictRules {
    static final int MAX_BODY = 1_250_000;
    static final int MAX_DESCRIPTION = 10_240;
    static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");

    private StrictRules() {
    }

    /** Outcome: the HTTP status to answer and why. */
    record Violation(int status, String rule) {
    }

    static Violation check(byte[] raw, JsonObject body, boolean social) {
        if (raw.length > MAX_BODY) {
            return bad("body larger than " + MAX_BODY + " bytes");
        }
        if (social != Jsons.present(body, "profileArn")) {
            return bad(social ? "social account without profileArn" : "profileArn sent for a non-social account");
        }
        JsonObject state = Jsons.obj(body, "conversationState");
        if (state == null || !"MANUAL".equals(Jsons.str(state, "chatTriggerType"))
                || Jsons.str(state, "conversationId") == null) {
            return bad("conversationState, chatTriggerType MANUAL and conversationId are required");
        }
        JsonObject current = Jsons.obj(Jsons.obj(state, "currentMessage"), "userInputMessage");
        if (current == null) {
            return bad("currentMessage.userInputMessage is required");
        }
        JsonArray history = Jsons.arr(state, "history");
        if (history == null) {
            history = JsonValue.EMPTY_JSON_ARRAY;
        }
        if (history.size() % 2 != 0) {
            return bad("history must end with an assistant entry");
        }
        Set<String> pendingUses = new HashSet<>();
        Set<String> usedNames = new HashSet<>();
        for (int i = 0; i < history.size(); i++) {
            JsonObject e = history.getJsonObject(i);
            boolean user = i % 2 == 0;
            JsonObject m = Jsons.obj(e, user ? "userInputMessage" : "assistantResponseMessage");
            if (m == null) {
                return bad("history entry " + i + " breaks the user/assistant alternation");
            }
            Violation v = user ? checkUser(m, pendingUses, false) : checkAssistant(m, pendingUses, usedNames);
            if (v != null) {
                return v;
            }
        }
        Violation v = checkUser(current, pendingUses, true);
        if (v != null) {
            return v;
        }
        if (!pendingUses.isEmpty()) {
            return bad("toolUses without toolResults: " + pendingUses);
        }
        Set<String> declared = new HashSet<>();
        JsonObject ctx = Jsons.obj(current, "userInputMessageContext");
        JsonArray tools = Jsons.arr(ctx, "tools");
        if (tools != null) {
            for (JsonValue t : tools) {
                JsonObject spec = Jsons.obj(t.asJsonObject(), "toolSpecification");
                String name = Jsons.str(spec, "name");
                if (name == null || !declared.add(name.toLowerCase(Locale.ROOT))) {
                    return bad("missing or duplicate tool name " + name);
                }
                if (Jsons.str(spec, "description", "").length() > MAX_DESCRIPTION) {
                    return new Violation(500, "tool description over " + MAX_DESCRIPTION + " chars");
                }
                JsonObject schema = Jsons.obj(Jsons.obj(spec, "inputSchema"), "json");
                if (schema == null || !"object".equals(Jsons.str(schema, "type"))) {
                    return bad("tool " + name + " has no object schema");
                }
            }
        }
        for (String used : usedNames) {
            if (!declared.contains(used.toLowerCase(Locale.ROOT))) {
                return bad("tool " + used + " used in history but not declared");
            }
        }
        return null;
    }

    private static Violation checkUser(JsonObject m, Set<String> pendingUses, boolean current) {
        if (Jsons.str(m, "content", "").isEmpty() || Jsons.str(m, "modelId") == null
                || !"AI_EDITOR".equals(Jsons.str(m, "origin"))) {
            return bad("user entry needs content, modelId and origin AI_EDITOR");
        }
        JsonArray images = Jsons.arr(m, "images");
        if (images != null) {
            for (JsonValue i : images) {
                if (!IMAGE_FORMATS.contains(Jsons.str(i.asJsonObject(), "format", ""))) {
                    return bad("image format");
                }
            }
        }
        JsonObject ctx = Jsons.obj(m, "userInputMessageContext");
        if (!current && ctx != null && ctx.containsKey("tools")) {
            return bad("tools only on currentMessage");
        }
        JsonArray results = Jsons.arr(ctx, "toolResults");
        Set<String> answered = new HashSet<>();
        if (results != null) {
            for (JsonValue r : results) {
                String id = Jsons.str(r.asJsonObject(), "toolUseId");
                if (!pendingUses.contains(id) || !answered.add(id)) {
                    return bad("TOOL_USE_RESULT_MISMATCH " + id);
                }
            }
        }
        if (!answered.equals(pendingUses)) {
            return bad("TOOL_USE_RESULT_MISMATCH: unanswered " + pendingUses);
        }
        pendingUses.clear();
        return null;
    }

    private static Violation checkAssistant(JsonObject m, Set<String> pendingUses, Set<String> usedNames) {
        if (Jsons.str(m, "content", "").isEmpty()) {
            return bad("assistant entry needs content");
        }
        JsonArray uses = Jsons.arr(m, "toolUses");
        if (uses != null) {
            for (JsonValue u : uses) {
                JsonObject o = u.asJsonObject();
                if (Jsons.obj(o, "input") == null) {
                    return bad("Document must be a valid json object");
                }
                if (!pendingUses.add(Jsons.str(o, "toolUseId"))) {
                    return bad("duplicate toolUseId");
                }
                usedNames.add(Jsons.str(o, "name"));
            }
        }
        return null;
    }

    private static Violation bad(String rule) {
        return new Violation(400, rule);
    }
}
