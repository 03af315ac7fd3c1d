package dev.switchboard.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's load client, its own process: raw HTTP/1.1 keep-alive sockets with TCP_NODELAY, one
 * virtual thread per connection, so the client adds as little as possible to what it measures.
 *
 * <ul>
 *   <li>{@code throughput}: {@code --concurrency} connections send the request back to back for
 *       {@code --warmup} then {@code --seconds}; an answer counts when it is a 200 whose body contains
 *       {@code --expect}. Time to first byte is the first body byte; latency the whole answer.</li>
 *   <li>{@code hold}: {@code --streams} connections each send one request at once and read it to its end
 *       (the scale benchmark); a 529 or 503 counts as refused (the gateway's stream ceiling), not as an error.</li>
 * </ul>
 * Prints one line {@code RESULT key=value ...}; exits within the bounded duration plus the read timeout.
 */
public final class LoadClient {
    private static final int READ_TIMEOUT_MS = 60_000;

    private final String host;
    private final int port;
    private final byte[] request;
    private final String expect;

    LoadClient(String host, int port, String path, String body, String expect) {
        this.host = host;
        this.port = port;
        this.expect = expect;
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nhost: " + host + ":" + port + "\r\n"
                + "content-type: application/json\r\naccept: */*\r\nx-api-key: bench\r\nauthorization: Bearer bench\r\n"
                + "anthropic-version: 2023-06-01\r\ncontent-length: " + b.length + "\r\n\r\n";
        this.request = FastUpstream.concat(head.getBytes(StandardCharsets.US_ASCII), b);
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String host = "127.0.0.1";
        int port = 0;
        String path = "/v1/chat/completions";
        String body = "{}";
        String expect = "";
        int concurrency = 10;
        int streams = 1000;
        double seconds = 10;
        double warmup = 3;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--path" -> path = args[++i];
                case "--body" -> body = args[++i];
                case "--expect" -> expect = args[++i];
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--streams" -> streams = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        LoadClient c = new LoadClient(host, port, path, body, expect);
        String result = mode.equals("hold") ? c.hold(streams) : c.throughput(concurrency, warmup, seconds);
        System.out.println("RESULT " + result);
        System.out.flush();
        System.exit(0);
    }

    /** Per-connection samples, merged at the end. */
    private static final class Samples {
        long[] ttfb = new long[1024];
        long[] latency = new long[1024];
        int n;

        void add(long t, long l) {
            if (n == ttfb.length) {
                ttfb = Arrays.copyOf(ttfb, n * 2);
                latency = Arrays.copyOf(latency, n * 2);
            }
            ttfb[n] = t;
            latency[n] = l;
            n++;
        }
    }

    String throughput(int concurrency, double warmupSeconds, double seconds) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
        List<Samples> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Samples s = new Samples();
            all.add(s);
            threads.add(Thread.ofVirtual().start(() -> {
                Socket socket = null;
                HttpReader reader = null;
                while (System.nanoTime() < end) {
                    try {
                        if (socket == null) {
                            socket = open();
                            reader = new HttpReader(socket.getInputStream());
                        }
                        long t0 = System.nanoTime();
                        OutputStream out = socket.getOutputStream();
                        out.write(request);
                        out.flush();
                        HttpReader.Response r = reader.readResponse();
                        long t1 = System.nanoTime();
                        boolean ok = r.status() == 200 && (expect.isEmpty() || r.text().contains(expect));
                        if (t0 >= measureFrom && t1 <= end) {
                            if (ok) {
                                s.add(r.firstBodyByteNanos() - t0, t1 - t0);
                            } else {
                                errors.incrementAndGet();
                                if (errorSamples.size() < 3) {
                                    errorSamples.add(r.status() + ":" + abbreviate(r.text()));
                                }
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        if (System.nanoTime() >= measureFrom) {
                            errors.incrementAndGet();
                            if (errorSamples.size() < 3) {
                                errorSamples.add(e.toString());
                            }
                        }
                        closeQuietly(socket);
                        socket = null;
                    }
                }
                closeQuietly(socket);
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] ttfb = merge(all, true);
        long[] lat = merge(all, false);
        return "ok=" + ttfb.length + " errors=" + errors.get() + " seconds=" + seconds
                + " rps=" + String.format("%.1f", ttfb.length / seconds)
                + " ttfb_p50_us=" + pct(ttfb, 50) + " ttfb_p99_us=" + pct(ttfb, 99)
                + " lat_p50_us=" + pct(lat, 50) + " lat_p99_us=" + pct(lat, 99)
                + (errorSamples.isEmpty() ? "" : " first_errors=" + String.join("|", errorSamples).replace(' ', '_'));
    }

    String hold(int streams) throws InterruptedException {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong maxMillis = new AtomicLong();
        ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(streams);
        long start = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = open()) {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    HttpReader.Response r = new HttpReader(socket.getInputStream()).readResponse();
                    if (r.status() == 200 && (expect.isEmpty() || r.text().contains(expect))) {
                        ok.incrementAndGet();
                    } else if (r.status() == 529 || r.status() == 503) {
                        refused.incrementAndGet(); // the gateway's ceiling: refused at once, retryable
                    } else {
                        errors.incrementAndGet();
                        if (errorSamples.size() < 3) {
                            errorSamples.add(r.status() + ":" + abbreviate(r.text()));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    if (errorSamples.size() < 3) {
                        errorSamples.add(e.toString());
                    }
                } finally {
                    maxMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                    done.countDown();
                }
            });
        }
        boolean finished = done.await(READ_TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS);
        return "streams=" + streams + " ok=" + ok.get() + " refused=" + refused.get() + " errors=" + errors.get()
                + " finished=" + finished
                + " slowest_ms=" + maxMillis.get()
                + (errorSamples.isEmpty() ? "" : " first_errors=" + String.join("|", errorSamples).replace(' ', '_'));
    }

    private Socket open() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(READ_TIMEOUT_MS);
        s.connect(new InetSocketAddress(host, port), 10_000);
        return s;
    }

    private static long[] merge(List<Samples> all, boolean ttfb) {
        int n = all.stream().mapToInt(s -> s.n).sum();
        long[] out = new long[n];
        int off = 0;
        for (Samples s : all) {
            System.arraycopy(ttfb ? s.ttfb : s.latency, 0, out, off, s.n);
            off += s.n;
        }
        Arrays.sort(out);
        return out;
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1000;
    }

    private static String abbreviate(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 120 ? t.substring(0, 120) : t;
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing after a failure; nothing left to do
            }
        }
    }

}
