package lab.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import lab.config.OptionException;
import lab.config.Options;
import lab.http.HttpContract.Decision;
import lab.work.db.WastedQueries;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code -Dstats=true} on a Reactor Netty server (the lab's downstream turns it on): counts the
 * requests whose client left before the answer, and the time spent on them until Reactor Netty
 * noticed (it cancels the request's Mono when the connection closes). {@code GET /stats} answers
 * {@code served N departed N departedMs N dbWasted N dbWastedMs N}, one line: tests read it to see a
 * caller hang up; the last two are this JVM's database time spent for nobody ({@link WastedQueries}).
 */
final class Departures {

    private final AtomicLong served = new AtomicLong();
    private final AtomicLong departed = new AtomicLong();
    private final AtomicLong departedNanos = new AtomicLong();

    /**
     * -Dstats on a stack that cannot count departures: refused (exit 2), not ignored. The JDK server,
     * Jetty and Tomcat do not notice a client that left (DepartedClientTest), so "departed 0" would lie.
     */
    static void refuseOn(Options options, String stack) {
        if (options.stats()) {
            throw new OptionException("stats: only the Reactor Netty servers (reactive-*) count departed clients; "
                    + stack + " does not notice a client that left");
        }
    }

    /** -DwatchClients on a stack that cannot see a request's connection while it runs: refused (exit 2). */
    static void refuseWatchOn(Options options, String stack, String because) {
        if (options.watchClients()) {
            throw new OptionException("watchClients: " + stack + " cannot notice a client that left: " + because);
        }
    }

    Mono<Decision> watch(Mono<Decision> answer, long start) {
        return answer.doOnSuccess(d -> served.incrementAndGet()).doOnCancel(() -> {
            departed.incrementAndGet();
            departedNanos.addAndGet(System.nanoTime() - start);
        });
    }

    String line() {
        return "served " + served.get() + " departed " + departed.get() + " departedMs " + departedNanos.get() / 1_000_000
                + " dbWasted " + WastedQueries.count() + " dbWastedMs " + WastedQueries.millis();
    }

    Publisher<Void> send(HttpServerResponse response) {
        byte[] body = (line() + "\r\n").getBytes(StandardCharsets.UTF_8);
        return response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, HttpContract.CONTENT_TYPE)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .sendByteArray(Mono.just(body));
    }
}
