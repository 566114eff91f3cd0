package lab.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The arrival schedule of one generator run: steps of a constant arrival rate, one after another.
 * The harness writes it to a file, the Gatling simulation reads it back (so both agree on what was
 * offered when), and the parser uses it to find each request's <em>intended</em> send time: with
 * users started in order at 1/rate apart, user {@code i} is due at a time the schedule alone fixes,
 * whatever the server or the generator did meanwhile. Only the JDK here: the simulation's JVM has
 * Gatling's class path and the lab's classes, not the lab's libraries.
 */
public record Schedule(List<Step> steps) {

    /**
     * One step. {@code rate} 0 is a pause (no arrivals). {@code measured} steps are reported; the
     * others warm up or let a backlog drain. Whole seconds and whole req/s only: Gatling 3.15
     * injects users per whole second (a 0.5 s step at 5/s injected none; at 2.5/s it bunched each
     * second's users together), so fractions would put the generator and this schedule out of step.
     */
    public record Step(String label, double rate, double seconds, boolean measured) {
        public Step {
            if (rate < 0 || rate != Math.rint(rate) || seconds < 1 || seconds != Math.rint(seconds) || label.contains(",")) {
                throw new IllegalArgumentException("bad step '" + label + "': " + rate + "/s for " + seconds + " s");
            }
        }

        /** Arrivals in this step, round(rate × seconds): the simulation injects exactly these, evenly spread. */
        public long users() {
            return Math.round(rate * seconds);
        }
    }

    public Schedule {
        steps = List.copyOf(steps);
    }

    /** Seconds from the first arrival to the end of the last step. */
    public double seconds() {
        return steps.stream().mapToDouble(Step::seconds).sum();
    }

    public long users() {
        return steps.stream().mapToLong(Step::users).sum();
    }

    /** Start of step {@code index} in seconds from the first arrival. */
    public double startOf(int index) {
        double t = 0;
        for (int i = 0; i < index; i++) t += steps.get(i).seconds();
        return t;
    }

    /** Which step user {@code user} (0-based, in start order) belongs to; -1 past the end. */
    public int stepOf(long user) {
        long before = 0;
        for (int i = 0; i < steps.size(); i++) {
            long n = steps.get(i).users();
            if (user < before + n) return i;
            before += n;
        }
        return -1;
    }

    /** When user {@code user} is due, in seconds from the first arrival: its step's start + its place × 1/rate. */
    public double intendedSeconds(long user) {
        long before = 0;
        double t = 0;
        for (Step s : steps) {
            long n = s.users();
            if (user < before + n) return t + (user - before) * s.seconds() / n;
            before += n;
            t += s.seconds();
        }
        return Double.NaN;
    }

    /** One line per step: {@code label,rate,seconds,measured}. */
    public void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Step s : steps) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,%s", s.label(), s.rate(), s.seconds(), s.measured()));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    public static Schedule read(Path file) throws IOException {
        List<Step> steps = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            steps.add(new Step(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), Boolean.parseBoolean(f[3])));
        }
        return new Schedule(steps);
    }
}
