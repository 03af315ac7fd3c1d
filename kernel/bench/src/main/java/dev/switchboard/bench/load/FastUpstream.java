package dev.switchboard.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The benchmark's fake OpenAI upstream: a minimal HTTP/1.1 keep-alive server on loopback (one virtual thread
 * per connection, canned answers, no parsing beyond what framing needs) so that the gateway, not the fake, is
 * what a benchmark measures. {@code POST .../chat/completions} answers a stream of {@code events} content chunks,
 * a usage chunk and {@code [DONE]} when the body asks for {@code "stream":true}, else one chat completion;
 * {@code GET .../models} lists one model; {@code GET /active} answers how many streams it is sending right now
 * (the scale run waits for them). Every event is written and flushed as its own HTTP chunk; with
 * {@code --event-interval-ms} the stream sleeps between events (the scale benchmark's slow upstream).
 *
 * <p>With {@code --tls-keystore FILE --tls-password P} (a PKCS12 key store) it speaks HTTPS instead, for measuring
 * what a TLS upstream costs the gateway.
 *
 * <p>Prints {@code port N} on stdout once listening, then serves until killed.
 */
public final class FastUpstream {
    private final int events;
    private final long intervalMs;
    private final byte[] unary;
    private final byte[][] streamChunks;
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();

    FastUpstream(int events, long intervalMs) {
        this.events = events;
        this.intervalMs = intervalMs;
        String completion = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Hello from the fast fake upstream.\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":8,\"total_tokens\":20}}";
        byte[] body = completion.getBytes(StandardCharsets.UTF_8);
        this.unary = concat(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
        this.streamChunks = new byte[events + 3][];
        String head = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"bench-model\",\"choices\":[";
        streamChunks[0] = chunk("data: " + head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"finish_reason\":null}]}\n\n");
        for (int i = 1; i <= events; i++) {
            String finish = i == events ? "\"stop\"" : "null";
            streamChunks[i] = chunk("data: " + head + "{\"index\":0,\"delta\":{\"content\":\"token" + i + " \"},"
                    + "\"finish_reason\":" + finish + "}]}\n\n");
        }
        streamChunks[events + 1] = chunk("data: " + head.replace("\"choices\":[", "\"choices\":[]")
                + ",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + events + ",\"total_tokens\":"
                + (12 + events) + "}}\n\ndata: [DONE]\n\n");
        streamChunks[events + 2] = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int events = 10;
        long interval = 0;
        String keyStore = null;
        String password = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--event-interval-ms" -> interval = Long.parseLong(args[++i]);
                case "--tls-keystore" -> keyStore = args[++i];
                case "--tls-password" -> password = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        new FastUpstream(events, interval).serve(keyStore == null ? null : tls(Path.of(keyStore), password));
    }

    private static SSLContext tls(Path keyStore, String password) throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            char[] pw = password == null ? new char[0] : password.toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("key store " + keyStore + " cannot be used: " + e, e);
        }
    }

    void serve(SSLContext tls) throws IOException, InterruptedException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = tls == null ? new ServerSocket(0, 16_384, loopback)
                : tls.getServerSocketFactory().createServerSocket(0, 16_384, loopback)) {
            System.out.println("port " + server.getLocalPort());
            System.out.flush();
            // Two acceptors: the scale run opens thousands of connections at once.
            Thread[] acceptors = new Thread[2];
            for (int i = 0; i < acceptors.length; i++) {
                acceptors[i] = Thread.ofPlatform().name("accept-" + i).start(() -> accept(server));
            }
            for (Thread t : acceptors) {
                t.join();
            }
        }
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> connection(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connection(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            HttpReader reader = new HttpReader(in);
            while (true) {
                HttpReader.Request req = reader.readRequest();
                if (req == null) {
                    return;
                }
                if (req.method().equals("GET") && req.path().equals("/active")) {
                    byte[] body = Integer.toString(active.get()).getBytes(StandardCharsets.US_ASCII);
                    out.write(concat(("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: "
                            + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body));
                    out.flush();
                } else if (req.method().equals("GET")) {
                    byte[] body = "{\"object\":\"list\",\"data\":[{\"id\":\"bench-model\",\"object\":\"model\"}]}"
                            .getBytes(StandardCharsets.UTF_8);
                    out.write(concat(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                            + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body));
                    out.flush();
                } else if (req.bodyContains("\"stream\":true")) {
                    stream(out);
                } else {
                    out.write(unary);
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            // the peer closed the connection: nothing to do for a benchmark fake
        }
    }

    private void stream(OutputStream out) throws IOException, InterruptedException {
        active.incrementAndGet();
        try {
            out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < streamChunks.length; i++) {
                if (intervalMs > 0 && i > 0 && i <= events) {
                    Thread.sleep(intervalMs);
                }
                out.write(streamChunks[i]);
                out.flush();
            }
        } finally {
            active.decrementAndGet();
        }
    }

    private static byte[] chunk(String data) {
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        return concat(concat((Integer.toHexString(d.length) + "\r\n").getBytes(StandardCharsets.US_ASCII), d),
                "\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
