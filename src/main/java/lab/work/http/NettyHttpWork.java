package lab.work.http;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import lab.config.Durations;
import lab.config.EnvironmentException;
import lab.config.Options;
import lab.config.WorkKind;
import lab.work.NoFreeConnection;
import lab.work.ServiceFailed;
import lab.work.Work;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code work=http}, non-blocking form: a GET to the {@link Downstream} with Reactor Netty's
 * {@code HttpClient}, whose {@code ConnectionProvider} holds max(cores, 8) × 2 connections unless
 * {@code -DpoolSize=} says otherwise; a call waits at most {@code -DpoolWait} for one (then
 * {@link NoFreeConnection}). No thread waits for the answer.
 */
public final class NettyHttpWork implements Work {

    private final Downstream downstream;
    private final Options options;
    private final ConnectionProvider provider;
    private final HttpClient client;

    private NettyHttpWork(Downstream downstream, Options options) {
        this.downstream = downstream;
        this.options = options;
        // Waiters unbounded in number but not in time, like HikariCP's (Reactor Netty's default
        // refuses past 2 x maxConnections waiting; the server's own queueLimit bounds them here).
        this.provider = ConnectionProvider.builder("lab-downstream").maxConnections(poolSize(options))
                .pendingAcquireMaxCount(-1).pendingAcquireTimeout(options.poolWait()).build();
        this.client = HttpClient.create(provider).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Downstream.CONNECT_TIMEOUT.toMillis());
    }

    /** Builds the client and opens its connections; owns {@code downstream} from here on. */
    public static NettyHttpWork start(Downstream downstream, Options options) {
        return Work.readied(new NettyHttpWork(downstream, options), NettyHttpWork::warm);
    }

    /** {@code -DpoolSize}, or the provider's default maxConnections. */
    public static int poolSize(Options options) {
        return options.poolSize().orElse(ConnectionProvider.DEFAULT_POOL_MAX_CONNECTIONS);
    }

    /** Several calls at once, each long enough to need its own connection. */
    private void warm() {
        int n = Math.min(poolSize(options), 32);
        try {
            Flux.range(0, n).flatMap(i -> nonBlocking(Duration.ofMillis(50)), n).then().block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw new EnvironmentException("downstream " + downstream.base() + " did not answer: " + e.getMessage());
        }
    }

    /** The same call, waited for: for callers that have a thread to spare (never an event loop). */
    @Override
    public void perform(Duration cost) {
        nonBlocking(cost).block();
    }

    @Override
    public Mono<Void> nonBlocking(Duration cost) {
        Duration answerWithin = cost.plus(Downstream.ANSWER_SLACK);
        return client.doOnRequest((request, connection) -> request.responseTimeout(answerWithin))
                .get().uri(downstream.uri(cost))
                .responseSingle((response, body) -> response.status().code() == 200 ? body.then()
                        : body.asString().defaultIfEmpty("").flatMap(b -> Mono.<Void>error(downstream.answered(response.status().code(), b))))
                .onErrorMap(e -> !(e instanceof ServiceFailed), e -> failure(e, cost));
    }

    /**
     * Reactor Netty's failures, by type: the pool's acquire timeout, the response timeout, a refused
     * or timed-out connect (Netty's AnnotatedConnectException, a ConnectException, or one as its
     * cause); anything else, e.g. PrematureCloseException when the downstream dies mid-answer.
     */
    private RuntimeException failure(Throwable e, Duration cost) {
        if (e instanceof PoolAcquireTimeoutException) {
            return new NoFreeConnection("no free downstream connection within " + Durations.format(options.poolWait())
                    + " (" + poolSize(options) + " in use: -DpoolSize=, -DpoolWait=)");
        }
        if (e instanceof ReadTimeoutException) return downstream.tooSlow(cost);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return downstream.unreachable(e);
        }
        return downstream.failed(e);
    }

    @Override
    public WorkKind kind() {
        return WorkKind.HTTP;
    }

    @Override
    public String describe() {
        return "http (Reactor Netty HttpClient GET " + downstream.describe() + ")";
    }

    @Override
    public Optional<String> pool() {
        return Optional.of("Reactor Netty ConnectionProvider: " + poolSize(options) + " connections ("
                + (options.poolSize().isPresent() ? "-DpoolSize" : "its default, max(cores, 8) x 2") + ")" + NoFreeConnection.bound(options));
    }

    public Downstream downstream() {
        return downstream;
    }

    @Override
    public void close() {
        try {
            provider.disposeLater().block(Duration.ofSeconds(5));
        } finally {
            downstream.close();
        }
    }
}
