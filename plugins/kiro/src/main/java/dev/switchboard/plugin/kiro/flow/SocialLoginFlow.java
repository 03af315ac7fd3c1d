package dev.switchboard.plugin.kiro.flow;

import dev.switchboard.plugin.kiro.KiroEndpoints;
import dev.switchboard.plugin.kiro.KiroSettings;
import dev.switchboard.plugin.kiro.auth.AuthMethod;
import dev.switchboard.plugin.kiro.auth.KiroCredentials;
import dev.switchboard.plugin.kiro.auth.SocialAuthClient;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountFlow;
import dev.switchboard.spi.FlowField;
import dev.switchboard.spi.FlowState;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The {@code social} flow: Google / GitHub sign-in with PKCE. {@code start} opens a loopback
 * listener on the first free {@code callback-ports} port and answers the login URL; the browser's redirect to
 * {@code http://localhost:<port>/oauth/callback} — or the admin pasting that URL back through {@code submit}
 * ({@code {"redirect-url": …}}, for gateways on another host) — delivers {@code code} and {@code state}; the state is
 * checked (single use), the code exchanged with the same {@code redirect_uri}, and the account stored. The listener
 * stops when the flow ends or after {@code flow-ttl}. Input: {@code {"name"?, "idp"?: "Google"|"Github"}}.
 * Thread-safe.
 */
public final class SocialLoginFlow implements AccountFlow {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SocialAuthClient social;
    private final AccountRegistrar registrar;
    private final FlowStore<SocialSession> sessions;
    private final KiroSettings settings;
    private final KiroEndpoints endpoints;
    private final Clock clock;
    private final Logger log;

    SocialLoginFlow(SocialAuthClient social, AccountRegistrar registrar, FlowStore<SocialSession> sessions,
                    KiroSettings settings, Clock clock, Logger log) {
        this.social = social;
        this.registrar = registrar;
        this.sessions = sessions;
        this.settings = settings;
        this.endpoints = settings.endpoints();
        this.clock = clock;
        this.log = log;
    }

    /** One sign-in waiting for its callback. The verifier and state are secrets of this flow. */
    static final class SocialSession extends FlowSession {
        final String accountName;
        final String idp;
        final String verifier;
        final String state;
        final AtomicBoolean claimed = new AtomicBoolean();
        volatile String redirectUri;
        volatile CallbackServer server;

        SocialSession(Instant at, String accountName, String idp, String verifier, String state) {
            super(at, JsonValue.EMPTY_JSON_OBJECT);
            this.accountName = accountName;
            this.idp = idp;
            this.verifier = verifier;
            this.state = state;
        }

        @Override
        synchronized void release() {
            CallbackServer s = server;
            if (s != null) {
                server = null;
                s.close();
            }
        }
    }

    @Override
    public String name() {
        return "social";
    }

    @Override
    public String description() {
        return "Sign in a Google or GitHub Kiro account in the browser (PKCE, local callback or pasted redirect URL)";
    }

    @Override
    public List<FlowField> startFields() {
        return List.of(
                AccountRegistrar.NAME_FIELD,
                FlowField.choice("idp", "Sign in with", null, "Google", "Github"));
    }

    @Override
    public List<FlowField> submitFields() {
        return List.of(FlowField.required("redirect-url", FlowField.Kind.URL, "Redirected URL",
                "When the gateway runs on another machine: paste the address the browser was sent to after"
                        + " signing in (http://localhost:…/oauth/callback?code=…)"));
    }

    @Override
    public FlowState start(JsonObject input) throws GatewayException {
        String name = AccountRegistrar.checkName(Jsons.str(input, "name"));
        String idp = switch (Jsons.str(input, "idp", "Google").trim().toLowerCase(Locale.ROOT)) {
            case "google" -> "Google";
            case "github" -> "Github";
            default -> throw GatewayException.invalid("idp", "idp must be Google or Github");
        };
        String verifier = base64Url(random(32));
        String state = base64Url(random(16));
        SocialSession session = new SocialSession(clock.instant(), name, idp, verifier, state);
        session.server = CallbackServer.start(settings.callbackPortFrom(), settings.callbackPortTo(),
                query -> page(session, query), log);
        session.redirectUri = "http://" + settings.callbackHost() + ":" + session.server.port() + CallbackServer.PATH;
        String authUrl = endpoints.loginUri("/login") + "?idp=" + idp
                + "&redirect_uri=" + URLEncoder.encode(session.redirectUri, StandardCharsets.UTF_8)
                + "&code_challenge=" + challenge(verifier)
                + "&code_challenge_method=S256&state=" + state + "&prompt=select_account";
        session.details(Jsons.objectBuilder().add("auth-url", authUrl)
                .add("redirect-uri", session.redirectUri)
                .add("expires-in", settings.flowTtl().toSeconds()).build());
        sessions.put(session);
        int port = session.server.port();
        log.info(() -> "social flow " + session.id + " listening on port " + port);
        return session.state();
    }

    /**
     * Paste-back: {@code {"redirect-url": "http://localhost:…/oauth/callback?code=…&state=…"}} or
     * {@code {"code", "state"}}.
     */
    @Override
    public FlowState submit(String flowId, JsonObject input) throws GatewayException {
        SocialSession s = sessions.get(flowId);
        Map<String, String> query;
        String url = Jsons.str(input, "redirect-url");
        if (url != null) {
            try {
                query = CallbackServer.query(URI.create(url.trim()).getRawQuery());
            } catch (IllegalArgumentException e) {
                throw GatewayException.invalid("redirect-url", "is not a URL");
            }
        } else {
            query = new java.util.LinkedHashMap<>();
            if (Jsons.str(input, "code") != null) {
                query.put("code", Jsons.str(input, "code"));
            }
            if (Jsons.str(input, "state") != null) {
                query.put("state", Jsons.str(input, "state"));
            }
        }
        CallbackServer.Page page = page(s, query);
        if (page.status() == 400) {
            throw GatewayException.invalid("redirect-url", "the redirect URL does not belong to this sign-in"
                    + " (missing code or state mismatch)");
        }
        return s.state();
    }

    /** The callback, from the browser or pasted back. */
    private CallbackServer.Page page(SocialSession s, Map<String, String> query) {
        if (!s.pending()) {
            return new CallbackServer.Page(410, CallbackServer.html("Sign-in already finished",
                    "This sign-in is " + s.status() + ". You can close this window."));
        }
        String error = query.get("error");
        if (error != null && s.state.equals(query.get("state"))) {
            s.end(FlowSession.ERROR, error("the sign-in was refused: " + error));
            return new CallbackServer.Page(200, CallbackServer.html("Sign-in failed", "The provider answered: "
                    + error));
        }
        String code = query.get("code");
        if (code == null || code.isBlank() || !s.state.equals(query.get("state"))) {
            log.warning(() -> "social flow " + s.id + ": callback without code or with a foreign state");
            return new CallbackServer.Page(400, CallbackServer.html("Invalid callback",
                    "This callback does not belong to a pending sign-in."));
        }
        if (!s.claimed.compareAndSet(false, true)) {
            return new CallbackServer.Page(410, CallbackServer.html("Sign-in in progress",
                    "This sign-in is already being completed."));
        }
        try {
            SocialAuthClient.SocialTokens t = social.exchangeCode(code, s.verifier, s.redirectUri);
            KiroCredentials c = new KiroCredentials(AuthMethod.SOCIAL, t.accessToken(), t.refreshToken(),
                    t.expiresAt(), t.profileArn(), null, null, null, "us-east-1", null, null,
                    KiroCredentials.randomMachineId(), s.idp.toLowerCase(Locale.ROOT), null, null);
            Account a = registrar.register(s.accountName, c, false);
            s.end(FlowSession.COMPLETED, Jsons.objectBuilder().add("account", ImportFlow.summary(a)).build());
            return new CallbackServer.Page(200, CallbackServer.html("Signed in",
                    "Kiro account '" + a.name() + "' was added. You can close this window."));
        } catch (GatewayException e) {
            String why = e.getMessage();
            log.warning(() -> "social flow " + s.id + " failed: " + why);
            s.end(FlowSession.ERROR, error("the code exchange failed: " + why));
            return new CallbackServer.Page(502, CallbackServer.html("Sign-in failed", "The code exchange failed."));
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

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String base64Url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** {@code base64url(SHA-256(verifier))} (S256). */
    static String challenge(String verifier) {
        try {
            return base64Url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
