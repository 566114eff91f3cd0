package lab.compare;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ab's text report. Latency comes from the report, not from {@code ab -e}: ab 2.3's CSV has
 * an off-by-one (its 99% row can read past the samples, e.g. {@code 99,0.257} between 92 ms rows).
 * The mean is the "Total" row of the connection times: ab's "Time per request (mean)" is
 * c × elapsed / completed, which under a time limit counts requests still waiting as time spent.
 */
public final class AbParser {

    private static final Pattern RPS = Pattern.compile("(?m)^Requests per second:\\s+([\\d.]+)");
    private static final Pattern COMPLETE = Pattern.compile("(?m)^Complete requests:\\s+(\\d+)");
    private static final Pattern FAILED = Pattern.compile("(?m)^Failed requests:\\s+(\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("(?m)^Non-2xx responses:\\s+(\\d+)");
    private static final Pattern KEEP_ALIVE = Pattern.compile("(?m)^Keep-Alive requests:\\s+(\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total:\\s+\\d+\\s+(\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("(?m)^\\s*(\\d+)%\\s+(\\d+)");
    private static final Pattern PARTIAL = Pattern.compile("(?m)^Total of (\\d+) requests completed");
    private static final Pattern ERROR = Pattern.compile("(?m)^.*?(apr_\\w+: .*)$");

    private AbParser() {}

    public static AbResult parse(String report) {
        Matcher rps = RPS.matcher(report);
        if (!rps.find()) return stopped(report);
        Map<Integer, Double> pct = new HashMap<>();
        for (Matcher m = PERCENTILE.matcher(report); m.find(); ) pct.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
        return new AbResult(Double.parseDouble(rps.group(1)), number(TOTAL, report),
                pct.getOrDefault(50, Double.NaN), pct.getOrDefault(90, Double.NaN),
                pct.getOrDefault(99, Double.NaN), pct.getOrDefault(100, Double.NaN),
                count(COMPLETE, report), count(FAILED, report), count(NON_2XX, report), count(KEEP_ALIVE, report), null);
    }

    /** ab gave up (e.g. {@code -s} expired): it prints how many completed, if any, and no statistics. */
    private static AbResult stopped(String report) {
        Matcher error = ERROR.matcher(report);
        String reason = error.find() ? error.group(1).trim() : lastLine(report);
        return AbResult.failed(count(PARTIAL, report), "ab stopped: " + reason);
    }

    private static double number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static long count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "no output" : lines[lines.length - 1].strip();
    }
}
