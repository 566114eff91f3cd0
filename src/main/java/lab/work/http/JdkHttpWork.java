package lab.work.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import lab.config.EnvironmentException;
import lab.config.Options;
import lab.config.WorkKind;
import lab.measure.Theory;
import lab.work.ConnectionPermits;
import lab.work.Deadline;
import lab.work.NoFreeConnection;
import lab.work.ServiceFailed;
import lab.work.Work;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code work=http}, blocking form: a GET to the {@link Downstream} with the JDK's
 * {@code java.net.http.HttpClient.send}. The JDK client has no limit of its own on HTTP/1.1
 * connections; {@code -DpoolSize=} puts a semaphore in front of it, and a call waits at most
 * {@code -DpoolWait} for a permit (then {@link NoFreeConnection}).
 */
public final class JdkHttpWork implements Work {

    private final Downstream downstream;
    private final Options options;
    private final HttpClient client;
    /** -DpoolSize permits, or as good as none taken: the JDK's own (no) limit. */
    private final ConnectionPermits permits;

    private JdkHttpWork(Downstream downstream, Options options) {
        this.downstream = downstream;
        this.options = options;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Downstream.CONNECT_TIMEOUT).build();
        this.permits = new ConnectionPermits(poolSize(options), options.poolWait(), "downstream");
    }

    /** Builds the client and opens a few connections; owns {@code downstream} from here on. */
    public static JdkHttpWork start(Downstream downstream, Options options) {
        return Work.readied(new JdkHttpWork(downstream, options), JdkHttpWork::warm);
    }

    /** {@code -DpoolSize}, or {@link Theory#UNBOUNDED}: the JDK client's own limit. */
    public static int poolSize(Options options) {
        return options.poolSize().orElse(Theory.UNBOUNDED);
    }

    /** Several calls at once, each long enough to need its own connection. */
    private void warm() {
        int limit = poolSize(options);
        int n = limit == Theory.UNBOUNDED ? 4 : Math.min(limit, 32);
        try {
            Flux.range(0, n).flatMap(i -> Mono.fromRunnable(() -> perform(Duration.ofMillis(50))).subscribeOn(Schedulers.boundedElastic()), n)
                    .then().block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw new EnvironmentException("downstream " + downstream.base() + " did not answer: " + e.getMessage());
        }
    }

    @Override
    public void perform(Duration cost) {
        permits.acquire();
        try {
            HttpRequest request = HttpRequest.newBuilder(downstream.uri(cost)).timeout(Deadline.bound(cost.plus(Downstream.ANSWER_SLACK))).GET().build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw downstream.answered(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            throw downstream.tooSlow(cost);
        } catch (ConnectException e) {
            throw downstream.unreachable(e);
        } catch (IOException e) {
            throw downstream.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("work interrupted (server stopping)", e);
        } finally {
            permits.release();
        }
    }

    @Override
    public WorkKind kind() {
        return WorkKind.HTTP;
    }

    @Override
    public String describe() {
        return "http (JDK HttpClient.send GET " + downstream.describe() + ")";
    }

    @Override
    public Optional<String> pool() {
        return Optional.of(options.poolSize().isPresent()
                ? "at most " + options.poolSize().get() + " downstream connections at once (-DpoolSize; the JDK client"
                        + " has no limit of its own, a semaphore sets this one)" + NoFreeConnection.bound(options)
                : "JDK HttpClient: no limit on HTTP/1.1 connections (the JDK's default; -DpoolSize= sets one)");
    }

    public Downstream downstream() {
        return downstream;
    }

    @Override
    public void close() {
        try {
            client.shutdownNow();
        } finally {
            downstream.close();
        }
    }
}
