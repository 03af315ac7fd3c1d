package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.metrics.CacheTelemetry;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.spi.json.Jsons;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /admin/cache}: prompt-cache hits of the last hour per provider and per account (cache-read tokens
 * over all prompt tokens), to see whether conversations stay on their accounts. Every provider and account is
 * listed; without prompt tokens in the window the ratio is null. Thread-safe.
 */
final class CacheAdmin {
    private final ProviderRegistry providers;
    private final CacheTelemetry cache;

    CacheAdmin(ProviderRegistry providers, CacheTelemetry cache) {
        this.providers = providers;
        this.cache = cache;
    }

    void register(HttpRouting.Builder r, AdminApi api) {
        r.get("/admin/cache", api.secured(this::get));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Map<String, CacheTelemetry.Ratio> byAccount = new HashMap<>();
        for (CacheTelemetry.Ratio a : cache.accounts()) {
            byAccount.put(a.provider() + "\n" + a.account(), a);
        }
        Map<String, CacheTelemetry.Ratio> byProvider = new HashMap<>();
        cache.providers().forEach(p -> byProvider.put(p.provider(), p));
        JsonArrayBuilder list = Jsons.arrayBuilder();
        for (ProviderInstance i : providers.all()) {
            JsonArrayBuilder accounts = Jsons.arrayBuilder();
            for (PooledAccount a : i.pool().accounts()) {
                accounts.add(ratio(Jsons.objectBuilder().add("account", a.name()),
                        byAccount.get(i.id() + "\n" + a.name())));
            }
            list.add(ratio(Jsons.objectBuilder().add("provider", i.id()), byProvider.get(i.id()))
                    .add("accounts", accounts));
        }
        AdminJson.ok(res, Jsons.objectBuilder().add("window_seconds", CacheTelemetry.WINDOW.toSeconds())
                .add("providers", list).build());
    }

    private static JsonObjectBuilder ratio(JsonObjectBuilder b, CacheTelemetry.Ratio r) {
        long prompt = r == null ? 0 : r.promptTokens();
        long read = r == null ? 0 : r.cacheReadTokens();
        b.add("prompt_tokens", prompt).add("cache_read_tokens", read);
        Double ratio = r == null ? null : r.ratio();
        return ratio == null ? b.addNull("cache_read_ratio") : b.add("cache_read_ratio", ratio);
    }
}
