package lab.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class GateTest {

    @Test
    void pastItsRoomTheNextRequestFailsFast() {
        Gate gate = new Gate(1, 0);
        Mono<String> running = gate.admit(() -> Mono.<String>never());
        running.subscribe();
        assertThrows(Overloaded.class, () -> gate.admit(() -> Mono.just("x")).block());
    }

    /** The slot is free by the time the answer reaches whoever waits for it, never a moment later. */
    @Test
    void theSlotIsFreeWhenTheAnswerArrives() {
        Gate gate = new Gate(1, 0);
        for (int i = 0; i < 2_000; i++) {
            assertEquals("x", gate.admit(() -> Mono.just("x").publishOn(Schedulers.parallel())).block(), "request " + i);
        }
    }
}
