package dev.switchboard.spi;

/**
 * Every way a request can fail, classified once. Each kind fixes the HTTP status a client sees, whether
 * the kernel may retry the request on another account, and what happens to the account that served it.
 * Client mistakes never penalise an account.
 */
public enum ErrorKind {
    /** Malformed or unacceptable request (client side, or an upstream 400/422 about the request). */
    INVALID_REQUEST(400, false, AccountEffect.NONE, "invalid request"),
    /** The prompt exceeds the model's context window. */
    CONTEXT_TOO_LONG(400, false, AccountEffect.NONE, "prompt is too long"),
    /** The client's own gateway key is missing or wrong. Never used for upstream credentials. */
    CLIENT_AUTH(401, false, AccountEffect.NONE, "invalid API key"),
    /** The client may not use this model or route; also an upstream 403 about the prompt's content. */
    PERMISSION(403, false, AccountEffect.NONE, "permission denied"),
    /** Unknown model or endpoint. */
    NOT_FOUND(404, false, AccountEffect.NONE, "not found"),
    /** Request body over the configured limit. */
    REQUEST_TOO_LARGE(413, false, AccountEffect.NONE, "request too large"),
    /** The request body is not declared as {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE(415, false, AccountEffect.NONE, "Content-Type must be application/json"),
    /** The client exceeded its own rate limit at the gateway. */
    CLIENT_RATE_LIMITED(429, false, AccountEffect.NONE, "rate limit exceeded"),
    /**
     * The client exceeded its own token quota at the gateway: 429, OpenAI error code {@code insufficient_quota},
     * Anthropic {@code rate_limit_error}, and a message that names the quota.
     */
    CLIENT_QUOTA(429, false, AccountEffect.NONE, "token quota exceeded"),

    /** Upstream 429: the account cools down (honouring Retry-After); try another. */
    UPSTREAM_RATE_LIMITED(429, true, AccountEffect.COOLDOWN, "upstream rate limit"),
    /** Upstream 402 / quota exhausted: the account is exhausted until its window resets; try another. */
    UPSTREAM_QUOTA_EXHAUSTED(429, true, AccountEffect.EXHAUST, "upstream quota exhausted"),
    /** Upstream rejected the account's credential (401, or a 403 that says so): refresh once, then reauth. */
    UPSTREAM_AUTH(502, true, AccountEffect.REAUTH, "upstream credential rejected"),
    /** The upstream banned or suspended the account. */
    UPSTREAM_BANNED(502, true, AccountEffect.BAN, "upstream account suspended"),
    /** Upstream 5xx. */
    UPSTREAM_SERVER(502, true, AccountEffect.COUNT_ERROR, "upstream server error"),
    /** Upstream 503/529 overloaded. Anthropic clients see 529, OpenAI clients 503. */
    UPSTREAM_OVERLOADED(529, true, AccountEffect.COUNT_ERROR, "upstream overloaded"),
    /** Connect, first-byte, idle or total timeout. */
    UPSTREAM_TIMEOUT(504, true, AccountEffect.COUNT_ERROR, "upstream timeout"),
    /** Connection refused or reset, proxy failure, TLS failure. */
    UPSTREAM_CONNECTION(502, true, AccountEffect.COUNT_ERROR, "upstream connection failed"),
    /** The upstream answered something the plugin could not decode. */
    UPSTREAM_BAD_RESPONSE(502, true, AccountEffect.COUNT_ERROR, "upstream sent an unreadable response"),

    /** No usable account at all: 529 to Anthropic clients, 503 to OpenAI clients, with {@code x-should-retry: false}. */
    NO_CAPACITY(529, false, AccountEffect.NONE, "no upstream account available"),
    /** A defect in the gateway or a plugin. */
    INTERNAL(500, false, AccountEffect.NONE, "internal error");

    private final int status;
    private final boolean retryable;
    private final AccountEffect effect;
    private final String defaultMessage;

    ErrorKind(int status, boolean retryable, AccountEffect effect, String defaultMessage) {
        this.status = status;
        this.retryable = retryable;
        this.effect = effect;
        this.defaultMessage = defaultMessage;
    }

    /** HTTP status for Anthropic clients; OpenAI dialects map 529 to 503. */
    public int status() {
        return status;
    }

    /** Whether the request may be retried on another account or target (only before the first byte). */
    public boolean retryable() {
        return retryable;
    }

    /** What happens to the account that produced this error. */
    public AccountEffect effect() {
        return effect;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** True for failures caused by the upstream or its account (as opposed to the client or gateway). */
    public boolean isUpstream() {
        return name().startsWith("UPSTREAM_");
    }
}
