package dev.switchboard.plugin.kiro;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The Kiro fixtures in this module's test resources (tests read nothing outside the repository), and the extra single
 * frames the fixture README lists. Stateless.
 */
public final class KiroFixtures {
    /** {@code ThrottlingException} exception frame, 144 bytes. */
    public static final String EXCEPTION_FRAME = "00000090000000618e91a9b70f3a657863657074696f6e2d747970650700135468726f74746c696e67457863657074696f6e0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d74797065070009657863657074696f6e7b226d657373616765223a22546f6f206d616e79207265717565737473227dfeb6d812";
    /** {@code {"content":"€uro"}}, 128 bytes; the € sits at offsets 116–118. */
    public static final String EURO_FRAME = "000000800000005cb61972240b3a6576656e742d74797065070016617373697374616e74526573706f6e73654576656e740d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74656e74223a22e282ac75726f227d3a23fcd7";
    /** Tool stop with a short id, 151 bytes. */
    public static final String TOOL_STOP_FRAME = "0000009700000052836114b10b3a6576656e742d7479706507000c746f6f6c5573654576656e740d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b226e616d65223a2252656164222c2273746f70223a747275652c22746f6f6c5573654964223a22746f6f6c7573655f416243227d84f953b9";
    /** {@code {"contextUsagePercentage":1.25}}, 134 bytes. */
    public static final String CONTEXT_FRAME = "0000008600000057ae8b5e0c0b3a6576656e742d74797065070011636f6e7465787455736167654576656e740d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74657874557361676550657263656e74616765223a312e32357d78a722ec";
    /** The minimal {@code {"content":"Hi"}} frame of the README's byte anatomy. */
    public static final String HI_FRAME = "0000007c0000005c3bddcf780b3a6576656e742d74797065070016617373697374616e74526573706f6e73654576656e740d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74656e74223a224869227db02babdc";

    /** Frame offsets of the tool-use stream. */
    public static final int[] STREAM_OFFSETS = {0, 143, 301, 480, 670, 840, 994, 1127};

    private KiroFixtures() {
    }

    /** The 1127 bytes of {@code tooluse-stream.hex}. */
    public static byte[] toolUseStream() {
        return hex(text("tooluse-stream.hex"));
    }

    /** {@code sample-request.json}. */
    public static JsonObject sampleRequest() {
        return Jsons.parseObject(text("sample-request.json"));
    }

    /** Decodes hex, ignoring whitespace. */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String text(String name) {
        try (InputStream in = KiroFixtures.class.getResourceAsStream("/fixtures/kiro/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
