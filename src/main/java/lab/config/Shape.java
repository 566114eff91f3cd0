package lab.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How many calls one request makes, and how: {@code single} (one call, the lab's default),
 * {@code chain:N} (N calls one after another) or {@code fanout:N} (N calls at once; the answer
 * comes when all are back). Each call costs the request's cost. How a model writes a chain or a
 * fan-out is {@code lab.shape}'s business; what it does to Little's law is {@code lab.measure.Theory}'s.
 */
public record Shape(Kind kind, int calls) {

    public static final int MAX_CALLS = 16;
    public static final Shape SINGLE = new Shape(Kind.SINGLE, 1);

    public enum Kind { SINGLE, CHAIN, FANOUT }

    public Shape {
        if (calls < 1 || calls > MAX_CALLS) throw new IllegalArgumentException("calls " + calls + " out of 1.." + MAX_CALLS);
        if (kind == Kind.SINGLE && calls != 1) throw new IllegalArgumentException("single is one call");
    }

    public static Shape chain(int n) {
        return new Shape(Kind.CHAIN, n);
    }

    public static Shape fanout(int n) {
        return new Shape(Kind.FANOUT, n);
    }

    /** {@code single}, {@code chain:N} or {@code fanout:N} with N from 1 to {@value #MAX_CALLS}; empty otherwise. */
    public static Optional<Shape> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("single")) return Optional.of(SINGLE);
        int colon = t.indexOf(':');
        if (colon < 0 || !t.substring(colon + 1).matches("\\d{1,2}")) return Optional.empty();
        int n = Integer.parseInt(t.substring(colon + 1));
        if (n < 1 || n > MAX_CALLS) return Optional.empty();
        return switch (t.substring(0, colon)) {
            case "chain" -> Optional.of(chain(n));
            case "fanout" -> Optional.of(fanout(n));
            default -> Optional.empty();
        };
    }

    public boolean isSingle() {
        return kind == Kind.SINGLE;
    }

    /** Connections (or threads) one request holds at the same moment: N for a fan-out, else 1. */
    public int atOnce() {
        return kind == Kind.FANOUT ? calls : 1;
    }

    /** Calls made one after another: N for a chain, else 1. */
    public int inSequence() {
        return kind == Kind.CHAIN ? calls : 1;
    }

    /** The same N calls made one after another: how a model that cannot fork runs a fan-out. */
    public Shape sequential() {
        return kind == Kind.FANOUT ? chain(calls) : this;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SINGLE -> "single";
            case CHAIN -> "chain:" + calls;
            case FANOUT -> "fanout:" + calls;
        };
    }
}
