package dev.switchboard.kernel;

import dev.switchboard.kernel.admin.AdminApi;
import dev.switchboard.kernel.admin.AdminBootstrap;
import dev.switchboard.kernel.admin.RecentRequests;
import dev.switchboard.kernel.auth.ClientAuthenticator;
import dev.switchboard.kernel.auth.QuotaTracker;
import dev.switchboard.kernel.auth.RateLimiter;
import dev.switchboard.kernel.auth.RpmLimiter;
import dev.switchboard.kernel.cluster.SharedState;
import dev.switchboard.kernel.auth.StoredClientKeys;
import dev.switchboard.kernel.auth.StoredKeyTotals;
import dev.switchboard.kernel.config.ClientKeyEntry;
import dev.switchboard.kernel.config.ConfigLoader;
import dev.switchboard.kernel.config.GatewayConfig;
import dev.switchboard.kernel.config.LoadedConfig;
import dev.switchboard.kernel.console.ConsoleRoutes;
import dev.switchboard.kernel.cost.Pricing;
import dev.switchboard.kernel.dialect.AnthropicDialect;
import dev.switchboard.kernel.dialect.OpenAiChatDialect;
import dev.switchboard.kernel.dialect.ResponsesDialect;
import dev.switchboard.kernel.dispatch.Dispatcher;
import dev.switchboard.kernel.dispatch.InFlightStreams;
import dev.switchboard.kernel.dispatch.UsageSink;
import dev.switchboard.kernel.http.AccessLog;
import dev.switchboard.kernel.http.AdminReadyGate;
import dev.switchboard.kernel.http.ChatEndpoints;
import dev.switchboard.kernel.http.ClientTimeouts;
import dev.switchboard.kernel.http.CorsPolicy;
import dev.switchboard.kernel.http.CountTokensEndpoint;
import dev.switchboard.kernel.http.DatabaseHealth;
import dev.switchboard.kernel.http.HealthEndpoints;
import dev.switchboard.kernel.http.HostCheck;
import dev.switchboard.kernel.http.ListenerOptions;
import dev.switchboard.kernel.http.RefusedRequests;
import dev.switchboard.kernel.http.RequestFilter;
import dev.switchboard.kernel.http.ShutdownDrain;
import dev.switchboard.kernel.http.StreamAdmission;
import dev.switchboard.kernel.http.ModelsEndpoint;
import dev.switchboard.kernel.http.PathPrefixes;
import dev.switchboard.kernel.logging.DebugBodies;
import dev.switchboard.kernel.logging.KnownSecrets;
import dev.switchboard.kernel.logging.SecretRedactor;
import dev.switchboard.kernel.metrics.CacheTelemetry;
import dev.switchboard.kernel.metrics.GatewayMetrics;
import dev.switchboard.kernel.metrics.MetricsEndpoint;
import dev.switchboard.kernel.plugin.PluginHost;
import dev.switchboard.kernel.pool.AccountStore;
import dev.switchboard.kernel.routing.ModelRouter;
import dev.switchboard.kernel.runtime.PoolSharing;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.kernel.schedule.PoolMaintenance;
import dev.switchboard.kernel.schedule.Scheduler;
import dev.switchboard.kernel.store.ClientKeySpec;
import dev.switchboard.kernel.store.AccountCounterBuffer;
import dev.switchboard.kernel.store.Store;
import dev.switchboard.kernel.store.UsageRecord;
import dev.switchboard.kernel.store.UsageWriter;
import dev.switchboard.spi.TokenCounter;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.ProviderFactory;
import dev.switchboard.spi.Sleeper;
import dev.switchboard.transport.HelidonHttpTransport;
import dev.switchboard.transport.TransportSettingsReader;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The running gateway: configuration, storage, plugin host, providers and pools, schedulers and the HTTP server.
 * {@code main} and tests build it the same way ({@link #builder()}), so tests exercise the real routing.
 * Thread-safe; {@link #close()} shuts down gracefully (in-flight requests finish within the grace period, then
 * schedulers, providers and plugins stop and storage closes).
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
    /** How long streams cut at shutdown get to write their final usage row. */
    private static final java.time.Duration STREAM_ABORT_WAIT = java.time.Duration.ofSeconds(10);

    private final GatewayConfig config;
    private final Clock clock;
    private final Store store;
    private final PluginHost plugins;
    private final ProviderRegistry providers;
    private final ModelRouter router;
    private final StoredClientKeys clientKeys;
    private final ClientAuthenticator auth;
    private final Scheduler scheduler = new Scheduler();
    private final Map<String, PoolMaintenance> maintenance = new java.util.LinkedHashMap<>();
    private final AccountStore accounts;
    private Pricing pricing; // set before the server starts; the usage sink reads it per row
    private final CacheTelemetry cache;
    private final DebugBodies bodies;
    private final ShutdownDrain drain = new ShutdownDrain();
    private final UsageWriter usageWriter;
    private final InFlightStreams streams;
    private final QuotaTracker quotas;
    private final RecentRequests recent;
    private AccountCounterBuffer counters;
    private SharedState shared; // set when several gateways share the database
    /** Completes once the admin user is stored; admin requests wait for it (see the constructor's end). */
    private final java.util.concurrent.CompletableFuture<Void> adminReady = new java.util.concurrent.CompletableFuture<>();
    private ClientTimeouts clientTimeouts;
    private final WebServer server;
    private volatile boolean closed;

    private Gateway(Builder b, GatewayConfig config) throws ConfigException {
        this.config = config;
        this.clock = b.clock;
        this.plugins = new PluginHost(config.pluginsDir(), b.factories);
        // Plugins load while the database opens: neither needs the other, and a start has two cores to use. The same
        // thread then initialises Helidon's routing classes (its service registry scans every jar's descriptors,
        // a tenth of the main thread's start), which the listener below would otherwise do on the main thread.
        java.util.concurrent.CompletableFuture<Void> pluginsStarted = startInBackground(() -> {
            plugins.start();
            HttpRouting.builder();
        });
        try {
            this.store = Store.open(config.storage().settings(), clock, b.env);
        } catch (RuntimeException e) {
            closeWhenStarted(pluginsStarted, plugins);
            throw e;
        }
        try {
            this.usageWriter = new UsageWriter(store);
        } catch (RuntimeException e) {
            store.close();
            closeWhenStarted(pluginsStarted, plugins);
            throw e;
        }
        // Alone, a key's quota windows are loaded once and counted here; shared, the others' requests count too.
        this.quotas = new QuotaTracker(clock, new StoredKeyTotals(store.usage()), config.pricing().currency(),
                store.shared() ? config.storage().quotaSyncInterval() : null);
        this.recent = new RecentRequests(config.admin().enabled() ? config.admin().recentRequests() : 0);
        this.streams = new InFlightStreams(usageSink(), config.storage().usageCheckpointInterval());
        this.bodies = new DebugBodies(config.logging().debugBodies(),
                new SecretRedactor(new KnownSecrets(config, this::providers)));
        ProviderRegistry registry = null;
        WebServer listening = null;
        boolean ok = false;
        try {
            declareClientKeys(config.clientKeys());
            awaitStarted(pluginsStarted);
            if (store.shared()) {
                // Every instance needs the stored admin password: one whose password differs refuses to start, so
                // the check runs before the listener opens (about half a second of password hashing).
                AdminBootstrap.ensure(config.admin(), store.admin(), config.storage().dataDir());
                adminReady.complete(null);
            }
            this.counters = b.accountStore != null ? null
                    : new AccountCounterBuffer(store.accounts(), config.storage().counterFlushInterval());
            this.accounts = b.accountStore != null ? b.accountStore : counters;
            this.shared = store.shared() && b.accountStore == null ? new SharedState(store, config, clock) : null;
            registry = ProviderRegistry.build(config, plugins, accounts, clock, b.sleeper,
                    node -> bodies.wrap(node.string("id", "?"),
                            HelidonHttpTransport.create(TransportSettingsReader.read(node, b.env), clock)), b.env,
                    shared != null ? shared : PoolSharing.NONE);
            this.providers = registry;
            if (shared != null) {
                shared.follow(registry);
            }
            this.router = new ModelRouter(config.routes(), providers);
            this.clientKeys = new StoredClientKeys(store.clientKeys(), clock);
            this.auth = new ClientAuthenticator(clientKeys);
            this.pricing = Pricing.of(config.pricing(), providers.all());
            this.cache = new CacheTelemetry(clock);
            providers.all().forEach(i -> maintenance.put(i.id(), new PoolMaintenance(i, clock)));
            this.clientTimeouts = new ClientTimeouts(config.server().headerTimeout(), config.server().bodyTimeout());
            listening = ListenerOptions.apply(WebServer.builder(), config.server())
                    .addProtocol(Http1Config.builder().addReceiveListener(clientTimeouts.listener()).build())
                    .routing(this::routing)
                    .build()
                    .start();
            this.server = listening;
            scheduler.start(new ArrayList<>(maintenance.values()));
            scheduler.every(java.time.Duration.ofHours(1), "usage-rollup", () -> store.usageRollup().run());
            // The token counter's tables (28 MB kept, about 70 MB while they load) load now, in the background: left
            // to the first estimate, they could load when open streams fill the heap and run it out, and a counter
            // that failed to load fails every estimate after it. The stream ceiling leaves room for them.
            startInBackground(() -> TokenCounter.shared().count("warm")).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.severe(() -> "the token counter could not load its tables: " + e);
                }
            });
            // The admin password's slow hash (PBKDF2: a second of CPU on a first start, half that to verify on
            // later ones) starts once the listener is up, so it does not compete with the start for the cores;
            // admin requests wait for adminReady, nothing else does.
            if (!store.shared()) {
                AdminBootstrap.ensureInBackground(config.admin(), store.admin(), config.storage().dataDir())
                        .whenComplete((v, e) -> {
                            if (e == null) {
                                adminReady.complete(null);
                            } else {
                                adminReady.completeExceptionally(e);
                            }
                        });
            }
            ok = true;
        } finally {
            if (!ok) {
                adminReady.complete(null);
                if (listening != null) {
                    listening.stop();
                }
                if (clientTimeouts != null) {
                    clientTimeouts.close();
                }
                scheduler.close();
                usageWriter.close();
                if (counters != null) {
                    counters.close();
                }
                if (shared != null) {
                    shared.close();
                }
                if (registry != null) {
                    registry.close();
                }
                plugins.close();
                store.close();
            }
        }
        LOG.info(() -> "Switchboard listening on http://" + config.server().host() + ":" + server.port()
                + " with " + providers.all().size() + " provider(s) and " + config.routes().size() + " route(s)");
    }

    /** Runs a part of the start on its own thread. */
    private static java.util.concurrent.CompletableFuture<Void> startInBackground(Runnable task) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().name("switchboard-start").daemon().start(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Waits for a background part of the start; its failure is the start's. */
    private static void awaitStarted(java.util.concurrent.CompletableFuture<Void> part) {
        try {
            part.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static void closeWhenStarted(java.util.concurrent.CompletableFuture<Void> pluginsStarted,
                                         PluginHost plugins) {
        try {
            pluginsStarted.join();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the plugins failed to start as well", e); // the start's own failure is reported
        }
        plugins.close();
    }


    private void declareClientKeys(List<ClientKeyEntry> keys) {
        for (ClientKeyEntry k : keys) {
            store.clientKeys().upsertDeclared(new ClientKeySpec(k.name(), k.models().isEmpty() ? null : k.models(),
                    k.rpm() > 0 ? k.rpm() : null, k.dailyTokenQuota() > 0 ? k.dailyTokenQuota() : null,
                    k.monthlyTokenQuota() > 0 ? k.monthlyTokenQuota() : null, null, k.dailyCostLimit(),
                    k.monthlyCostLimit()), k.key());
        }
    }

    /**
     * Rows are priced, counted against the key's quota (first: once a row is visible, the key's next check already
     * counts it), then committed through the group-commit writer; checkpoints are queued without waiting. Rows flow
     * only once the server is up, after {@link #pricing} is set.
     */
    private UsageSink usageSink() {
        return new UsageSink() {
            @Override
            public void record(UsageRecord record) {
                UsageRecord priced = counted(record);
                usageWriter.write(priced);
                recent.add(priced);
            }

            @Override
            public void record(long streamKey, UsageRecord record) {
                UsageRecord priced = counted(record);
                usageWriter.write(streamKey, priced);
                recent.add(priced);
            }

            @Override
            public void checkpoint(long streamKey, UsageRecord soFar) {
                usageWriter.checkpoint(streamKey, pricing.priced(soFar));
            }
        };
    }

    private UsageRecord counted(UsageRecord record) {
        UsageRecord priced = pricing.priced(record);
        quotas.add(priced.clientKeyName(), priced.usage().promptTokens() + priced.usage().outputTokens(),
                priced.cost());
        return priced;
    }

    private void routing(HttpRouting.Builder r) {
        GatewayMetrics metrics = new GatewayMetrics(config.routes(), providers.all(), pricing, cache,
                usageWriter::queued);
        Dispatcher dispatcher = new Dispatcher(router, config.dispatch(), config.server().heartbeatInterval(),
                usageSink(), clock, streams);
        RpmLimiter rpm = shared != null ? shared.rateLimiter() : new RateLimiter(clock);
        ChatEndpoints chat = new ChatEndpoints(auth, rpm, quotas, dispatcher,
                config.server().maxRequestBytes(), new StreamAdmission(config.server().maxConcurrentStreams(),
                config.server().maxStreamHeap()),
                bodies, new RefusedRequests(recent, clock));
        // One filter for every stage: each Helidon filter would stay on the stack of every open stream.
        r.addFilter(new RequestFilter(new AccessLog(metrics), clientTimeouts, drain,
                new AdminReadyGate(() -> AdminBootstrap.awaitReady(adminReady)),
                new CorsPolicy(config.server().corsAllowedOrigins()),
                new HostCheck(config.server().allowedHosts(), auth::loopbackOnly)));
        new HealthEndpoints(plugins, providers, clock, config.admin().enabled() ? ConsoleRoutes.ROOT : null,
                new DatabaseHealth(store.database(), shared != null ? shared::notifications : null)).register(r);
        new ModelsEndpoint(router, auth).register(r);
        new CountTokensEndpoint(auth, config.server().maxRequestBytes(), router).register(r);
        chat.register(r, "/v1/messages", new AnthropicDialect());
        chat.register(r, "/v1/chat/completions", new OpenAiChatDialect(clock, config.dispatch().reasoningBudgets()));
        chat.register(r, "/v1/responses", new ResponsesDialect(clock, config.dispatch().reasoningBudgets()));
        if (config.metrics().enabled()) {
            new MetricsEndpoint(config.metrics(), metrics).register(r);
        }
        if (config.admin().enabled()) {
            new AdminApi(config, store, providers, accounts, maintenance, clientKeys, recent, cache, clock).register(r);
            new ConsoleRoutes(config.admin()).register(r);
        }
        PathPrefixes.register(r);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound port (useful with {@code port: 0}). */
    public int port() {
        return server.port();
    }

    /** {@code http://host:port} of the listener. */
    public String baseUrl() {
        return "http://" + ("0.0.0.0".equals(config.server().host()) ? "127.0.0.1" : config.server().host()) + ":"
                + port();
    }

    public GatewayConfig config() {
        return config;
    }

    public ProviderRegistry providers() {
        return providers;
    }

    public PluginHost plugins() {
        return plugins;
    }

    /** The group-commit usage writer (tests count its transactions). */
    public UsageWriter usageWriter() {
        return usageWriter;
    }

    /** What this gateway shares with the others on its database, or null when it has the database to itself. */
    public SharedState shared() {
        return shared;
    }

    /** The storage (tests read usage rows and accounts through it). */
    public Store store() {
        return store;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        int left = drain.drain(config.server().shutdownGrace());
        if (left > 0) {
            LOG.warning(() -> left + " request(s) still running after the " + config.server().shutdownGrace()
                    .toSeconds() + "s grace period; stopping anyway");
            // Streams still running end with the dialect's error event and an 'aborted' row with their tokens.
            streams.abortAll();
            int unrecorded = streams.awaitEmpty(STREAM_ABORT_WAIT);
            if (unrecorded > 0) {
                LOG.warning(() -> unrecorded + " stream(s) did not write their final usage row; their last"
                        + " checkpoint stays as 'aborted'");
            }
        }
        try {
            server.stop();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stopping the web server failed", e);
        }
        clientTimeouts.close();
        AdminBootstrap.awaitReady(adminReady); // it writes to the database about to close
        scheduler.close();
        providers.close();
        plugins.close();
        usageWriter.close();
        if (counters != null) {
            counters.close();
        }
        if (shared != null) {
            shared.close();
        }
        store.close();
        LOG.info("Switchboard stopped");
    }

    /** Builds a gateway; mutable, used by one thread. */
    public static final class Builder {
        private Path configFile;
        private Path home = Path.of("").toAbsolutePath();
        private Map<String, String> env = System.getenv();
        private Properties sys = System.getProperties();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private final List<ProviderFactory> factories = new ArrayList<>();
        private AccountStore accountStore;
        private Integer port;

        public Builder configFile(Path p) { this.configFile = p; return this; }
        public Builder home(Path p) { this.home = p.toAbsolutePath(); return this; }
        public Builder env(Map<String, String> e) { this.env = e; return this; }
        public Builder systemProperties(Properties p) { this.sys = p; return this; }
        public Builder clock(Clock c) { this.clock = c; return this; }
        public Builder sleeper(Sleeper s) { this.sleeper = s; return this; }
        /** Registers a provider factory in code (as if a plugin contributed it). */
        public Builder addFactory(ProviderFactory f) { this.factories.add(f); return this; }
        /** Replaces the database-backed account store (tests of pools in isolation). */
        public Builder accountStore(AccountStore s) { this.accountStore = s; return this; }
        /** Overrides {@code server.port} (tests use 0). */
        public Builder port(int p) { this.port = p; return this; }

        /** Loads and validates the configuration without starting anything. */
        public GatewayConfig loadConfig() throws ConfigException {
            String source = configFile == null ? "built-in defaults" : displayName(configFile);
            LoadedConfig loaded = ConfigLoader.load(configFile, source, env, sys);
            GatewayConfig c = GatewayConfig.from(loaded, home);
            return port == null ? c : c.withServer(c.server().withPort(port));
        }

        private String displayName(Path p) {
            Path abs = p.toAbsolutePath().normalize();
            return abs.startsWith(home) ? home.relativize(abs).toString() : abs.toString();
        }

        public Gateway start() throws ConfigException {
            return new Gateway(this, loadConfig());
        }
    }
}
