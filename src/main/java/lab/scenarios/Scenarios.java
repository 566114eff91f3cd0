package lab.scenarios;

import java.util.List;
import java.util.Optional;

/** Every scenario the lab knows, in teaching order. Tests, JMH and the comparison all iterate this list. */
public final class Scenarios {

    private static final List<Scenario> ALL = List.of(
            new Sync(),
            new ReactiveBlocking(),
            new ReactiveDelay(),
            new ReactiveElastic(),
            new ReactiveProcessPool(),
            new VirtualThreads(),
            new VirtualThreadsPinned(),
            new VirtualThreadsJetty(),
            new VirtualThreadsTomcat(),
            new PlatformThreads(),
            new ReactiveVirtual(),
            new ReactiveParallel());

    private Scenarios() {}

    public static List<Scenario> all() {
        return ALL;
    }

    public static Optional<Scenario> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * A comma-separated list of names ({@code sync, reactive-delay}); blank = every scenario, so new
     * ones join a harness by themselves. An unknown name is a one-line mistake naming {@code property}.
     */
    public static List<Scenario> parseList(String list, String property) {
        if (list.isBlank()) return all();
        return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .map(n -> byName(n).orElseThrow(() -> new lab.config.OptionException("unknown scenario '" + n + "' in "
                        + property + "; choose from: " + String.join(", ", names()))))
                .toList();
    }

    public static List<String> names() {
        return ALL.stream().map(Scenario::name).toList();
    }
}
