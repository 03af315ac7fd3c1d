package dev.switchboard.kernel.store;

import java.util.Locale;

/**
 * How usage queries group rows ({@code /admin/usage?group_by=}). Group keys: the client key name, the
 * account as {@code provider/name}, the route model (what the client asked for), the provider instance, the
 * UTC day as {@code YYYY-MM-DD}, the UTC hour as {@code YYYY-MM-DDTHH:00:00Z}, or the error kind
 * ({@code upstream_server}; answered requests group under the empty string). A value that was not recorded
 * groups under the empty string.
 *
 * <p>Days kept only as daily rollups have no hours and no error kinds: they group under their midnight and
 * under the empty error kind.
 */
public enum UsageGroupBy {
    KEY("COALESCE(client_key_name, '')"),
    ACCOUNT("CASE WHEN account_name IS NULL OR account_name = '' THEN '' "
            + "ELSE COALESCE(provider, '') || '/' || account_name END"),
    MODEL("COALESCE(route_model, '')"),
    PROVIDER("COALESCE(provider, '')"),
    DAY("CAST(day_utc AS VARCHAR)"),
    /** On raw rows the expression is the database's own ({@link #expression(DatabaseVendor)}). */
    HOUR(null, "CAST(day_utc AS VARCHAR) || 'T00:00:00Z'"),
    // A bare constant may not be grouped by in PostgreSQL; a cast of one may.
    ERROR_KIND("COALESCE(error_kind, '')", "CAST('' AS VARCHAR)");

    /** SQL expression for the group key on raw {@code usage} rows (null: it depends on the database). */
    private final String expression;
    /** The same on {@code usage_daily} rollups. */
    final String dailyExpression;

    UsageGroupBy(String expression) {
        this(expression, expression);
    }

    UsageGroupBy(String expression, String dailyExpression) {
        this.expression = expression;
        this.dailyExpression = dailyExpression;
    }

    /** SQL expression for the group key on raw {@code usage} rows of {@code vendor}'s database. */
    String expression(DatabaseVendor vendor) {
        return expression != null ? expression : vendor.utcHour("ts");
    }

    /** Parses the query parameter ({@code key}, {@code account}, {@code model}, {@code provider}, {@code day},
     * {@code hour}, {@code error_kind}). */
    public static UsageGroupBy parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("group_by must be one of key, account, model, provider, day, hour,"
                    + " error_kind; got " + s, e);
        }
    }
}
