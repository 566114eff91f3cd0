package lab.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import lab.TestHttp;
import lab.launch.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * A seeded random-input test: the same few thousand malformed requests against each stack (JDK,
 * Reactor Netty, Jetty, Tomcat), each in a child JVM whose whole output is read. Every answer must
 * be of the class its input's kind pins (the same on every stack), the server must still serve a
 * normal request afterwards, and its log must hold no stack trace and only counted lines
 * ({@link FaultLog}), not one per request. {@code -Dfuzz.seed=} reproduces another run.
 *
 * <p>The classes: {@code REFUSED} is a 4xx, or the connection closed without an HTTP/1.x status
 * line; {@code VERSION} is a 505. A 4xx and a close are one class because two parsers cannot be
 * made to write a status line for some inputs: the JDK server closes a connection whose request
 * line has no CRLF, and Tomcat answers a request line it could not parse up to its version in the
 * HTTP/0.9 form (a page without status line). Anything else (2xx, 3xx, any 5xx but 505, no answer
 * and no close within the read timeout) fails. The statuses each stack gives are in docs/servers.md.
 */
class MalformedRequestsTest {

    private static final long SEED = Long.getLong("fuzz.seed", 21);
    private static final int INPUTS = Integer.getInteger("fuzz.inputs", 2_500);
    private static final int READ_TIMEOUT_MS = 5_000;
    /** Connections at once: some inputs are only closed at the header timeout. */
    private static final int CLIENTS = 128;
    private static final Pattern STACK_TRACE = Pattern.compile("^\\s+at \\S+\\(.*\\)$|^Caused by: |^[\\w.$]+(Exception|Error)(: |$)");
    /** One scenario per stack. */
    private static final List<String> STACKS = List.of(System.getProperty("fuzz.stacks",
            "virtual-threads,reactive-delay,virtual-threads-jetty,virtual-threads-tomcat").split(","));

    enum Expected { REFUSED, VERSION }

    record Input(String kind, byte[] bytes, boolean pipelined, Expected expected) {
        String shown() {
            StringBuilder b = new StringBuilder();
            for (byte c : bytes) b.append(c >= 32 && c < 127 ? Character.toString(c) : String.format("\\x%02x", c & 0xff));
            return kind + ": " + (b.length() > 160 ? b.substring(0, 160) + "..." : b);
        }
    }

