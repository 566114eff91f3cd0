package lab.work.http;

import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import lab.config.Durations;
import lab.config.EnvironmentException;
import lab.config.Options;
import lab.config.WorkKind;
import lab.http.BadGateway;
import lab.http.Overloaded;
import lab.measure.Theory;
import lab.work.Work;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code work=http}: a GET to a {@link Downstream} service that answers after {@code cost}.
 * Blocking form: the JDK's {@code java.net.http.HttpClient.send}, which has no limit of its own on
 * HTTP/1.1 connections ({@code -DpoolSize=} puts a semaphore in front of it). Non-blocking form:
 * Reactor Netty's {@code HttpClient}, whose {@code ConnectionProvider} holds max(cores, 8) × 2
 * connections unless {@code -DpoolSize=} says otherwise. Either way a request waits at most
 * {@code -DpoolWait} for a connection (then 503), and the downstream must answer within its cost
 * plus {@link #ANSWER_SLACK} (then 502).
 */
public final class HttpWork implements Work {

    /** Connecting to the downstream: longer means it is not there (502). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The downstream must answer within cost + this (502 otherwise). */
    public static final Duration ANSWER_SLACK = Duration.ofSeconds(10);

    private final Downstream downstream;
    private final Work.Form form;
    private final Options options;
    private final HttpClient jdk;
    private final Semaphore jdkPermits;                         // null: the JDK's own (no) limit
    private final ConnectionProvider provider;                  // null unless NON_BLOCKING
    private final reactor.netty.http.client.HttpClient netty;   // null unless NON_BLOCKING

    private HttpWork(Downstream downstream, Work.Form form, Options options) {
        this.downstream = downstream;
        this.form = form;
        this.options = options;
        this.jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
        this.jdkPermits = form == Work.Form.BLOCKING ? options.poolSize().map(Semaphore::new).orElse(null) : null;
        if (form == Work.Form.NON_BLOCKING) {
            // Waiters unbounded in number but not in time, like HikariCP's (Reactor Netty's default
            // refuses past 2 x maxConnections waiting; the server's own queueLimit bounds them here).
            provider = ConnectionProvider.builder("lab-downstream").maxConnections(poolSize(options, form))
                    .pendingAcquireMaxCount(-1).pendingAcquireTimeout(options.poolWait()).build();
            netty = reactor.netty.http.client.HttpClient.create(provider)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis());
        } else {
            provider = null;
            netty = null;
        }
    }

    /** Starts (or finds) the downstream, builds the client of {@code form} and warms its connections. */
    public static HttpWork start(Options options, Work.Form form) {
        Downstream downstream = Downstream.start(options);
        HttpWork work = null;
        try {
            work = new HttpWork(downstream, form, options);
            work.warm();
            return work;
        } catch (RuntimeException e) {
            if (work != null) work.close();
            else downstream.close();
            throw e;
        }
    }

    /** The pool's limit in this form: {@code -DpoolSize}, or the library's own default. */
    public static int poolSize(Options options, Work.Form form) {
        return options.poolSize().orElse(form == Work.Form.NON_BLOCKING
                ? ConnectionProvider.DEFAULT_POOL_MAX_CONNECTIONS : Theory.UNBOUNDED);
    }

    /** Opens the pool's connections (several requests at once, each long enough to need its own). */
    private void warm() {
        int limit = poolSize(options, form);
        int n = form == Work.Form.IN_WORKERS ? 1 : limit == Theory.UNBOUNDED ? 4 : Math.min(limit, 32);
        Duration cost = Duration.ofMillis(50);
        try {
            if (form == Work.Form.NON_BLOCKING) {
                Flux.range(0, n).flatMap(i -> nonBlocking(cost), n).then().block(Duration.ofSeconds(30));
            } else {
                Flux.range(0, n).flatMap(i -> Mono.fromRunnable(() -> perform(cost))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), n).then().block(Duration.ofSeconds(30));
            }
        } catch (RuntimeException e) {
            throw new EnvironmentException("downstream " + downstream.base() + " did not answer: " + e.getMessage());
        }
    }

    @Override
    public void perform(Duration cost) {
        acquire();
        try {
            HttpRequest request = HttpRequest.newBuilder(downstream.uri(cost)).timeout(cost.plus(ANSWER_SLACK)).GET().build();
            HttpResponse<String> response = jdk.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw answered(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            throw tooSlow(cost);
        } catch (ConnectException e) {
            throw unreachable(e);
        } catch (IOException e) {
            throw new BadGateway("downstream " + downstream.base() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("work interrupted (server stopping)", e);
        } finally {
            if (jdkPermits != null) jdkPermits.release();
        }
    }

    private void acquire() {
        if (jdkPermits == null) return;
        try {
            if (!jdkPermits.tryAcquire(options.poolWait().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new Overloaded("no free downstream connection within " + Durations.format(options.poolWait())
                        + " (" + options.poolSize().orElseThrow() + " in use: -DpoolSize=, -DpoolWait=)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("work interrupted (server stopping)", e);
        }
    }

    @Override
    public Mono<Void> nonBlocking(Duration cost) {
        if (netty == null) return Mono.error(new IllegalStateException("http work was built for the blocking client"));
        Duration answerWithin = cost.plus(ANSWER_SLACK);
        return netty.doOnRequest((request, connection) -> request.responseTimeout(answerWithin))
                .get().uri(downstream.uri(cost))
                .responseSingle((response, body) -> response.status().code() == 200 ? body.then()
                        : body.asString().defaultIfEmpty("").flatMap(b -> Mono.<Void>error(answered(response.status().code(), b))))
                .onErrorMap(e -> !(e instanceof BadGateway), e -> nettyFailure(e, cost));
    }

    private RuntimeException nettyFailure(Throwable e, Duration cost) {
        String type = e.getClass().getSimpleName();
        if (type.equals("PoolAcquireTimeoutException")) {
            return new Overloaded("no free downstream connection within " + Durations.format(options.poolWait())
                    + " (" + poolSize(options, form) + " in use: -DpoolSize=, -DpoolWait=)");
        }
        if (type.equals("ReadTimeoutException")) return tooSlow(cost);
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException || type.contains("Connect")) return unreachable(e);
        return new BadGateway("downstream " + downstream.base() + " failed: " + e);
    }

    private BadGateway answered(int status, String body) {
        return new BadGateway("downstream answered " + status + ": " + body.lines().findFirst().orElse("").strip());
    }

    private BadGateway tooSlow(Duration cost) {
        return new BadGateway("downstream did not answer within " + Durations.format(cost.plus(ANSWER_SLACK))
                + " (cost + " + Durations.format(ANSWER_SLACK) + ")");
    }

    private BadGateway unreachable(Throwable e) {
        return new BadGateway("downstream unreachable at " + downstream.base() + ": " + e.getMessage());
    }

    @Override
    public WorkKind kind() {
        return WorkKind.HTTP;
    }

    @Override
    public String describe() {
        String client = switch (form) {
            case BLOCKING -> "JDK HttpClient.send";
            case NON_BLOCKING -> "Reactor Netty HttpClient";
            case IN_WORKERS -> "each worker's JDK HttpClient.send";
        };
        return "http (" + client + " GET " + downstream.describe() + ")";
    }

    @Override
    public Optional<String> pool() {
        String wait = ", wait up to " + Durations.format(options.poolWait()) + " (-DpoolWait) then 503";
        return Optional.of(switch (form) {
            case BLOCKING -> options.poolSize().isPresent()
                    ? "at most " + options.poolSize().get() + " downstream connections at once (-DpoolSize; the JDK client"
                            + " has no limit of its own, a semaphore sets this one)" + wait
                    : "JDK HttpClient: no limit on HTTP/1.1 connections (the JDK's default; -DpoolSize= sets one)";
            case NON_BLOCKING -> "Reactor Netty ConnectionProvider: " + poolSize(options, form) + " connections ("
                    + (options.poolSize().isPresent() ? "-DpoolSize" : "its default, max(cores, 8) x 2") + ")" + wait;
            case IN_WORKERS -> "each worker's own JDK HttpClient, one request at a time";
        });
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
        try {
            jdk.shutdownNow();
            if (provider != null) provider.disposeLater().block(Duration.ofSeconds(5));
        } finally {
            downstream.close();
        }
    }
}
