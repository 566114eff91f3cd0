package lab.load;

import java.time.Duration;
import java.util.Locale;
import lab.config.Durations;
import lab.config.WorkKind;

/** What each request of a load run costs: the server's work kind and the per-request {@code ?cost=}. */
public record LoadWorkload(WorkKind work, Duration cost) {

    public String label() {
        return work.name().toLowerCase(Locale.ROOT);
    }

    /** File-name and chart key: {@code sleep-100ms}. */
    public String key() {
        return label() + "-" + Durations.format(cost);
    }

    /** {@code sleep 100ms}. */
    public String describe() {
        return label() + " " + Durations.format(cost);
    }

    /** The request path the generator sends. */
    public String path() {
        return "/?cost=" + Durations.format(cost);
    }
}
