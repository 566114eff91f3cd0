package lab.work.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import lab.config.Durations;
import lab.config.Options;
import lab.config.WorkKind;
import lab.work.Work;

/**
 * {@code work=http} in worker processes: this JVM only starts (or finds) the {@link Downstream}
 * and hands its URL to the workers; each worker builds its own {@link JdkHttpWork} from
 * {@link #workerOptions} and runs one request at a time. Nothing here calls the downstream.
 */
public final class HttpInWorkers implements Work {

    private final Downstream downstream;
    private final Options options;

    private HttpInWorkers(Downstream downstream, Options options) {
        this.downstream = downstream;
        this.options = options;
    }

    /** Checks that the downstream answers; owns it from here on. */
    public static HttpInWorkers start(Downstream downstream, Options options) {
        downstream.check();
        return new HttpInWorkers(downstream, options);
    }

    /** The workers do it: the process pool never calls this. */
    @Override
    public void perform(Duration cost) {
        throw new UnsupportedOperationException("http work for worker processes runs in the workers");
    }

    @Override
    public WorkKind kind() {
        return WorkKind.HTTP;
    }

    @Override
    public String describe() {
        return "http (each worker's JDK HttpClient.send GET " + downstream.describe() + ")";
    }

    @Override
    public Optional<String> pool() {
        return Optional.of("each worker's own JDK HttpClient, one request at a time");
    }

    @Override
    public Map<String, String> workerOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("work", "http");
        o.put("downstream", downstream.base().toString());
        o.put("poolWait", Durations.format(options.poolWait()));
        o.put("maxCost", Durations.format(options.maxCost()));
        options.poolSize().ifPresent(n -> o.put("poolSize", Integer.toString(n)));
        return o;
    }

    public Downstream downstream() {
        return downstream;
    }

    @Override
    public void close() {
        downstream.close();
    }
}
