package lab;

import java.util.HashMap;
import java.util.Map;
import lab.config.Options;
import lab.http.RunningServer;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;
import lab.setup.WorkSetup;
import lab.work.Work;

/** Starts scenarios in-process for tests: port 0, small costs. */
public final class Servers {
    private Servers() {}

    /**
     * Starts {@code scenario} with the given options (as {@code key, value, key, value ...}) on a free
     * port. Its work is closed with the server: http and db work start their own downstream or
     * database unless the options name one (see {@link SharedServices}).
     */
    public static RunningServer start(String scenario, String... keyValues) {
        Map<String, String> values = new HashMap<>(Map.of("port", "0", "cost", "0"));
        for (int i = 0; i < keyValues.length; i += 2) values.put(keyValues[i], keyValues[i + 1]);
        Options options = Options.of(values).validate();
        Scenario s = Scenarios.byName(scenario).orElseThrow();
        s.check(options);
        Work work = WorkSetup.start(options, s.workForm());
        try {
            return s.start(options, work).alsoClosing(work);
        } catch (RuntimeException e) {
            work.close();
            throw e;
        }
    }
}
