package dev.switchboard.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4) for tests: {@code # HELP} and
 * {@code # TYPE} lines, samples {@code name{label="value",...} value [timestamp]} with the format's escapes
 * ({@code \\}, {@code \"}, {@code \n}). It fails on anything else, on a sample whose family has no {@code TYPE},
 * on duplicate series, and on histograms whose buckets are not cumulative or whose {@code +Inf} bucket differs
 * from {@code _count}. Immutable after parsing.
 */
public final class PrometheusText {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types;
    private final List<Sample> samples;

    private PrometheusText(Map<String, String> types, List<Sample> samples) {
        this.types = types;
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        Set<String> series = new java.util.HashSet<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] p = line.split(" ", 4);
                if (p.length >= 4 && p[1].equals("TYPE")) {
                    if (!Set.of("counter", "gauge", "histogram", "summary", "untyped").contains(p[3])) {
                        throw fail(lineNo, line, "unknown type " + p[3]);
                    }
                    if (types.put(p[2], p[3]) != null) {
                        throw fail(lineNo, line, "second TYPE for " + p[2]);
                    }
                } else if (!(p.length >= 3 && p[1].equals("HELP"))) {
                    throw fail(lineNo, line, "a comment that is neither HELP nor TYPE");
                }
                continue;
            }
            Sample s = sample(line, lineNo);
            if (family(s.name(), types) == null) {
                throw fail(lineNo, line, "sample before its TYPE line");
            }
            if (!series.add(s.name() + s.labels())) {
                throw fail(lineNo, line, "duplicate series");
            }
            samples.add(s);
        }
        PrometheusText t = new PrometheusText(types, List.copyOf(samples));
        t.checkHistograms();
        return t;
    }

    private static Sample sample(String line, int lineNo) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_'
                || line.charAt(i) == ':')) {
            i++;
        }
        if (i == 0 || Character.isDigit(line.charAt(0))) {
            throw fail(lineNo, line, "no metric name");
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    throw fail(lineNo, line, "bad label name '" + label + "'");
                }
                if (line.charAt(eq + 1) != '"') {
                    throw fail(lineNo, line, "label value not quoted");
                }
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        v.append(switch (n) {
                            case '\\' -> '\\';
                            case '"' -> '"';
                            case 'n' -> '\n';
                            default -> throw fail(lineNo, line, "bad escape \\" + n);
                        });
                    } else {
                        v.append(c);
                    }
                }
                if (labels.put(label, v.toString()) != null) {
                    throw fail(lineNo, line, "label " + label + " twice");
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw fail(lineNo, line, "no space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) {
            throw fail(lineNo, line, "trailing text");
        }
        return new Sample(name, Collections.unmodifiableMap(labels), number(rest[0], lineNo, line));
    }

    private static double number(String v, int lineNo, String line) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw fail(lineNo, line, "bad value " + v);
                }
            }
        };
    }

    /** The declared family of a sample name (histogram and summary samples carry suffixes). */
    private static String family(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum", "_created")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return null;
    }

    private void checkHistograms() {
        Map<Map<String, String>, TreeMap<Double, Double>> buckets = new HashMap<>();
        Map<Map<String, String>, Double> counts = new HashMap<>();
        for (Sample s : samples) {
            String fam = family(s.name(), types);
            if (!"histogram".equals(types.get(fam))) {
                continue;
            }
            Map<String, String> series = new TreeMap<>(s.labels());
            series.remove("le");
            series.put("__name__", fam);
            if (s.name().endsWith("_bucket")) {
                String le = s.labels().get("le");
                if (le == null) {
                    throw new AssertionError("bucket without le: " + s);
                }
                buckets.computeIfAbsent(series, k -> new TreeMap<>()).put(number(le, 0, le), s.value());
            } else if (s.name().endsWith("_count")) {
                counts.put(series, s.value());
            }
        }
        buckets.forEach((series, b) -> {
            double previous = 0;
            for (Map.Entry<Double, Double> e : b.entrySet()) {
                if (e.getValue() < previous) {
                    throw new AssertionError("buckets of " + series + " are not cumulative: " + b);
                }
                previous = e.getValue();
            }
            Double inf = b.get(Double.POSITIVE_INFINITY);
            if (inf == null || !inf.equals(counts.get(series))) {
                throw new AssertionError("+Inf bucket of " + series + " is " + inf + ", _count " + counts.get(series));
            }
        });
    }

    private static IllegalArgumentException fail(int lineNo, String line, String why) {
        return new IllegalArgumentException("line " + lineNo + ": " + why + ": " + line);
    }

    /** The declared type of a family, or null. */
    public String type(String family) {
        return types.get(family);
    }

    /** Every declared family name. */
    public Set<String> families() {
        return Collections.unmodifiableSet(types.keySet());
    }

    /** Every sample name that occurs (with histogram suffixes). */
    public Set<String> sampleNames() {
        Set<String> out = new TreeSet<>();
        samples.forEach(s -> out.add(s.name()));
        return out;
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The sum of a sample name's values over series whose labels include {@code labels} (k1, v1, k2, v2, ...). */
    public double sum(String name, String... labels) {
        Predicate<Map<String, String>> match = l -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(l.get(labels[i]))) {
                    return false;
                }
            }
            return true;
        };
        return samples.stream().filter(s -> s.name().equals(name) && match.test(s.labels()))
                .mapToDouble(Sample::value).sum();
    }

    /** The distinct values of one label across a sample name's series. */
    public Set<String> labelValues(String name, String label) {
        Set<String> out = new TreeSet<>();
        for (Sample s : samples(name)) {
            String v = s.labels().get(label);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }
}
