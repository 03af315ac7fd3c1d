package dev.switchboard.kernel.http;

import dev.switchboard.kernel.dialect.ErrorResponses;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.kernel.auth.ClientAuthenticator;
import dev.switchboard.kernel.auth.ClientPrincipal;
import dev.switchboard.kernel.routing.ModelRouter;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /v1/models} and {@code /v1/models/{id}}: the Anthropic shape when the
 * request carries {@code anthropic-version}, else the OpenAI shape; only the models the caller's key may use;
 * Anthropic paging with {@code limit}, {@code after_id}, {@code before_id}.
 */
public final class ModelsEndpoint {
    /** A fixed creation time: the gateway does not know when upstream models were created. */
    static final String CREATED_AT = "2026-01-01T00:00:00Z";
    static final long CREATED = 1767225600L;

    private final ModelRouter router;
    private final ClientAuthenticator auth;

    public ModelsEndpoint(ModelRouter router, ClientAuthenticator auth) {
        this.router = router;
        this.auth = auth;
    }

    public void register(HttpRouting.Builder r) {
        r.get("/v1/models", this::list).get("/v1/models/{id}", this::one);
    }

    private static Dialect dialect(ServerRequest req) {
        return req.headers().contains(HeaderNames.create("anthropic-version")) ? Dialect.ANTHROPIC : Dialect.OPENAI_CHAT;
    }

    private void list(ServerRequest req, ServerResponse res) {
        Dialect d = dialect(req);
        try {
            ClientPrincipal p = auth.authenticate(req.headers(), req.remotePeer().address(), d);
            List<String> models = router.listModels(p::allows);
            JsonObject body = d == Dialect.ANTHROPIC ? anthropicPage(req, models) : openAi(models);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(body.toString());
        } catch (GatewayException e) {
            ErrorResponses.send(res, d, e, AccessLog.info(req).requestId());
        }
    }

    private void one(ServerRequest req, ServerResponse res) {
        Dialect d = dialect(req);
        String id = req.path().pathParameters().get("id");
        try {
            ClientPrincipal p = auth.authenticate(req.headers(), req.remotePeer().address(), d);
            if (!router.listModels(p::allows).contains(id)) {
                throw GatewayException.builder(ErrorKind.NOT_FOUND).param("model")
                        .message("model '" + id + "' is not served by this gateway").build();
            }
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send((d == Dialect.ANTHROPIC ? anthropicModel(id) : openAiModel(id)).toString());
        } catch (GatewayException e) {
            ErrorResponses.send(res, d, e, AccessLog.info(req).requestId());
        }
    }

    private static JsonObject openAi(List<String> models) {
        JsonArrayBuilder data = Jsons.arrayBuilder();
        models.forEach(m -> data.add(openAiModel(m)));
        return Jsons.objectBuilder().add("object", "list").add("data", data).build();
    }

    private static JsonObject openAiModel(String m) {
        return Jsons.objectBuilder().add("id", m).add("object", "model").add("created", CREATED)
                .add("owned_by", "switchboard").build();
    }

    private static JsonObject anthropicModel(String m) {
        return Jsons.objectBuilder().add("type", "model").add("id", m).add("display_name", displayName(m))
                .add("created_at", CREATED_AT).build();
    }

    private static JsonObject anthropicPage(ServerRequest req, List<String> models) throws GatewayException {
        int limit;
        try {
            limit = req.query().first("limit").map(Integer::parseInt).orElse(20);
        } catch (NumberFormatException e) {
            throw GatewayException.invalid("limit", "limit must be an integer between 1 and 1000");
        }
        if (limit < 1 || limit > 1000) {
            throw GatewayException.invalid("limit", "limit must be an integer between 1 and 1000");
        }
        int from = 0;
        int to = models.size();
        var after = req.query().first("after_id");
        var before = req.query().first("before_id");
        if (after.isPresent()) {
            from = models.indexOf(after.get()) + 1;
        }
        if (before.isPresent()) {
            int idx = models.indexOf(before.get());
            to = idx < 0 ? to : idx;
            from = Math.max(from, to - limit);
        }
        List<String> page = models.subList(Math.min(from, to), Math.min(to, Math.min(from, to) + limit));
        JsonArrayBuilder data = Jsons.arrayBuilder();
        page.forEach(m -> data.add(anthropicModel(m)));
        var b = Jsons.objectBuilder().add("data", data)
                .add("has_more", Math.min(from, to) + page.size() < to);
        if (page.isEmpty()) {
            b.addNull("first_id").addNull("last_id");
        } else {
            b.add("first_id", page.get(0)).add("last_id", page.get(page.size() - 1));
        }
        return b.build();
    }

    /** {@code claude-opus-5-5} → {@code Claude Opus 5.5}: readable names for model pickers. */
    static String displayName(String id) {
        String[] parts = id.split("-");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                continue;
            }
            boolean number = p.chars().allMatch(Character::isDigit);
            if (number && i > 0 && parts[i - 1].chars().allMatch(Character::isDigit) && p.length() <= 2) {
                sb.append('.').append(p);
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(number ? p : p.substring(0, 1).toUpperCase(Locale.ROOT) + p.substring(1));
        }
        return sb.toString();
    }
}
