import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The statement-coverage gate (issue 10): reads the merged JaCoCo XML report, drops the lines
 * listed in the exclusions file, prints coverage per module and every line no test reached, and
 * exits 1 unless every module is at 100 %.
 *
 * <p>A line counts as a statement when it holds bytecode, and as covered when any of its
 * instructions ran (JaCoCo's line coverage). An exclusion names a line range and a snippet its
 * first line must contain, so an exclusion cannot silently drift onto other code when the file
 * changes; an excluded line that a test does reach fails the gate too (the list only shrinks).
 *
 * <p>Usage: {@code java CoverageGate.java <report.xml> <exclusions> <source root>...}
 */
public final class CoverageGate {

    private static final int MAX_EXCLUDED = 20;

    private record Exclusion(String file, int from, int to, String snippet, String reason) {
    }

    private static final class Tally {
        int covered;
        int lines;
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args[0]);
        Path exclusionsFile = Path.of(args[1]);
        List<Path> sourceRoots = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            sourceRoots.add(Path.of(args[i]));
        }
        List<String> problems = new ArrayList<>();
        List<Exclusion> exclusions = readExclusions(exclusionsFile, problems);
        Map<String, TreeSet<Integer>> excluded = new TreeMap<>();
        int excludedCount = 0;
        for (Exclusion e : exclusions) {
            checkSnippet(e, sourceRoots, exclusionsFile, problems);
            for (int n = e.from(); n <= e.to(); n++) {
                excluded.computeIfAbsent(e.file(), f -> new TreeSet<>()).add(n);
                excludedCount++;
            }
        }
        if (excludedCount > MAX_EXCLUDED) {
            problems.add(exclusionsFile + " excludes " + excludedCount + " lines; at most " + MAX_EXCLUDED + " are allowed");
        }

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(report.toFile());
        Map<String, Tally> modules = new TreeMap<>();
        Map<String, List<Integer>> missed = new LinkedHashMap<>();
        int excludedSeen = 0;
        NodeList packages = doc.getElementsByTagName("package");
        for (int p = 0; p < packages.getLength(); p++) {
            Element pkg = (Element) packages.item(p);
            String pkgName = pkg.getAttribute("name");
            Tally tally = modules.computeIfAbsent(module(pkgName), m -> new Tally());
            NodeList sources = pkg.getElementsByTagName("sourcefile");
            for (int s = 0; s < sources.getLength(); s++) {
                Element source = (Element) sources.item(s);
                String file = pkgName + "/" + source.getAttribute("name");
                TreeSet<Integer> skip = excluded.getOrDefault(file, new TreeSet<>());
                NodeList lines = source.getElementsByTagName("line");
                for (int l = 0; l < lines.getLength(); l++) {
                    Element line = (Element) lines.item(l);
                    int nr = Integer.parseInt(line.getAttribute("nr"));
                    boolean covered = Integer.parseInt(line.getAttribute("ci")) > 0;
                    if (skip.contains(nr)) {
                        excludedSeen++;
                        if (covered) {
                            problems.add(file + ":" + nr + " is excluded but a test reaches it: remove it from " + exclusionsFile);
                        }
                        continue;
                    }
                    tally.lines++;
                    if (covered) {
                        tally.covered++;
                    } else {
                        missed.computeIfAbsent(file, f -> new ArrayList<>()).add(nr);
                    }
                }
            }
        }
        if (excludedSeen != excludedCount) {
            problems.add(exclusionsFile + " lists " + excludedCount + " lines, but only " + excludedSeen
                    + " of them hold statements in the report: fix the ranges");
        }

        System.out.printf("%-22s %8s %8s %8s%n", "statement coverage", "covered", "lines", "percent");
        int covered = 0;
        int total = 0;
        for (Map.Entry<String, Tally> m : modules.entrySet()) {
            Tally t = m.getValue();
            covered += t.covered;
            total += t.lines;
            System.out.printf("%-22s %8d %8d %7.1f%%%n", m.getKey(), t.covered, t.lines, percent(t.covered, t.lines));
            if (t.covered < t.lines) {
                problems.add("module " + m.getKey() + " is at " + String.format("%.1f", percent(t.covered, t.lines))
                        + "% (" + (t.lines - t.covered) + " lines no test reaches)");
            }
        }
        System.out.printf("%-22s %8d %8d %7.1f%%%n", "TOTAL", covered, total, percent(covered, total));
        System.out.println("excluded lines: " + excludedCount + " (at most " + MAX_EXCLUDED + "; listed with reasons in "
                + exclusionsFile + ")");
        missed.forEach((file, nrs) -> System.out.println("  not covered: " + file + ": " + ranges(nrs)));
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println("COVERAGE GATE FAILED: " + p));
            System.exit(1);
        }
        System.out.println("coverage gate passed: every module at 100.0%");
    }

    /** org/fdtserver/launcher/cli → launcher; org/fdtserver/example/ledger → example.ledger. */
    private static String module(String pkg) {
        String[] parts = pkg.split("/");
        return parts[2].equals("example") ? "example." + parts[3] : parts[2];
    }

    private static double percent(int covered, int lines) {
        // Floor to a tenth, so 99.96 % never prints as 100.0 %.
        return lines == 0 ? 100.0 : Math.floor(1000.0 * covered / lines) / 10.0;
    }

    /** Format: {@code org/fdtserver/x/File.java:12-13 | snippet line 12 contains | reason}; # starts a comment. */
    private static List<Exclusion> readExclusions(Path file, List<String> problems) throws IOException {
        List<Exclusion> result = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s*\\|\\s*", 3);
            String where = file + ":" + (i + 1);
            if (fields.length != 3 || fields[2].isBlank() || !fields[0].matches(".+\\.java:\\d+(-\\d+)?")) {
                problems.add(where + ": expected 'path/File.java:FROM[-TO] | snippet | reason', got '" + line + "'");
                continue;
            }
            String[] at = fields[0].split(":");
            String[] range = at[1].split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            result.add(new Exclusion(at[0], from, to, fields[1], fields[2]));
        }
        return result;
    }

    private static void checkSnippet(Exclusion e, List<Path> roots, Path exclusionsFile, List<String> problems) throws IOException {
        for (Path root : roots) {
            Path source = root.resolve(e.file());
            if (Files.isRegularFile(source)) {
                List<String> text = Files.readAllLines(source);
                if (e.from() > text.size() || !text.get(e.from() - 1).contains(e.snippet())) {
                    problems.add(exclusionsFile + ": " + e.file() + ":" + e.from() + " no longer holds '" + e.snippet()
                            + "': the code moved; fix the range");
                }
                return;
            }
        }
        problems.add(exclusionsFile + ": no source file " + e.file() + " under " + roots);
    }

    private static String ranges(List<Integer> nrs) {
        StringBuilder out = new StringBuilder();
        int start = nrs.get(0);
        int prev = start;
        for (int i = 1; i <= nrs.size(); i++) {
            if (i < nrs.size() && nrs.get(i) == prev + 1) {
                prev = nrs.get(i);
                continue;
            }
            out.append(out.length() == 0 ? "" : ", ").append(start == prev ? "" + start : start + "-" + prev);
            if (i < nrs.size()) {
                start = prev = nrs.get(i);
            }
        }
        return out.toString();
    }
}
