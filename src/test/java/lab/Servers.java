package lab;

import java.util.HashMap;
import java.util.Map;
import lab.config.Options;
import lab.http.RunningServer;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;
import lab.work.Work;

/** Starts scenarios in-process for tests: port 0, small costs. */
public final class Servers {
    private Servers() {}

    /** Starts {@code scenario} with the given options (as {@code key, value, key, value ...}) on a free port. */
    public static RunningServer start(String scenario, String... keyValues) {
        Map<String, String> values = new HashMap<>(Map.of("port", "0", "cost", "0"));
        for (int i = 0; i < keyValues.length; i += 2) values.put(keyValues[i], keyValues[i + 1]);
        Options options = Options.of(values).validate();
        Scenario s = Scenarios.byName(scenario).orElseThrow();
        s.check(options);
        return s.start(options, Work.of(options.work()));   // sleep, cpu; http and db: see lab.work.RealWorkTest
    }
}
