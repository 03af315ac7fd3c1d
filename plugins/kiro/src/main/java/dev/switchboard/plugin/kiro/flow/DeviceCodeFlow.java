package dev.switchboard.plugin.kiro.flow;

import dev.switchboard.plugin.kiro.KiroSettings;
import dev.switchboard.plugin.kiro.auth.AuthMethod;
import dev.switchboard.plugin.kiro.auth.KiroCredentials;
import dev.switchboard.plugin.kiro.auth.OidcClient;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountFlow;
import dev.switchboard.spi.FlowField;
import dev.switchboard.spi.FlowState;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.Sleeper;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The {@code device-code} flow for AWS Builder ID and IAM Identity Center: registers an OIDC
 * client, starts a device authorization and answers with the user code and verification URL; a virtual thread then
 * polls {@code /token} with the server's interval ({@code authorization_pending} → wait, {@code slow_down} → interval
 * + 5 s, {@code expired_token} or the code's lifetime elapsed → {@code expired}, other errors → {@code error}) and
 * stores the account when the user approves. Waiting goes through the injectable {@link Sleeper} and time through
 * the {@link Clock}, so tests poll in milliseconds. Input: {@code {"name"?, "start-url"?, "region"?}} — a start URL
 * other than Builder ID's makes it an IdC account. Thread-safe.
 */
public final class DeviceCodeFlow implements AccountFlow {
    static final Set<String> IDC_REGIONS = Set.of("us-east-1", "us-east-2", "us-west-2", "ap-south-1",
            "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1",
            "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "sa-east-1");
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    /** Consecutive transport failures tolerated while polling. */
    static final int MAX_POLL_FAILURES = 3;

    private final OidcClient oidc;
    private final AccountRegistrar registrar;
    private final FlowStore<DeviceSession> sessions;
    private final KiroSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Logger log;

    DeviceCodeFlow(OidcClient oidc, AccountRegistrar registrar, FlowStore<DeviceSession> sessions, KiroSettings settings,
                   Clock clock, Sleeper sleeper, Logger log) {
        this.oidc = oidc;
        this.registrar = registrar;
        this.sessions = sessions;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.log = log;
    }

    /** One device authorization in progress. */
    static final class DeviceSession extends FlowSession {
        final String accountName;
        final AuthMethod method;
        final String region;
        final String startUrl;
        final OidcClient.Registration client;
        final OidcClient.DeviceAuthorization authorization;
        volatile Thread poller;

        DeviceSession(Instant at, JsonObject details, String accountName, AuthMethod method, String region,
                      String startUrl, OidcClient.Registration client, OidcClient.DeviceAuthorization authorization) {
            super(at, details);
            this.accountName = accountName;
            this.method = method;
            this.region = region;
            this.startUrl = startUrl;
            this.client = client;
            this.authorization = authorization;
        }

        @Override
        void release() {
            Thread t = poller;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
            }
        }
    }

    @Override
    public String name() {
        return "device-code";
    }

    @Override
    public String description() {
        return "Sign in an AWS Builder ID or IAM Identity Center account with a device code";
    }

    @Override
    public List<FlowField> startFields() {
        return List.of(
                AccountRegistrar.NAME_FIELD,
                FlowField.optional("start-url", FlowField.Kind.URL, "IAM Identity Center start URL",
                        "Empty for an AWS Builder ID"),
                FlowField.optional("region", FlowField.Kind.TEXT, "Region",
                        "AWS region of the Identity Center (default " + settings.deviceCodeRegion() + ")"));
    }

