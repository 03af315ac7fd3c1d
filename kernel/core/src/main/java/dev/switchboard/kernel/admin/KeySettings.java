package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.store.ClientKeySpec;
import dev.switchboard.kernel.store.StoredNames;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a client key's settings from an admin request body onto a starting point: {@code POST /admin/keys} starts
 * from nothing, {@code PATCH /admin/keys/{id}} from the stored key. A field that is absent keeps its value, JSON
 * {@code null} clears it, and {@code 0} means unlimited for {@code rpm}, the token quotas and the cost limits (as in YAML). One
 * method per field, so a new limit is one more line in {@link #apply}. Stateless.
 */
final class KeySettings {
    private KeySettings() {
    }

    /** The settings {@code body} asks for, starting from {@code base}; 400 naming the field on bad input. */
    static ClientKeySpec apply(ClientKeySpec base, JsonObject body) throws GatewayException {
        String name = Jsons.present(body, "name") ? name(body) : base.name();
        List<String> models = body.containsKey("models") ? models(body) : base.models();
        Integer rpm = body.containsKey("rpm") ? limit(body, "rpm", Integer.MAX_VALUE).map(Long::intValue).orElse(null)
                : base.rpm();
        Long daily = body.containsKey("daily_token_quota") ? limit(body, "daily_token_quota", Long.MAX_VALUE).orElse(null)
                : base.dailyTokenQuota();
        Long monthly = body.containsKey("monthly_token_quota")
                ? limit(body, "monthly_token_quota", Long.MAX_VALUE).orElse(null) : base.monthlyTokenQuota();
        Instant expires = body.containsKey("expires_at") ? expiry(body) : base.expiresAt();
        BigDecimal dailyCost = body.containsKey("daily_cost_limit") ? amount(body, "daily_cost_limit")
                : base.dailyCostLimit();
        BigDecimal monthlyCost = body.containsKey("monthly_cost_limit") ? amount(body, "monthly_cost_limit")
                : base.monthlyCostLimit();
        try {
            return new ClientKeySpec(name, models, rpm, daily, monthly, expires, dailyCost, monthlyCost);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid(null, e.getMessage());
        }
    }

    private static String name(JsonObject body) throws GatewayException {
        String name = Jsons.str(body, "name");
        if (name == null || name.isBlank()) {
            throw GatewayException.invalid("name", "a client key needs a name");
        }
        String bad = StoredNames.problem(name);
        if (bad != null) {
            throw GatewayException.invalid("name", "client key name " + bad);
        }
        return name;
    }

    /** {@code null} or an empty list means every model. */
    private static List<String> models(JsonObject body) throws GatewayException {
        JsonValue v = body.get("models");
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonArray m)) {
            throw GatewayException.invalid("models", "models must be a list of model names or globs, or null");
        }
        List<String> models = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            if (!(m.get(i) instanceof JsonString s) || s.getString().isBlank()) {
                throw GatewayException.invalid("models[" + i + "]", "models must be non-empty strings (names or globs)");
            }
            models.add(s.getString().strip());
        }
        return models.isEmpty() ? null : models;
    }

    /** A whole number of 0 or more; 0 and null mean no limit. */
    private static java.util.Optional<Long> limit(JsonObject body, String key, long max) throws GatewayException {
        JsonValue v = body.get(key);
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return java.util.Optional.empty();
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0 || n.bigDecimalValue()
                .compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw GatewayException.invalid(key, key + " must be a whole number of 0 (unlimited) or more");
        }
        return n.longValue() == 0 ? java.util.Optional.empty() : java.util.Optional.of(n.longValue());
    }

    /** A non-negative amount (a JSON number, or a string such as "2.50"); 0 and null mean no limit. */
    private static BigDecimal amount(JsonObject body, String field) throws GatewayException {
        JsonValue v = body.get(field);
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        BigDecimal d;
        try {
            d = switch (v.getValueType()) {
                case NUMBER -> ((JsonNumber) v).bigDecimalValue();
                case STRING -> new BigDecimal(((JsonString) v).getString().strip());
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException e) {
            throw GatewayException.invalid(field, field + " must be an amount such as 5 or 2.50");
        }
        if (d.signum() < 0) {
            throw GatewayException.invalid(field, field + " must not be negative");
        }
        return d.signum() == 0 ? null : d.stripTrailingZeros();
    }

    private static Instant expiry(JsonObject body) throws GatewayException {
        JsonValue v = body.get("expires_at");
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw GatewayException.invalid("expires_at", "expires_at must be an ISO-8601 instant or null");
        }
        try {
            return Instant.parse(s.getString().strip());
        } catch (DateTimeParseException e) {
            throw GatewayException.invalid("expires_at", "expires_at must be an ISO-8601 instant");
        }
    }
}
