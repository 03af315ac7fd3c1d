package dev.switchboard.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Comments, tests, configuration and documents must be readable with the repository alone. They may not cite
 * documents that are not in it — numbered design decisions, numbered sections of design notes, the notes' file
 * names — because a contributor cannot follow such a reference; they say the rule themselves or link a section of
 * {@code docs/architecture.md} or a plugin's README. And every link to a section of a Markdown file in the
 * repository must name a heading that exists there, so those links do not rot when a heading changes.
 *
 * <p>Scans the sources, tests, YAML, properties, SQL, XML, scripts and Markdown under the repository root, never
 * build output. Patterns are written so that this file does not match them itself.
 */
class SelfContainedDocsTest {
    /**
     * Files that must not change: an applied migration's checksum is recorded in every database, and the migration
     * runner refuses to start on a database whose applied migration text differs.
     */
    static final List<String> FROZEN = List.of("kernel/core/src/main/resources/db/migration/V1__init.sql");

    /** Text files worth scanning, by extension; JSON and hex fixtures are captured data, not prose. */
    static final Set<String> EXTENSIONS = Set.of("java", "md", "yaml", "yml", "properties", "sql", "xml", "js",
            "html", "css", "sh", "txt", "bat", "cmd", "service", "example");
    /** Files without an extension that hold prose or comments. */
    static final Set<String> NAMES = Set.of("Dockerfile", "switchboard", "docker-entrypoint");
    /** Directories that hold build output or runtime data (hidden ones, such as {@code .git}, are skipped too). */
    static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", "data");