    @Test
    void everyStackRefusesMalformedRequestsAlikeAndKeepsServing() throws Exception {
        List<Input> inputs = generate(new Random(SEED), INPUTS);
        Map<String, List<String>> answers = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (String stack : STACKS) {
            try (ServerProcess server = ServerProcess.start(List.of(), "scenario=" + stack, "cost=0", "headerTimeout=2s")) {
                List<String> got = answerAll(server.port(), inputs);
                answers.put(stack, got);
                assertEquals(200, TestHttp.get(server.port(), "/").status(), stack + " still serves after the malformed requests");
                Thread.sleep(200);   // let the last log lines arrive
                List<String> log = server.log();
                for (String line : log) {
                    if (STACK_TRACE.matcher(line).find()) failures.add(stack + " logged a stack trace: " + line);
                }
                if (server.logLines() > 20) failures.add(stack + " logged " + server.logLines() + " lines, not counted: " + log.subList(0, Math.min(5, log.size())));
                System.out.println(stack + ": " + summary(got) + "; log: " + server.logLines() + " line(s)"
                        + (log.isEmpty() ? "" : ", first: " + log.get(0)));
            }
        }
        for (int i = 0; i < inputs.size(); i++) {
            Input input = inputs.get(i);
            Map<String, String> byStack = new LinkedHashMap<>();
            for (String stack : STACKS) byStack.put(stack, answers.get(stack).get(i));
            for (var e : byStack.entrySet()) {
                if (!input.expected().name().equals(classOf(e.getValue()))) {
                    failures.add("#" + i + " " + e.getKey() + " answered " + e.getValue() + " (" + classOf(e.getValue()) + "), expected "
                            + input.expected() + ", to " + input.shown() + "; all: " + byStack);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failure(s), seed " + SEED + ":\n" + String.join("\n",
                failures.subList(0, Math.min(40, failures.size()))));
    }

    private static String classOf(String answer) {
        if (answer.equals("closed") || answer.equals("reset")) return "REFUSED";
        if (answer.equals("505")) return "VERSION";
        if (answer.matches("4\\d\\d")) return "REFUSED";
        return "OTHER";
    }

    private static String summary(List<String> answers) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String a : answers) counts.merge(a, 1, Integer::sum);
        return counts.toString();
    }

    /** Every input on its own connection, {@link #CLIENTS} at a time; the answers in input order. */
    private static List<String> answerAll(int port, List<Input> inputs) throws Exception {
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<String>> futures = new ArrayList<>();
            for (Input input : inputs) futures.add(clients.submit(() -> answer(port, input)));
            List<String> answers = new ArrayList<>();
            for (Future<String> f : futures) answers.add(f.get());
            return answers;
        }
    }

    /**
     * "closed", a status code, or what else came; for a pipelined input the answer to what follows
     * its first, valid request (which must be a 200).
     */
    static String answer(int port, Input input) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.getOutputStream().write(input.bytes());
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            if (input.pipelined()) {
                String first = statusOf(in);
                if (!first.equals("200")) return "first " + first;
                skipRestOfResponse(in);
            }
            return statusOf(in);
        } catch (SocketTimeoutException e) {
            return "no answer within " + READ_TIMEOUT_MS + " ms";
        } catch (IOException e) {
            return "reset";   // closed by the server with a reset
        }
    }

    private static String statusOf(InputStream in) throws IOException {
        String line = line(in);
        if (line == null) return "closed";
        if (!line.startsWith("HTTP/1.")) return "closed";   // no status line (Tomcat's HTTP/0.9 form): unreadable as HTTP/1.x
        String[] parts = line.split(" ");
        return parts.length > 1 ? parts[1] : line;
    }

    private static void skipRestOfResponse(InputStream in) throws IOException {
        int length = 0;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(h.substring(15).trim());
        }
        in.readNBytes(length);
    }

    /** A line without its CRLF, or null at end of stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); ; c = in.read()) {
            if (c == -1) return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            if (c == '\n') return b.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
            b.write(c);
        }
    }

    // ---- the inputs ----

    static List<Input> generate(Random random, int count) {
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inputs.add(switch (i % 8) {
                case 0 -> randomBytes(random);
                case 1 -> badMethod(random);
                case 2 -> badVersion(random);
                case 3 -> badEscape(random);
                case 4 -> badContentLength(random);
                case 5 -> badHeader(random);
                case 6 -> pipelinedJunk(random);
                default -> tlsHello(random);
            });
        }
        return inputs;
    }

    private static final String VALID = "GET / HTTP/1.1\r\nHost: lab\r\n\r\n";

    private static Input input(String kind, String text, Expected expected) {
        return new Input(kind, text.getBytes(StandardCharsets.ISO_8859_1), false, expected);
    }

    /** Bytes of any value, ended as a head would be (else a parser waits for more). */
    private static Input randomBytes(Random r) {
        byte[] junk = new byte[1 + r.nextInt(200)];
        r.nextBytes(junk);
        // Never a method's first letter, nor a blank or control byte: Reactor Netty skips those before a
        // request line (RFC 9112 lets a server ignore empty lines there), so "\0\r\n\r\n" after a request
        // leaves a kept-alive connection idle, not a malformed one.
        junk[0] = r.nextBoolean() ? (byte) "<{@[\"".charAt(r.nextInt(5)) : (byte) (0x80 + r.nextInt(128));
        byte[] bytes = new byte[junk.length + 4];
        System.arraycopy(junk, 0, bytes, 0, junk.length);
        System.arraycopy("\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, junk.length, 4);
        return new Input("random bytes", bytes, false, Expected.REFUSED);
    }

    private static final String NOT_TOKEN = "@<>{}()[],;:\"/\\?= \u0001\u007f\u00e9";

    private static Input badMethod(Random r) {
        StringBuilder m = new StringBuilder();
        int n = 1 + r.nextInt(10);
        for (int i = 0; i < n; i++) m.append(r.nextInt(3) == 0 ? NOT_TOKEN.charAt(r.nextInt(NOT_TOKEN.length())) : (char) ('A' + r.nextInt(26)));
        if (m.toString().equals("GET") || m.toString().equals("HEAD")) m.append('@');   // HEAD would be answered
        if (m.charAt(0) == ' ') m.setCharAt(0, '@');
        return input("bad method", m + " / HTTP/1.1\r\nHost: lab\r\n\r\n", Expected.REFUSED);
    }

    /** Well-formed HTTP/x.y other than 1.0, 1.1 and 2.0 (which the stacks answer 400, 426, 505: see docs). */
    private static Input badVersion(Random r) {
        String v;
        do {
            v = r.nextInt(10) + "." + r.nextInt(10);
        } while (v.equals("1.0") || v.equals("1.1") || v.equals("2.0"));
        return input("bad version", "GET /" + (r.nextBoolean() ? "" : "?cost=0") + " HTTP/" + v + "\r\nHost: lab\r\n\r\n", Expected.VERSION);
    }

    private static final String[] BAD_ESCAPES = {"%", "%%", "%%%", "%z", "%zz", "%4", "%G1", "%1g", "%%41", "%\u00e9"};

    private static Input badEscape(Random r) {
        String escape = BAD_ESCAPES[r.nextInt(BAD_ESCAPES.length)];
        String target = switch (r.nextInt(3)) {
            case 0 -> "/" + escape;
            case 1 -> "/?cost=" + escape;
            default -> "/a" + escape + "b?x=1";
        };
        return input("bad escape", "GET " + target + " HTTP/1.1\r\nHost: lab\r\n\r\n", Expected.REFUSED);
    }

    private static final String[] BAD_LENGTHS = {"-1", "abc", "1.5", "0x10", "99999999999999999999", "1 2", "-0x1"};

    private static Input badContentLength(Random r) {
        String headers = r.nextInt(4) == 0
                ? "Content-Length: 1\r\nContent-Length: 2\r\n"
                : "Content-Length: " + BAD_LENGTHS[r.nextInt(BAD_LENGTHS.length)] + "\r\n";
        return input("bad Content-Length", (r.nextBoolean() ? "GET" : "POST") + " / HTTP/1.1\r\nHost: lab\r\n" + headers + "\r\nxx",
                Expected.REFUSED);
    }

    private static final String[] BAD_HEADERS = {"NoColon", "Bad Name: v", "X-A : v", ": empty-name", "X\u0001Y: v",
            "(X): v", "X-A\u0000: v"};

    private static Input badHeader(Random r) {
        String head = switch (r.nextInt(4)) {
            case 0 -> "GET / HTTP/1.1\r\n";                                   // HTTP/1.1 without Host
            case 1 -> "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n";             // two Hosts
            default -> "GET / HTTP/1.1\r\nHost: lab\r\n" + BAD_HEADERS[r.nextInt(BAD_HEADERS.length)] + "\r\n";
        };
        return input("bad header", head + "\r\n", Expected.REFUSED);
    }

    /** A valid request, then junk on the same connection: the first is served, the junk refused. */
    private static Input pipelinedJunk(Random r) {
        Input junk = switch (r.nextInt(3)) {
            case 0 -> randomBytes(r);
            case 1 -> badMethod(r);
            default -> badEscape(r);
        };
        byte[] valid = VALID.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[valid.length + junk.bytes().length];
        System.arraycopy(valid, 0, bytes, 0, valid.length);
        System.arraycopy(junk.bytes(), 0, bytes, valid.length, junk.bytes().length);
        return new Input("pipelined junk (" + junk.kind() + ")", bytes, true, Expected.REFUSED);
    }

    /** A TLS 1.2/1.3 ClientHello, as a browser sends to https:// on a plain port. */
    private static Input tlsHello(Random r) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x03, 0x03});                      // client version TLS 1.2
        body.writeBytes(randomBytes(r, 32));                           // random
        body.write(32);
        body.writeBytes(randomBytes(r, 32));                           // session id
        int suites = 2 * (1 + r.nextInt(16));
        body.write(suites >> 8);
        body.write(suites);
        body.writeBytes(randomBytes(r, suites));
        body.writeBytes(new byte[] {0x01, 0x00});                      // compression: null
        byte[] extensions = randomBytes(r, r.nextInt(200));
        body.write(extensions.length >> 8);
        body.write(extensions.length);
        body.writeBytes(extensions);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {0x16, 0x03, 0x01});              // handshake record
        record.write((hello.length + 4) >> 8);
        record.write(hello.length + 4);
        record.write(0x01);                                            // ClientHello
        record.writeBytes(new byte[] {0, (byte) (hello.length >> 8), (byte) hello.length});
        record.writeBytes(hello);
        return new Input("TLS ClientHello", record.toByteArray(), false, Expected.REFUSED);
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