    @Override
    public FlowState start(JsonObject input) throws GatewayException {
        String name = AccountRegistrar.checkName(Jsons.str(input, "name"));
        String startUrl = Jsons.str(input, "start-url");
        boolean idc = startUrl != null && !startUrl.isBlank() && !startUrl.trim().equals(settings.builderIdStartUrl());
        String region = Jsons.str(input, "region", settings.deviceCodeRegion()).trim();
        if (idc) {
            startUrl = startUrl.trim();
            if (!startUrl.startsWith("https:") || !startUrl.contains("/start")) {
                throw GatewayException.invalid("start-url", "an IAM Identity Center start URL is https and contains"
                        + " /start, e.g. https://my-company.awsapps.com/start");
            }
            if (!IDC_REGIONS.contains(region)) {
                throw GatewayException.invalid("region", "'" + region + "' is not an IAM Identity Center region");
            }
        } else {
            startUrl = settings.builderIdStartUrl();
            if (!KiroSettings.isRegion(region)) {
                throw GatewayException.invalid("region", "'" + region + "' is not an AWS region");
            }
        }
        OidcClient.Registration client = oidc.register(region);
        OidcClient.DeviceAuthorization auth = oidc.startDeviceAuthorization(region, client, startUrl);
        JsonObject details = Jsons.objectBuilder()
                .add("auth-method", (idc ? AuthMethod.IDC : AuthMethod.BUILDER_ID).wire())
                .add("user-code", auth.userCode())
                .add("verification-uri", auth.verificationUri() == null ? "" : auth.verificationUri())
                .add("verification-uri-complete", auth.verificationUriComplete() == null ? ""
                        : auth.verificationUriComplete())
                .add("expires-in", auth.expiresIn().toSeconds())
                .add("interval", auth.interval().toSeconds())
                .build();
        DeviceSession session = new DeviceSession(clock.instant(), details, name,
                idc ? AuthMethod.IDC : AuthMethod.BUILDER_ID, region, startUrl, client, auth);
        sessions.put(session);
        session.poller = Thread.ofVirtual().name("kiro-device-code-" + session.id).start(() -> poll(session));
        log.info(() -> "device-code flow " + session.id + " started (" + session.method.wire() + ", " + region + ")");
        return session.state();
    }

    private void poll(DeviceSession s) {
        Duration interval = s.authorization.interval();
        Instant deadline = s.createdAt.plus(s.authorization.expiresIn());
        int failures = 0;
        try {
            while (s.pending() && sessions.contains(s.id)) {
                sleeper.sleep(interval);
                if (!s.pending()) {
                    return;
                }
                if (!clock.instant().isBefore(deadline)) {
                    s.end(FlowSession.EXPIRED, error("the device code expired before it was approved"));
                    return;
                }
                OidcClient.TokenResult r;
                try {
                    r = oidc.pollDeviceToken(s.region, s.client, s.authorization.deviceCode());
                    failures = 0;
                } catch (GatewayException e) {
                    if (++failures >= MAX_POLL_FAILURES) {
                        s.end(FlowSession.ERROR, error("polling failed: " + e.getMessage()));
                        return;
                    }
                    String why = e.getMessage();
                    log.warning(() -> "device-code poll failed, retrying: " + why);
                    continue;
                }
                switch (r) {
                    case OidcClient.Tokens t -> {
                        complete(s, t);
                        return;
                    }
                    case OidcClient.OidcError e -> {
                        switch (e.code()) {
                            case "authorization_pending" -> {
                                // Not approved yet: ask again after the interval.
                            }
                            case "slow_down" -> {
                                interval = interval.plus(SLOW_DOWN_STEP);
                                Duration now = interval;
                                log.fine(() -> "device-code flow " + s.id + ": slow_down, interval now " + now);
                            }
                            case "expired_token" -> {
                                s.end(FlowSession.EXPIRED, error("the device code expired before it was approved"));
                                return;
                            }
                            default -> {
                                s.end(FlowSession.ERROR, error("sign-in failed: " + e.code()
                                        + (e.description() == null ? "" : " (" + e.description() + ")")));
                                return;
                            }
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            // Cancelled or purged: release() interrupted the sleep.
            Thread.currentThread().interrupt();
        }
    }

    private void complete(DeviceSession s, OidcClient.Tokens t) {
        Instant now = clock.instant();
        KiroCredentials c = new KiroCredentials(s.method, t.accessToken(), t.refreshToken(), now.plus(t.expiresIn()),
                null, s.client.clientId(), s.client.clientSecret(), s.client.clientSecretExpiresAt(), s.region, null,
                s.startUrl, KiroCredentials.randomMachineId(), null, null, null);
        try {
            Account a = registrar.register(s.accountName, c, false);
            s.end(FlowSession.COMPLETED, Jsons.objectBuilder().add("account", ImportFlow.summary(a)).build());
        } catch (GatewayException e) {
            s.end(FlowSession.ERROR, error("storing the account failed: " + e.getMessage()));
        }
    }

    private static JsonObject error(String message) {
        return Jsons.objectBuilder().add("error", message).build();
    }

    @Override
    public FlowState status(String flowId) throws GatewayException {
        return sessions.get(flowId).state();
    }

    @Override
    public void cancel(String flowId) throws GatewayException {
        sessions.get(flowId).end(FlowSession.CANCELLED, JsonValue.EMPTY_JSON_OBJECT);
    }
}
