package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.spi.GatewayException;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Locale;

/**
 * The filter and page of an account listing ({@code ?q=&state=&tier=&offset=&limit=}), so a console showing a
 * pool of thousands of accounts fetches one page at a time. Immutable.
 *
 * @param q      part of the name (case-insensitive), or null
 * @param state  an account state ({@code active}, {@code cooling}, …), or null
 * @param tier   a tier, or null
 * @param offset matches to skip
 * @param limit  matches to return at most, or -1 for all
 */
record AccountQuery(String q, String state, Integer tier, int offset, int limit) {

    static AccountQuery of(ServerRequest req) throws GatewayException {
        String q = req.query().first("q").map(String::strip).filter(v -> !v.isEmpty())
                .map(v -> v.toLowerCase(Locale.ROOT)).orElse(null);
        String state = req.query().first("state").map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
        Integer tier = req.query().first("tier").filter(v -> !v.isBlank()).isPresent()
                ? number(req, "tier", 1) : null;
        int offset = req.query().first("offset").filter(v -> !v.isBlank()).isPresent() ? number(req, "offset", 0) : 0;
        int limit = req.query().first("limit").filter(v -> !v.isBlank()).isPresent() ? number(req, "limit", 1) : -1;
        return new AccountQuery(q, state, tier, offset, limit);
    }

    private static int number(ServerRequest req, String name, int min) throws GatewayException {
        String v = req.query().first(name).orElseThrow().strip();
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GatewayException.invalid(name, name + " must be a whole number of " + min + " or more");
    }

    List<PooledAccount> filter(List<PooledAccount> all) {
        if (q == null && state == null && tier == null) {
            return all;
        }
        return all.stream()
                .filter(a -> q == null || a.name().toLowerCase(Locale.ROOT).contains(q))
                .filter(a -> state == null || a.status().state().wire().equals(state))
                .filter(a -> tier == null || a.tier() == tier)
                .toList();
    }

    List<PooledAccount> page(List<PooledAccount> matches) {
        int from = Math.min(offset, matches.size());
        int to = limit < 0 ? matches.size() : (int) Math.min((long) from + limit, matches.size());
        return matches.subList(from, to);
    }
}
