package dev.switchboard.kernel.store;

import java.util.Locale;

/**
 * How usage queries group rows ({@code /admin/usage?group_by=}). Group keys: the client key name, the
 * account as {@code provider/name}, the route model (what the client asked for), the provider instance, or
 * the UTC day as {@code YYYY-MM-DD}. A value that was not recorded groups under the empty string.
 */
public enum UsageGroupBy {
    KEY("COALESCE(client_key_name, '')"),
    ACCOUNT("CASE WHEN account_name IS NULL OR account_name = '' THEN '' "
            + "ELSE COALESCE(provider, '') || '/' || account_name END"),
    MODEL("COALESCE(route_model, '')"),
    PROVIDER("COALESCE(provider, '')"),
    DAY("CAST(day_utc AS VARCHAR)");

    /** SQL expression for the group key; valid on both {@code usage} and {@code usage_daily}. */
    final String expression;

    UsageGroupBy(String expression) {
        this.expression = expression;
    }

    /** Parses the query parameter ({@code key}, {@code account}, {@code model}, {@code provider}, {@code day}). */
    public static UsageGroupBy parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("group_by must be one of key, account, model, provider, day; got " + s, e);
        }
    }
}
