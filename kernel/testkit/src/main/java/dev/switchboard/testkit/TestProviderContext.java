package dev.switchboard.testkit;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.CredentialStore;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.Sleeper;
import dev.switchboard.spi.TokenCounter;
import dev.switchboard.transport.HelidonHttpTransport;
import dev.switchboard.transport.TransportSettings;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A {@link ProviderContext} for plugin unit tests: the real Helidon transport (short timeouts, no
 * environment proxies), an in-memory credential store that records every write, and an injectable
 * clock and sleeper. Thread-safe.
 */
public final class TestProviderContext implements ProviderContext {
    private final String instanceId;
    private final PluginConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final HttpTransport transport;
    private final MemoryCredentialStore store;

    private TestProviderContext(String instanceId, PluginConfig config, Clock clock, Sleeper sleeper,
                                HttpTransport transport) {
        this.instanceId = instanceId;
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.transport = transport;
        this.store = new MemoryCredentialStore(instanceId);
    }

    /** A context with the system clock, a real sleeper and a transport with 2 s connect / 10 s read timeouts. */
    public static TestProviderContext create(String instanceId, PluginConfig config) {
        return create(instanceId, config, Clock.systemUTC(), Sleeper.system());
    }

    public static TestProviderContext create(String instanceId, PluginConfig config, Clock clock, Sleeper sleeper) {
        TransportSettings ts = new TransportSettings(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(30), List.of(), false, Map.of(), null, null, null);
        return new TestProviderContext(instanceId, config, clock, sleeper, HelidonHttpTransport.create(ts));
    }

    /** Same context with another transport (e.g. one with tiny timeouts). */
    public TestProviderContext withTransport(HttpTransport t) {
        TestProviderContext c = new TestProviderContext(instanceId, config, clock, sleeper, t);
        c.store.accounts.putAll(store.accounts);
        return c;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public PluginConfig config() {
        return config;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Sleeper sleeper() {
        return sleeper;
    }

    @Override
    public Logger logger() {
        return Logger.getLogger("dev.switchboard.plugin." + instanceId);
    }

    @Override
    public HttpTransport transport() {
        return transport;
    }

    @Override
    public TokenCounter tokenCounter() {
        return TokenCounter.shared();
    }

    @Override
    public MemoryCredentialStore credentials() {
        return store;
    }

    /** An in-memory {@link CredentialStore} that counts writes (to assert "persisted before use"). */
    public static final class MemoryCredentialStore implements CredentialStore {
        private final String provider;
        private final Map<String, Account> accounts = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong();
        private final List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();

        MemoryCredentialStore(String provider) {
            this.provider = provider;
        }

        @Override
        public Account update(Account account, JsonObject credentials) {
            Account updated = account.withCredentials(credentials);
            accounts.put(account.name(), updated);
            writes.add(account.name());
            return updated;
        }

        @Override
        public Account upsert(String name, JsonObject credentials) {
            Account existing = accounts.get(name);
            Account a = existing != null ? existing.withCredentials(credentials)
                    : new Account(ids.incrementAndGet(), provider, name, credentials, AccountState.ACTIVE, null);
            accounts.put(name, a);
            writes.add(name);
            return a;
        }

        @Override
        public Optional<Account> find(String name) {
            return Optional.ofNullable(accounts.get(name));
        }

        @Override
        public List<Account> list() {
            return new ArrayList<>(accounts.values());
        }

        /** Names of the accounts written, one entry per write, in order. */
        public List<String> writes() {
            return List.copyOf(writes);
        }
    }
}
