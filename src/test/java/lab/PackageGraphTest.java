package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package graph of {@code src/main/java}, read from the sources: every {@code import} and
 * every fully qualified {@code lab.x.Y} in code (comments and string literals left out) is an
 * arrow from the file's package to Y's. The arrows must run one way (no cycle), and the work
 * knows nothing of the servers, scenarios, process pool or harnesses that use it.
 */
class PackageGraphTest {

    private static final Path SOURCES = Path.of("src/main/java");
    /** What {@code lab.work} and its subpackages may not reach: the layers built on top of the work. */
    private static final List<String> ABOVE_THE_WORK = List.of("lab.http", "lab.scenarios", "lab.pool", "lab.compare", "lab.load");

    /** {@code lab.a.b.Type} or {@code lab.a.b.*}: the package is everything before the first capitalised name. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(lab(?:\\.[a-z_][A-Za-z0-9_]*)*)\\.(?:[A-Z]|\\*)");

    /** package -> package it uses -> the files that use it (for the failure message). */
    private static Map<String, Map<String, Set<String>>> graph() {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> all = Files.walk(SOURCES)) {
            files = all.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> packages = new TreeSet<>();
        for (Path f : files) packages.add(packageOf(f));
        for (Path f : files) {
            String from = packageOf(f);
            graph.computeIfAbsent(from, k -> new TreeMap<>());
            String code;
            try {
                code = codeOnly(Files.readString(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher m = REFERENCE.matcher(code);
            while (m.find()) {
                String to = m.group(1);
                if (to.equals(from) || !packages.contains(to)) continue;   // itself, or not one of ours
                graph.get(from).computeIfAbsent(to, k -> new TreeSet<>()).add(SOURCES.relativize(f).toString());
            }
        }
        return graph;
    }

    private static String packageOf(Path file) {
        return SOURCES.relativize(file.getParent()).toString().replace(java.io.File.separatorChar, '.');
    }

    /** The source with comments, string and char literals (text blocks too) blanked out. */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') end = source.indexOf("\"\"\"", end + 1);
                i = end < 0 ? n : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && source.charAt(i) != c) i += source.charAt(i) == '\\' ? 2 : 1;
                i++;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Each cycle found by a depth-first walk, as {@code a -> b -> a} with the files behind every arrow. */
    static List<String> cycles(Map<String, Map<String, Set<String>>> graph) {
        List<String> found = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();   // absent: not seen; 1: on the path; 2: done
        Deque<String> path = new ArrayDeque<>();
        for (String start : graph.keySet()) walk(start, graph, state, path, found);
        return found;
    }

    private static void walk(String p, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> state,
                             Deque<String> path, List<String> found) {
        Integer s = state.get(p);
        if (s != null && s == 2) return;
        if (s != null) {   // back to a package on the path: that is a cycle
            List<String> onPath = new ArrayList<>(path);
            List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(p), onPath.size()));
            cycle.add(p);
            StringBuilder line = new StringBuilder(String.join(" -> ", cycle)).append("   (");
            for (int i = 0; i + 1 < cycle.size(); i++) {
                if (i > 0) line.append("; ");
                line.append(cycle.get(i)).append(" -> ").append(cycle.get(i + 1)).append(": ")
                        .append(String.join(", ", graph.get(cycle.get(i)).get(cycle.get(i + 1))));
            }
            found.add(line.append(')').toString());
            return;
        }
        state.put(p, 1);
        path.addLast(p);
        for (String next : graph.getOrDefault(p, Map.of()).keySet()) walk(next, graph, state, path, found);
        path.removeLast();
        state.put(p, 2);
    }

    @Test
    void thePackagesFormNoCycle() {
        List<String> cycles = cycles(graph());
        assertTrue(cycles.isEmpty(), "package cycles in src/main/java:\n  " + String.join("\n  ", cycles));
    }

    @Test
    void theWorkKnowsNothingOfWhatRunsIt() {
        List<String> wrong = new ArrayList<>();
        graph().forEach((from, uses) -> {
            if (!from.equals("lab.work") && !from.startsWith("lab.work.")) return;
            uses.forEach((to, files) -> {
                for (String above : ABOVE_THE_WORK) {
                    if (to.equals(above) || to.startsWith(above + ".")) wrong.add(from + " -> " + to + ": " + String.join(", ", files));
                }
            });
        });
        assertTrue(wrong.isEmpty(), "lab.work uses the layers above it:\n  " + String.join("\n  ", wrong));
    }

    /** The reader itself: it must see imports and qualified names, and not what comments and strings say. */
    @Test
    void theReaderSeesCodeOnly() {
        String source = """
                package lab.a;
                import lab.b.Thing;
                import lab.c.*;
                // lab.d.InAComment
                /** {@link lab.e.InJavadoc} */
                class X { String s = "lab.f.InAString"; char q = '"'; Object o = new lab.g.Qualified.Inner(); }
                """;
        Matcher m = REFERENCE.matcher(codeOnly(source));
        List<String> seen = new ArrayList<>();
        while (m.find()) seen.add(m.group(1));
        assertEquals(List.of("lab.b", "lab.c", "lab.g"), seen);
        Map<String, Map<String, Set<String>>> loop = Map.of("lab.a", Map.of("lab.b", Set.of("A.java")),
                "lab.b", Map.of("lab.a", Set.of("B.java")));
        assertEquals(List.of("lab.a -> lab.b -> lab.a   (lab.a -> lab.b: A.java; lab.b -> lab.a: B.java)"), cycles(new TreeMap<>(loop)));
    }
}
