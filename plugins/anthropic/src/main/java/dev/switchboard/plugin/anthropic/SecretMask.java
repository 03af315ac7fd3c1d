package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.UpstreamError;
import java.nio.charset.StandardCharsets;

/**
 * The per-call error classifier: the instance's classification, then the leased account's own credential masked
 * wherever the upstream quoted it — in the message and in the body an Anthropic client may be shown. Compatible
 * vendors are not all as careful as Anthropic's API, and the classifier that reads their bodies is stateless, so the
 * one value that must never travel back is removed here, where it is known. Immutable and thread-safe.
 */
final class SecretMask implements ErrorClassifier {
    static final String REDACTED = "[redacted]";

    private final ErrorClassifier classifier;
    private final String secret;

    private SecretMask(ErrorClassifier classifier, String secret) {
        this.classifier = classifier;
        this.secret = secret;
    }

    /** {@code classifier} with {@code account}'s credential masked; {@code classifier} itself for an account without one. */
    static ErrorClassifier of(ErrorClassifier classifier, Account account) {
        String key = account == null ? null : account.credential(Credential.API_KEY);
        String token = account == null ? null : account.credential(Credential.AUTH_TOKEN);
        String secret = key != null && !key.isBlank() ? key.strip() : token != null && !token.isBlank() ? token.strip() : null;
        return secret == null ? classifier : new SecretMask(classifier, secret);
    }

    @Override
    public GatewayException classify(UpstreamError error) {
        GatewayException e = classifier.classify(error);
        String message = e.getMessage() == null ? "" : e.getMessage();
        byte[] body = e.upstreamBody();
        String bodyText = body == null ? null : new String(body, StandardCharsets.UTF_8);
        boolean inMessage = message.contains(secret);
        boolean inBody = bodyText != null && bodyText.contains(secret);
        if (!inMessage && !inBody) {
            return e;
        }
        return GatewayException.builder(e.kind()).message(message.replace(secret, REDACTED)).cause(e.getCause())
                .retryAfter(e.retryAfter()).until(e.until()).upstreamStatus(e.upstreamStatus()).param(e.param())
                .upstreamBody(inBody ? bodyText.replace(secret, REDACTED).getBytes(StandardCharsets.UTF_8) : body)
                .build();
    }
}
