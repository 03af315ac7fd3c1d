package dev.switchboard.plugin.kiro.fake;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Kiro upstream on the testkit's {@link FakeUpstream}: chat with CRC-valid
 * binary event streams and the strict checks of plugins/kiro/README.md#what-kiro-rejects, usage limits, social refresh
 * (rotation switchable), social login + PKCE code exchange, and AWS SSO OIDC client registration / device authorization
 * / token with scripted {@code authorization_pending}, {@code slow_down}, {@code expired_token} and {@code
 * invalid_grant} answers carrying {@code x-amzn-errortype}. All state is in memory; thread-safe.
 */
public final class FakeKiro implements AutoCloseable {
    public static final String ARN = "arn:aws:codewhisperer:us-east-1:699475941385:profile/EHGA3GRVQMUK";
    static final String OIDC_ERROR_NS = ":http://internal.amazon.com/coral/com.amazonaws.ssooidc/";

    final FakeUpstream server = FakeUpstream.start();
    /** Live access token → social? */
    final Map<String, Boolean> accessTokens = new ConcurrentHashMap<>();
    /** Social refresh tokens. */
    final Map<String, Boolean> socialRefresh = new ConcurrentHashMap<>();
    /** OIDC refresh token → client id. */
    final Map<String, String> oidcRefresh = new ConcurrentHashMap<>();
    final Map<String, String> clients = new ConcurrentHashMap<>();
    final Map<String, Device> devices = new ConcurrentHashMap<>();
    final Map<String, Login> logins = new ConcurrentHashMap<>();
    final Queue<ChatScript> chatScripts = new ConcurrentLinkedQueue<>();
    volatile java.util.function.Function<JsonObject, ChatScript> responder;
    final Queue<String> tokenErrors = new ConcurrentLinkedQueue<>();
    final AtomicInteger issued = new AtomicInteger();
    volatile boolean rotate = true;
    volatile boolean strict = true;
    volatile String usageJson = "{\"daysUntilReset\":20,\"nextDateReset\":1.7882208E9,"
            + "\"subscriptionInfo\":{\"subscriptionTitle\":\"KIRO PRO\",\"type\":\"Q_DEVELOPER_STANDALONE_PRO\"},"
            + "\"userInfo\":{\"email\":\"dev@example.com\",\"userId\":\"u1\"},"
            + "\"usageBreakdownList\":[{\"resourceType\":\"CREDIT\",\"currentUsage\":250,\"usageLimit\":1000}]}";
    volatile boolean autoApprove;
    final Queue<String[]> refreshFailures = new ConcurrentLinkedQueue<>();
    volatile int deviceInterval = 1;
    volatile int deviceExpiresIn = 600;

    record Device(String userCode, String clientId, boolean approved) {
    }

    record Login(String challenge, String redirectUri, boolean used) {
    }

    private final FakeKiroChat chat = new FakeKiroChat(this);

    public FakeKiro() {
        mount("");
        server.on("GET", "/login", this::login);
        server.on("POST", "/oauth/token", this::exchange);
        server.on("POST", "/_test/approve", (req, ex) -> {
            String code = req.query().replace("userCode=", "");
            devices.replaceAll((k, d) -> d.userCode().equals(code) ? new Device(d.userCode(), d.clientId(), true) : d);
            ex.json("{}");
        });
    }

    /**
     * Serves chat, usage, social refresh and OIDC under a path prefix as well, so region templates such as
     * {@code http://127.0.0.1:<port>/eu-west-1} can be checked.
     */
    public FakeKiro mount(String prefix) {
        server.on("POST", prefix + "/generateAssistantResponse", chat::chat);
        server.on("GET", prefix + "/getUsageLimits", chat::usage);
        server.on("POST", prefix + "/refreshToken", this::socialRefresh);
        server.on("POST", prefix + "/client/register", this::register);
        server.on("POST", prefix + "/device_authorization", this::deviceAuthorization);
        server.on("POST", prefix + "/token", this::token);
        return this;
    }

    /** Device codes are approved as soon as they are issued (deterministic polling tests). */
    public void autoApprove(boolean on) {
        autoApprove = on;
    }

