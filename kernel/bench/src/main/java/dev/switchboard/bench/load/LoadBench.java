package dev.switchboard.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load and scale benchmarks as one bounded command (run through {@code kernel/bench/load.sh}). It starts
 * three processes on loopback — the {@link FastUpstream}, the gateway from an unpacked distribution, and a
 * {@link LoadClient} per measurement (one process would exceed the open-file limit in the scale run) — and
 * prints a markdown table: fake-direct and through-the-gateway side by side, the added latency and the
 * gateway's ratio of direct throughput, plus the gateway's start time (first start, which writes the AppCDS
 * archive, and second start, which maps it), RSS and heap. Before the table the gateway runs every scenario
 * unmeasured for {@code --gateway-warmup} seconds in total (90): a server's gateway is JIT-compiled, and the
 * first minute of a fresh JVM measures the compiler, not the gateway. Measured on 2 cores: after 20 s of converted
 * streams alone the C2 compiler still took 24-29 % of the gateway's CPU (565-663 µs of CPU per stream), after 60 s
 * 6 % (399 µs); with 15 s for all three scenarios the tables understated the warm gateway by a third.
 *
 * <p>Scenarios: converted streaming (an Anthropic client on {@code /v1/messages}, the gateway converts to
 * and from OpenAI chat), pass-through streaming (an OpenAI chat client, relayed), unary OpenAI chat. Direct
 * runs send the OpenAI request the gateway would send straight to the fake. The scale run ({@code --scale}) holds
 * {@code --streams} converted streams open at once against a slow upstream (see {@link #scale()}).
 *
 * <p>{@code --rounds N} measures each cell N times, direct and gateway alternating, and reports the round with the
 * median ratio, plus every round's ratio: on a shared machine the direct rate alone drifts by a fifth or more within
 * minutes, which one pair of measurements cannot tell from a change of the gateway.
 */
public final class LoadBench {
    private static final Pattern KV = Pattern.compile("(\\w+)=(\\S+)");
    private static final String ANTHROPIC_STREAM = "{\"model\":\"claude-bench\",\"max_tokens\":64,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";
    private static final String OPENAI_STREAM = "{\"model\":\"bench-model\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";
    private static final String OPENAI_UNARY = "{\"model\":\"bench-model\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";

    private final Path dist;
    private final Path work;
    private final String java;
    private final String classpath = System.getProperty("java.class.path");
    private final List<Process> started = new ArrayList<>();
    private double seconds = 5;
    private double warmup = 2;
    private int concurrency = 10;
    private int streams = 8000;
    private String jfr;
    private String gatewayHeap = "512m";
    private double gatewayWarmup = 90;
    private int rounds = 1;

    /** One direct and one gateway measurement of a cell, taken one right after the other. */
    private record Round(Map<String, String> direct, Map<String, String> gateway) {
        double ratio() {
            double d = num(direct, "rps");
            return d > 0 ? num(gateway, "rps") / d : 0;
        }
    }

    private LoadBench(Path dist, Path work) {
        this.dist = dist;
        this.work = work;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static void main(String[] args) throws Exception {
        Path dist = null;
        Path work = Files.createTempDirectory("switchboard-bench");
        boolean scale = false;
        boolean load = true;
        LoadBench b;
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = true;
                case "--scale-only" -> {
                    scale = true;
                    load = false;
                }
                case "--dist", "--seconds", "--warmup", "--gateway-warmup", "--concurrency", "--streams", "--jfr",
                     "--heap", "--rounds" ->
                        opts.put(args[i], args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --dist DIR --seconds S --warmup S --gateway-warmup S --concurrency N --streams N"
                        + " --jfr FILE --heap SIZE --rounds N --scale --scale-only)");
            }
        }
        dist = Path.of(opts.getOrDefault("--dist", "distribution/target/dist")).toAbsolutePath();
        b = new LoadBench(dist, work);
        b.seconds = Double.parseDouble(opts.getOrDefault("--seconds", "5"));
        b.warmup = Double.parseDouble(opts.getOrDefault("--warmup", "2"));
        b.gatewayWarmup = Double.parseDouble(opts.getOrDefault("--gateway-warmup", "90"));
        b.concurrency = Integer.parseInt(opts.getOrDefault("--concurrency", "10"));
        b.streams = Integer.parseInt(opts.getOrDefault("--streams", "8000"));
        b.jfr = opts.get("--jfr");
        b.gatewayHeap = opts.getOrDefault("--heap", "512m");
        b.rounds = Integer.parseInt(opts.getOrDefault("--rounds", "1"));
        if (b.rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + b.rounds);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(b::stopAll));
        try {
            System.out.println(machine());
            if (load) {
                b.load();
            }
            if (scale) {
                b.scale();
            }
        } finally {
            b.stopAll();
        }
    }

    private void load() throws Exception {
        int upstream = startUpstream(List.of());
        // bin/switchboard's first start has no AppCDS archive and writes one when it stops; later starts map it.
        Gateway first = startGateway(upstream, "load", gatewayHeap, null);
        long firstRss = rssMb(first.process);
        String firstHeap = heapUsed(first.process);
        stop(first.process);
        Gateway gw = startGateway(upstream, "load", gatewayHeap, jfr);
        System.out.printf(Locale.ROOT, "%ngateway start to first /health 200: first start (no AppCDS archive yet) %d ms,"
                        + " idle RSS %d MB, heap used %s; second start (archive mapped) %d ms, idle RSS %d MB, heap used"
                        + " %s%n", first.startMillis, firstRss, firstHeap, gw.startMillis, rssMb(gw.process),
                heapUsed(gw.process));
        String[][] scenarios = {
                {"converted stream (Anthropic -> OpenAI)", "/v1/messages", ANTHROPIC_STREAM, "message_stop",
                        OPENAI_STREAM, "[DONE]"},
                {"pass-through stream (OpenAI chat)", "/v1/chat/completions", OPENAI_STREAM, "[DONE]", OPENAI_STREAM,
                        "[DONE]"},
                {"unary OpenAI chat", "/v1/chat/completions", OPENAI_UNARY, "chat.completion", OPENAI_UNARY,
                        "chat.completion"},
        };
        if (gatewayWarmup > 0) { // the gateway's JIT compiles for a while: measure the gateway a server runs as
            for (String[] sc : scenarios) {
                client(gw.port, sc[1], sc[2], sc[3], concurrency, gatewayWarmup / scenarios.length, 0);
            }
        }
        StringBuilder table = new StringBuilder();
        table.append("\n| scenario | clients | direct req/s | gateway req/s | gateway/direct | direct TTFB p50/p99 ms"
                + " | gateway TTFB p50/p99 ms | added TTFB p50 ms | direct latency p50/p99 ms"
                + " | gateway latency p50/p99 ms | added latency p50/p99 ms | gateway errors |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder spread = new StringBuilder(String.format(Locale.ROOT, "%n| scenario | clients | gateway/direct"
                + " of each of %d rounds (the table shows the median round) |%n|---|---|---|%n", rounds));
        for (String[] s : scenarios) {
            for (int c : new int[] {concurrency, 1}) {
                List<Round> measured = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    Map<String, String> direct = client(upstream, "/v1/chat/completions", s[4], s[5], c);
                    Map<String, String> via = client(gw.port, s[1], s[2], s[3], c);
                    measured.add(new Round(direct, via));
                    System.out.println(s[0] + " x" + c + ": direct " + direct + "\n    gateway " + via);
                }
                List<String> ratios = measured.stream()
                        .map(m -> String.format(Locale.ROOT, "%.0f %%", 100 * m.ratio())).toList();
                measured.sort(Comparator.comparingDouble(Round::ratio));
                Round median = measured.get(measured.size() / 2);
                table.append(row(s[0], c, median.direct(), median.gateway()));
                spread.append(String.format(Locale.ROOT, "| %s | %d | %s |%n", s[0], c, String.join(", ", ratios)));
            }
        }
        System.out.printf(Locale.ROOT, "%s%s%ngateway after load: RSS %d MB; heap used %s%n", table,
                rounds > 1 ? spread : "", rssMb(gw.process), heapUsed(gw.process));
        stop(gw.process);
    }

    /**
     * The scale run: a slow upstream (one event every 500 ms, ~5 s per stream). At {@code -Xmx256m}: the live heap
     * one open stream holds (1,000 streams, full GC, compared with idle), then {@code --streams} at once against the
     * default ceiling (streams beyond it must be refused at once, the admitted ones must all finish); then the same
     * streams with a heap whose default ceiling admits them all.
     */
    private void scale() throws Exception {
        int upstream = startUpstream(List.of("--events", "10", "--event-interval-ms", "500"));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n| scale: converted streams held ~5 s"
                + " (one event every 500 ms) | gateway heap | result |%n|---|---|---|%n"));
        Gateway gw = startGateway(upstream, "scale", "256m", null);
        long idle = liveHeapBytes(gw.process);
        long idleRss = rssMb(gw.process);
        Process probe = holdClient(gw.port, 1000);
        int open = awaitActive(upstream, 1000, 20);
        long held = liveHeapBytes(gw.process);
        Map<String, String> first = result(probe, 180);
        out.append(String.format(Locale.ROOT, "| live heap per open stream (%d open, after a full GC) | 256m | %d KB"
                        + " (idle %d MB, with them open %d MB; %s of 1,000 completed) |%n", open,
                (held - idle) / Math.max(1, open) / 1024, idle >> 20, held >> 20, first.get("ok")));
        scaleRow(out, gw, "256m");
        stop(gw.process);
        String fits = "700m";
        gw = startGateway(upstream, "scale-fits", fits, null);
        scaleRow(out, gw, fits);
        stop(gw.process);
        System.out.printf(Locale.ROOT, "%s%nidle RSS at 256m: %d MB%n", out, idleRss);
    }

    private void scaleRow(StringBuilder out, Gateway gw, String heap) throws Exception {
        Process client = holdClient(gw.port, streams);
        Thread.sleep(3500);
        long heldHeap = liveHeapBytes(gw.process);
        long heldRss = rssMb(gw.process);
        Map<String, String> r = result(client, 180);
        out.append(String.format(Locale.ROOT, "| %d streams at once: completed / refused at once (529) / errors"
                        + " | %s | %s / %s / %s; slowest %s ms; live heap while held %d MB, RSS %d MB%s |%n", streams,
                heap, r.get("ok"), r.get("refused"), r.get("errors"), r.get("slowest_ms"), heldHeap >> 20, heldRss,
                r.containsKey("first_errors") ? "; first errors: " + r.get("first_errors") : ""));
    }

    /** Waits (at most {@code seconds}) until the fake upstream streams to {@code n} connections; returns how many. */
    private static int awaitActive(int upstream, int n, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int active = 0;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), upstream)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET /active HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                active = Integer.parseInt(new HttpReader(s.getInputStream()).readResponse().text().trim());
            } catch (IOException | RuntimeException e) {
                active = -1;
            }
            if (active >= n) {
                return active;
            }
            Thread.sleep(50);
        }
        return active;
    }

    private Process holdClient(int port, int n) throws IOException {
        return startClient(port, List.of("hold", "--path", "/v1/messages", "--body", ANTHROPIC_STREAM,
                "--expect", "message_stop", "--streams", Integer.toString(n)));
    }

    private String row(String name, int clients, Map<String, String> d, Map<String, String> g) {
        double dr = num(d, "rps");
        double gr = num(g, "rps");
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f %% | %s | %s | %.2f | %s | %s | %.2f / %.2f | %s |%n",
                name, clients, dr, gr, dr > 0 ? 100 * gr / dr : 0, ms(d, "ttfb"), ms(g, "ttfb"),
                (num(g, "ttfb_p50_us") - num(d, "ttfb_p50_us")) / 1000, ms(d, "lat"), ms(g, "lat"),
                (num(g, "lat_p50_us") - num(d, "lat_p50_us")) / 1000,
                (num(g, "lat_p99_us") - num(d, "lat_p99_us")) / 1000, g.getOrDefault("errors", "?"));
    }

    private static String ms(Map<String, String> m, String prefix) {
        return String.format(Locale.ROOT, "%.2f / %.2f", num(m, prefix + "_p50_us") / 1000,
                num(m, prefix + "_p99_us") / 1000);
    }

    private static double num(Map<String, String> m, String k) {
        try {
            return Double.parseDouble(m.getOrDefault(k, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private int startUpstream(List<String> extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath, FastUpstream.class.getName()));
        cmd.addAll(extra);
        Process p = track(new ProcessBuilder(cmd).redirectError(work.resolve("upstream.err").toFile()).start());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("port ")) {
            throw new IOException("the fake upstream did not start: " + Files.readString(work.resolve("upstream.err")));
        }
        return Integer.parseInt(line.substring(5).trim());
    }

    private record Gateway(Process process, int port, long startMillis) {
    }

    private Gateway startGateway(int upstream, String name, String heap, String jfrFile) throws Exception {
        int port = freePort();
        Path home = work.resolve(name);
        Files.createDirectories(home);
        Path config = home.resolve("gateway.yaml");
        Files.writeString(config, """
                server:
                  host: 127.0.0.1
                  port: %d
                plugins:
                  directory: %s
                storage:
                  data-dir: %s
                providers:
                  - id: fake
                    plugin: openai-compat
                    base-url: http://127.0.0.1:%d/v1
                    health-check: false
                    accounts:
                      - { name: a1, api-key: sk-bench-0000000000000000 }
                      - { name: a2, api-key: sk-bench-1111111111111111 }
                routes:
                  - model: "*"
                    targets: [ { provider: fake, model: bench-model } ]
                """.formatted(port, dist.resolve("plugins"), home.resolve("data"), upstream));
        // A JVM that dumps its AppCDS archive at exit disables JFR for the whole run: a recorded run goes without.
        // The same initial heap as bin/switchboard's default, so idle RSS is what an operator sees.
        String opts = "-Xms64m -Xmx" + heap + (jfrFile == null ? "" : " -XX:-AutoCreateSharedArchive"
                + " -XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile,dumponexit=true");
        ProcessBuilder pb = new ProcessBuilder("sh", dist.resolve("bin/switchboard").toString(), "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(home.resolve("gateway.log").toFile());
        pb.environment().put("JAVA_OPTS", opts);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long t0 = System.nanoTime();
        Process p = track(pb.start());
        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("the gateway exited: " + Files.readString(home.resolve("gateway.log")));
            }
            if (healthy(port)) {
                return new Gateway(p, port, (System.nanoTime() - t0) / 1_000_000);
            }
            Thread.sleep(5);
        }
        throw new IOException("the gateway did not answer /health within 60 s");
    }

    private static boolean healthy(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new HttpReader(s.getInputStream()).readResponse().status() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private Map<String, String> client(int port, String path, String body, String expect, int clients)
            throws Exception {
        return client(port, path, body, expect, clients, seconds, warmup);
    }

    private Map<String, String> client(int port, String path, String body, String expect, int clients, double secs,
                                       double warm) throws Exception {
        Process p = startClient(port, List.of("throughput", "--path", path, "--body", body, "--expect", expect,
                "--concurrency", Integer.toString(clients), "--seconds", Double.toString(secs),
                "--warmup", Double.toString(warm)));
        return result(p, (long) (secs + warm) + 120);
    }

    private Process startClient(int port, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", classpath, LoadClient.class.getName()));
        cmd.add(args.get(0));
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.addAll(args.subList(1, args.size()));
        return track(new ProcessBuilder(cmd).redirectError(work.resolve("client.err").toFile()).start());
    }

    private Map<String, String> result(Process p, long timeoutSeconds) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Map<String, String> m = new LinkedHashMap<>();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("RESULT ")) {
                Matcher k = KV.matcher(line);
                while (k.find()) {
                    m.put(k.group(1), k.group(2));
                }
            }
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (m.isEmpty()) {
            throw new IOException("the load client printed no result: " + Files.readString(work.resolve("client.err")));
        }
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The gateway JVM's pid: bin/switchboard execs java, so it is the started process itself. */
    private static long rssMb(Process p) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private String heapUsed(Process p) {
        return jcmdHeap(p);
    }

    /** Bytes of live objects: the class histogram's total (it runs a full collection first). */
    private long liveHeapBytes(Process p) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process j = new ProcessBuilder(jcmd, Long.toString(p.pid()), "GC.class_histogram").redirectErrorStream(true)
                    .start();
            String text = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            j.waitFor(60, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private String jcmdHeap(Process p) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process j = new ProcessBuilder(jcmd, Long.toString(p.pid()), "GC.heap_info").redirectErrorStream(true)
                    .start();
            String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            j.waitFor(60, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("used (\\d+)K").matcher(out);
            return m.find() ? (Long.parseLong(m.group(1)) / 1024) + " MB" : "?";
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    private static String machine() {
        String cpu = "?";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            cpu = System.getProperty("os.arch");
        }
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }

    private Process track(Process p) {
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private void stopAll() {
        synchronized (started) {
            for (Process p : started) {
                if (p.isAlive()) {
                    p.destroy();
                }
            }
            for (Process p : started) {
                try {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
