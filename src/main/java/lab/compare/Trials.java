package lab.compare;

import java.util.ArrayList;
import java.util.List;
import lab.config.OptionException;

/**
 * Repeated trials ({@code -Dcompare.trials=N}): how many, and in which order. One trial on a
 * shared machine measures the machine's mood as much as the server; N trials, each server in a
 * fresh JVM every time, show how far a number moves. They are interleaved — trial 1 of every
 * server, then trial 2 of every server, … — so a slow minute on the machine hits one trial of
 * many scenarios, not all trials of one scenario.
 */
public final class Trials {

    public static final String PROPERTY = "compare.trials";
    public static final int MAX = 10;

    /** One step of the run: a server (a fresh JVM and its cells) in a given trial, numbered from 1. */
    public record Step(int trial, Plan.Server server) {}

    private Trials() {}

    /**
     * 3 where the numbers are the lab's findings: {@code default} (7½–9 min a trial on 2 cores)
     * and {@code seed} (1½ min a trial). 1 for {@code smoke}, which only proves the chain, and for
     * {@code extended}: its 15 s cells already average out short hiccups, and three of its trials
     * would take over an hour; ask for more with {@code -Dcompare.trials=}.
     */
    public static int defaultFor(String preset) {
        return switch (preset) {
            case "default", "seed" -> 3;
            default -> 1;
        };
    }

    /** A whole number from 1 to {@link #MAX}; anything else is a one-line mistake. */
    public static int parse(String value) {
        String v = value.strip();
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX) {
            throw new OptionException(PROPERTY + " must be a whole number from 1 to " + MAX + ", not '" + v + "'");
        }
        return n;
    }

    /**
     * Trial-major order. A server whose cells are all skipped (the scenario refuses the work) is
     * listed once, in trial 1: asking again would only repeat the refusal.
     */
    public static List<Step> interleave(Plan plan, int trials) {
        List<Step> steps = new ArrayList<>();
        for (int t = 1; t <= trials; t++) {
            for (Plan.Server s : plan.servers()) {
                if (t == 1 || s.runsAnything()) steps.add(new Step(t, s));
            }
        }
        return steps;
    }

    /** Progress lines the run will print: every cell of every step. */
    public static int cellCount(List<Step> steps) {
        return steps.stream().mapToInt(s -> s.server().cells().size()).sum();
    }

    /** The plan's estimate, once per trial (skipped servers cost nothing). */
    public static double estimateSeconds(Plan plan, int trials) {
        return plan.estimateSeconds() * trials;
    }
}