    /** A numbered decision, any numbered section, or the file name of a design note that is not in the repository. */
    static final List<Pattern> CITATIONS = List.of(
            Pattern.compile("decisions?\\s*#?\\d", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\u00a7"),
            Pattern.compile("(?<![\\w/.-])decisions\\.md", Pattern.CASE_INSENSITIVE),
            // [s] and [m] keep this line from matching itself
            Pattern.compile("(client-protocol[s]|platform-note[s]|kiro-upstrea[m]|factory-upstrea[m])(\\.md)?\\b",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("shared/(specs|fixtures)\\b"));
    /** The architecture note of the design, unless it is the repository's own {@code docs/architecture.md}. */
    static final Pattern FOREIGN_ARCHITECTURE = Pattern.compile("(?<!docs/)(?<![\\w-])architecture\\.md",
            Pattern.CASE_INSENSITIVE);
    /** A link to a section of a Markdown file: {@code <path>.md#<anchor>}, not part of a URL. */
    static final Pattern SECTION_LINK = Pattern.compile(
            "(?<![\\w/.:%-])((?:\\.{1,2}/)*(?:[\\w.-]+/)*[\\w.-]+\\.md)#([\\w-]+)");
    /** A Markdown link to a section of the same page: {@code [text](#anchor)}. */
    static final Pattern IN_PAGE_LINK = Pattern.compile("\\]\\(#([\\w-]+)\\)");
    private static final Path ROOT = findRoot();
    private static final Map<Path, List<String>> TEXT = new ConcurrentHashMap<>();
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @Test
    void noFileCitesADocumentThatIsNotInTheRepository() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path file : scannedFiles()) {
            List<String> lines = lines(file);
            boolean inDocs = rel(file).startsWith("docs/");
            for (int i = 0; i < lines.size(); i++) {
                if (cites(lines.get(i), inDocs)) {
                    offending.add(rel(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(offending.isEmpty(), offending.size() + " line(s) cite documents that are not in the repository; "
                + "say the rule itself or link a section of docs/architecture.md (or a plugin README):\n"
                + String.join("\n", offending));
    }

    @Test
    void everyLinkToASectionOfAMarkdownPageNamesAHeadingThatExists() throws IOException {
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path file : scannedFiles()) {
            List<String> lines = lines(file);
            boolean markdown = file.getFileName().toString().endsWith(".md");
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = SECTION_LINK.matcher(lines.get(i));
                while (lines.get(i).contains(".md#") && m.find()) {
                    links++;
                    Path target = resolve(file, m.group(1));
                    String where = rel(file) + ":" + (i + 1) + ": " + m.group();
                    if (target == null) {
                        broken.add(where + " (no such file)");
                    } else if (!anchors.computeIfAbsent(target, SelfContainedDocsTest::anchorsOf)
                            .contains(m.group(2))) {
                        broken.add(where + " (no such heading in " + rel(target) + ")");
                    }
                }
                Matcher local = IN_PAGE_LINK.matcher(lines.get(i));
                while (markdown && local.find()) {
                    links++;
                    if (!anchors.computeIfAbsent(file, SelfContainedDocsTest::anchorsOf).contains(local.group(1))) {
                        broken.add(rel(file) + ":" + (i + 1) + ": " + local.group() + " (no such heading here)");
                    }
                }
            }
        }
        assertTrue(links >= 10, "the scan found only " + links + " section links; is the repository root right?");
        assertTrue(broken.isEmpty(), "links to sections that do not exist:\n" + String.join("\n", broken));
    }

    @Test
    void theScanRecognisesEveryFormCitationsTookAndLeavesOrdinaryTextAlone() {
        // Each sample is split where needed, so that this file does not match the patterns itself.
        String d = "decision";
        for (String cited : List.of("the status rules of " + d + " 12", "D" + "ecisions 15\u201316",
                "(" + d + "s 1 and 2)", "badKeysEndInTheirDecision" + "15States", "client-" + "protocols \u00a76.1",
                "(platform notes \u00a78)", "see kiro-" + "upstream.md", "factory-" + "upstream \u00a74.1",
                "architecture \u00a76", "the " + d + "s.md page", "the spec's " + "architecture" + ".md",
                "Companion to `shared/" + "specs/x`")) {
            assertTrue(cites(cited, false), "not recognised as a citation: " + cited);
        }
        String doc = "architecture" + ".md";
        for (String fine : List.of("a routing " + d + " made once", "see docs/" + doc + "#status-codes",
                "[account states](../../docs/" + doc + "#account-states)", d + "s are logged", "HTTP 402")) {
            assertFalse(cites(fine, false), "ordinary text taken for a citation: " + fine);
        }
        assertFalse(cites("[the rules](" + doc + "#status-codes)", true), "a relative link inside docs/");
    }

    @Test
    void headingsBecomeTheAnchorsGitHubGivesThem() {
        assertEquals("status-codes", slug("Status codes"));
        assertEquals("add-account-flows-adminprovidersidflowsflow",
                slug("Add-account flows (`/admin/providers/{id}/flows/{flow}`)"));
        assertEquals("open-questions-about-factorys-api-and-the-choices-made",
                slug("Open questions about Factory's API, and the choices made"));
        assertEquals("credentials-in-priority-order", slug("Credentials, in priority order"));
    }

    @Test
    void theDistributionShipsTheArchitectureDocument() throws IOException {
        List<String> names = UnpackedDistribution.entries();
        assertTrue(names.contains(UnpackedDistribution.ROOT + "docs/architecture.md"), names.toString());
    }

    static boolean cites(String line, boolean inDocs) {
        for (Pattern p : CITATIONS) {
            if (p.matcher(line).find()) {
                return true;
            }
        }
        return !inDocs && FOREIGN_ARCHITECTURE.matcher(line).find();
    }

    /** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces turned into hyphens. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The anchors of a Markdown file's headings (outside code blocks), repeated ones numbered as GitHub does. */
    static Set<String> anchorsOf(Path markdown) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines(markdown)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                String s = slug(m.group(1));
                int n = seen.merge(s, 1, Integer::sum);
                out.add(n == 1 ? s : s + "-" + (n - 1));
            }
        }
        return out;
    }

    /** A link target relative to the linking file, else to the repository root (as code comments write them). */
    private static Path resolve(Path from, String link) {
        for (Path base : List.of(from.getParent(), ROOT)) {
            Path p = base.resolve(link).normalize();
            if (p.startsWith(ROOT) && Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static List<Path> scannedFiles() throws IOException {
        Path root = ROOT;
        List<PathMatcher> skipped = FROZEN.stream()
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(root) && (name.startsWith(".") || SKIPPED_DIRS.contains(name));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path rel = root.relativize(file);
                if (attrs.isRegularFile() && isText(file) && skipped.stream().noneMatch(m -> m.matches(rel))) {
                    out.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }

    private static boolean isText(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? NAMES.contains(name) : EXTENSIONS.contains(name.substring(dot + 1));
    }

    /** Each file's lines, read once for all tests of the class. */
    private static List<String> lines(Path file) {
        return TEXT.computeIfAbsent(file, SelfContainedDocsTest::read);
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException notUtf8) {
            throw new IllegalStateException(rel(file) + " is not UTF-8 text", notUtf8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rel(Path p) {
        return ROOT.relativize(p).toString().replace('\\', '/');
    }

    /** The repository root: the nearest directory above the working directory with the Maven wrapper and kernel/. */
    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("kernel")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
