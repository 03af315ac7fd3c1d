package dev.switchboard.plugin.kiro;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Small JSON request/response exchanges (token refresh, OIDC, usage limits) through the kernel transport
 * (so proxies, trust store and timeouts apply). Stateless and thread-safe.
 */
public final class KiroHttp {
    /** Bound on auxiliary response bodies: they are small JSON documents. */
    static final int BODY_LIMIT = 256 * 1024;

    private KiroHttp() {
    }

    /**
     * A complete answer.
     *
     * @param status  HTTP status
     * @param headers response headers
     * @param body    the body (bounded)
     */
    public record Result(int status, HttpHeaders headers, byte[] body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as a JSON object, or an empty object when it is not one (error bodies may be text). */
        public JsonObject jsonOrEmpty() {
            return Jsons.tryParseObject(text()).orElse(jakarta.json.JsonValue.EMPTY_JSON_OBJECT);
        }

        /**
         * The body of a 2xx answer as JSON.
         *
         * @throws GatewayException {@link ErrorKind#UPSTREAM_BAD_RESPONSE} when it is not a JSON object
         */
        public JsonObject json(String what) throws GatewayException {
            try {
                return Jsons.parseObject(body);
            } catch (JsonException e) {
                throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, what + " answered with a body that is not JSON");
            }
        }
    }

    /** Sends a request and reads the whole (bounded) answer. Transport failures propagate classified. */
    public static Result exchange(HttpTransport transport, UpstreamRequest request) throws GatewayException {
        try (UpstreamResponse res = transport.send(request)) {
            return new Result(res.status(), res.headers(), res.readBody(BODY_LIMIT));
        }
    }
}