    /** The next social refresh answers this status and body. */
    public void failNextRefresh(int status, String body) {
        refreshFailures.add(new String[] {String.valueOf(status), body});
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public FakeUpstream server() {
        return server;
    }

    /** Issues a live access token and its refresh token; returns {access, refresh}. */
    public String[] issueSocial() {
        int n = issued.incrementAndGet();
        String at = "aoa-" + n;
        String rt = "aor-" + n;
        accessTokens.put(at, true);
        socialRefresh.put(rt, true);
        return new String[] {at, rt};
    }

    /** Registers an OIDC client and issues tokens for it; returns {access, refresh, clientId, clientSecret}. */
    public String[] issueOidc() {
        int n = issued.incrementAndGet();
        String clientId = "client-" + n;
        String secret = "secret-" + n;
        clients.put(clientId, secret);
        String at = "oidc-at-" + n;
        String rt = "oidc-rt-" + n;
        accessTokens.put(at, false);
        oidcRefresh.put(rt, clientId);
        return new String[] {at, rt, clientId, secret};
    }

    /** Revokes an access token (the next chat gets 403 AccessDenied). */
    public void expire(String accessToken) {
        accessTokens.remove(accessToken);
    }

    public void script(ChatScript s) {
        chatScripts.add(s);
    }

    /**
     * Answers chats from the request body when no scripted answer is queued (a conversational fake for agent
     * loops); null goes back to the default text answer.
     */
    public void responder(java.util.function.Function<JsonObject, ChatScript> answer) {
        responder = answer;
    }

    /** OIDC errors the next device-code polls return, in order, before the approval state decides. */
    public void tokenErrors(String... codes) {
        tokenErrors.addAll(List.of(codes));
    }

    public void rotation(boolean on) {
        rotate = on;
    }

    public void strict(boolean on) {
        strict = on;
    }

    public void usage(String json) {
        usageJson = json;
    }

    public void deviceTiming(int intervalSeconds, int expiresInSeconds) {
        deviceInterval = intervalSeconds;
        deviceExpiresIn = expiresInSeconds;
    }

    /** Approves a device code as the user would in the browser. */
    public void approve(String userCode) {
        devices.replaceAll((k, d) -> d.userCode().equals(userCode) ? new Device(d.userCode(), d.clientId(), true) : d);
    }

    private void socialRefresh(FakeUpstream.Recorded req, FakeUpstream.Exchange ex) {
        String[] failure = refreshFailures.poll();
        if (failure != null) {
            ex.status(Integer.parseInt(failure[0])).json(failure[1]);
            return;
        }
        String rt = Jsons.str(Jsons.parseObject(req.body()), "refreshToken");
        if (rt == null || socialRefresh.remove(rt) == null) {
            ex.status(400).json("{\"message\":\"Invalid refresh token provided\"}");
            return;
        }
        int n = issued.incrementAndGet();
        String at = "aoa-" + n;
        accessTokens.put(at, true);
        String newRt = rotate ? "aor-" + n : rt;
        socialRefresh.put(newRt, true);
        var b = Json.createObjectBuilder().add("accessToken", at).add("profileArn", ARN).add("expiresIn", 3600);
        if (rotate) {
            b.add("refreshToken", newRt);
        }
        ex.json(b.build().toString());
    }

    private void login(FakeUpstream.Recorded req, FakeUpstream.Exchange ex) {
        Map<String, String> q = query(req.query());
        String redirect = q.getOrDefault("redirect_uri", "");
        if (!redirect.startsWith("http://localhost:") && !redirect.startsWith("http://127.0.0.1:")) {
            ex.status(400).send("Invalid redirect URI. Must be localhost or a subdomain of app.kiro.dev");
            return;
        }
        if (!"S256".equals(q.get("code_challenge_method")) || q.get("state") == null
                || !List.of("Google", "Github").contains(q.get("idp")) || q.get("code_challenge") == null) {
            ex.status(400).send("bad login request");
            return;
        }
        String code = "code-" + issued.incrementAndGet();
        logins.put(code, new Login(q.get("code_challenge"), redirect, false));
        ex.status(302).header("location", redirect + "?code=" + code + "&state=" + q.get("state")).send("");
    }

    private void exchange(FakeUpstream.Recorded req, FakeUpstream.Exchange ex) throws Exception {
        JsonObject b = Jsons.parseObject(req.body());
        Login l = logins.get(Jsons.str(b, "code", ""));
        String verifier = Jsons.str(b, "code_verifier", "");
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        if (l == null || l.used() || !l.challenge().equals(challenge) || !l.redirectUri().equals(Jsons.str(b, "redirect_uri"))) {
            ex.status(400).json("{\"message\":\"invalid code exchange\"}");
            return;
        }
        logins.put(Jsons.str(b, "code"), new Login(l.challenge(), l.redirectUri(), true));
        String[] t = issueSocial();
        ex.json(Json.createObjectBuilder().add("accessToken", t[0]).add("refreshToken", t[1]).add("profileArn", ARN)
                .add("expiresIn", 1800).build().toString());
    }

    private void register(FakeUpstream.Recorded req, FakeUpstream.Exchange ex) {
        JsonObject b = Jsons.parseObject(req.body());
        if (!"public".equals(Jsons.str(b, "clientType")) || Jsons.arr(b, "scopes") == null) {
            ex.status(400).json("{\"error\":\"invalid_request\"}");
            return;
        }
        int n = issued.incrementAndGet();
        clients.put("client-" + n, "secret-" + n);
        ex.json("{\"clientId\":\"client-" + n + "\",\"clientSecret\":\"secret-" + n
                + "\",\"clientIdIssuedAt\":1700000000,\"clientSecretExpiresAt\":4102444800}");
    }

    private void deviceAuthorization(FakeUpstream.Recorded req, FakeUpstream.Exchange ex) {
        JsonObject b = Jsons.parseObject(req.body());
        String clientId = Jsons.str(b, "clientId");
        if (clientId == null || !Jsons.str(b, "clientSecret", "").equals(clients.get(clientId))
                || Jsons.str(b, "startUrl") == null) {
            ex.status(400).json("{\"error\":\"invalid_client\"}");
            return;
        }
        int n = issued.incrementAndGet();
        String userCode = "ABCD-" + n;
        devices.put("device-" + n, new Device(userCode, clientId, autoApprove));
        ex.json("{\"deviceCode\":\"device-" + n + "\",\"userCode\":\"" + userCode + "\",\"verificationUri\":"
                + "\"https://device.sso.us-east-1.amazonaws.com/\",\"verificationUriComplete\":"
                + "\"https://device.sso.us-east-1.amazonaws.com/?user_code=" + userCode + "\",\"expiresIn\":"
                + deviceExpiresIn + ",\"interval\":" + deviceInterval + "}");
    }

    private void token(FakeUpstream.Recorded req, FakeUpstream.Exchange ex) {
        JsonObject b = Jsons.parseObject(req.body());
        String clientId = Jsons.str(b, "clientId");
        if (clientId == null || !Jsons.str(b, "clientSecret", "").equals(clients.get(clientId))) {
            oidcError(ex, 401, "invalid_client", "InvalidClientException");
            return;
        }
        if ("refresh_token".equals(Jsons.str(b, "grantType"))) {
            String rt = Jsons.str(b, "refreshToken", "");
            if (!clientId.equals(oidcRefresh.remove(rt))) {
                oidcError(ex, 400, "invalid_grant", "InvalidGrantException");
                return;
            }
            issueOidcTokens(ex, clientId, rotate ? null : rt);
            return;
        }
        String scripted = tokenErrors.poll();
        if (scripted != null) {
            oidcError(ex, 400, scripted, exceptionName(scripted));
            return;
        }
        Device d = devices.get(Jsons.str(b, "deviceCode", ""));
        if (d == null) {
            oidcError(ex, 400, "invalid_grant", "InvalidGrantException");
        } else if (!d.approved()) {
            oidcError(ex, 400, "authorization_pending", "AuthorizationPendingException");
        } else {
            devices.remove(Jsons.str(b, "deviceCode"));
            issueOidcTokens(ex, clientId, null);
        }
    }

    private void issueOidcTokens(FakeUpstream.Exchange ex, String clientId, String keepRefresh) {
        int n = issued.incrementAndGet();
        String at = "oidc-at-" + n;
        accessTokens.put(at, false);
        var b = Json.createObjectBuilder().add("accessToken", at).add("tokenType", "Bearer").add("expiresIn", 3600);
        if (keepRefresh == null) {
            String rt = "oidc-rt-" + n;
            oidcRefresh.put(rt, clientId);
            b.add("refreshToken", rt);
        } else {
            oidcRefresh.put(keepRefresh, clientId);
        }
        ex.json(b.build().toString());
    }

    private static void oidcError(FakeUpstream.Exchange ex, int status, String code, String exception) {
        ex.status(status).header("x-amzn-errortype", exception + OIDC_ERROR_NS)
                .json("{\"error\":\"" + code + "\",\"error_description\":\"" + code + " (fake)\"}");
    }

    static String exceptionName(String code) {
        StringBuilder sb = new StringBuilder();
        for (String part : code.split("_")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb + "Exception";
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            out.put(java.net.URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : java.net.URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
