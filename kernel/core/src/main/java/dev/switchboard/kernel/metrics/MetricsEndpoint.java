package dev.switchboard.kernel.metrics;

import dev.switchboard.kernel.auth.ClientAuthenticator;
import dev.switchboard.kernel.config.MetricsSettings;
import dev.switchboard.kernel.http.AccessLog;
import dev.switchboard.kernel.dialect.ErrorResponses;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}: the Prometheus text format, or OpenMetrics when the scraper's {@code Accept} asks for it.
 * Loopback callers only unless {@code metrics.loopback-only} is off; with {@code metrics.token} set, a scraper must
 * send it as a bearer token (compared in constant time). Errors use the OpenAI error shape, like the admin API.
 * Thread-safe.
 */
public final class MetricsEndpoint {
    private final MetricsSettings settings;
    private final GatewayMetrics metrics;
    private final ExpositionFormats formats = ExpositionFormats.init();

    public MetricsEndpoint(MetricsSettings settings, GatewayMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    public void register(HttpRouting.Builder r) {
        r.get("/metrics", this::scrape);
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        try {
            authorize(req);
        } catch (GatewayException e) {
            if (e.kind() == ErrorKind.CLIENT_AUTH) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"");
            }
            ErrorResponses.send(res, Dialect.OPENAI_CHAT, e, AccessLog.info(req).requestId());
            return;
        }
        ExpositionFormatWriter writer = formats.findWriter(req.headers().first(HeaderNames.ACCEPT).orElse(null));
        if (!writer.isAvailable()) {
            writer = formats.getPrometheusTextFormatWriter(); // protobuf is not shipped; text is always acceptable
        }
        res.header(HeaderNames.CONTENT_TYPE, writer.getContentType());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try (OutputStream out = res.outputStream()) {
            writer.write(out, metrics.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("writing /metrics failed", e);
        }
    }

    private void authorize(ServerRequest req) throws GatewayException {
        if (settings.loopbackOnly() && !ClientAuthenticator.isLoopback(req.remotePeer().address())) {
            throw new GatewayException(ErrorKind.PERMISSION, "/metrics answers loopback clients only "
                    + "(metrics.loopback-only)");
        }
        if (settings.token() == null) {
            return;
        }
        String presented = req.headers().first(HeaderNames.AUTHORIZATION).map(String::trim)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).map(v -> v.substring(7).trim()).orElse("");
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                settings.token().getBytes(StandardCharsets.UTF_8))) {
            throw new GatewayException(ErrorKind.CLIENT_AUTH, "/metrics needs 'Authorization: Bearer <metrics.token>'");
        }
    }
}
