package lab.http;

import java.util.Optional;
import java.util.regex.Pattern;
import lab.http.HttpContract.Refuse;

/**
 * A client's malformed request, refused the same way on every stack: {@code 505} for an HTTP
 * version other than 1.0 and 1.1, {@code 400} for a method that is not a token, a target that is
 * not a path (or has a character or percent-escape RFC 3986 forbids), or an HTTP/1.1 request without
 * exactly one {@code Host}. Each stack's own parser refuses what it refuses first (see
 * docs/servers.md, "Malformed requests"); this catches what it lets through, so that the JDK server
 * no longer answers {@code 200} to {@code HTTP/9.9} and Reactor Netty no longer fails on {@code /%%%}.
 */
final class RequestSyntax {

    private static final Pattern VERSION = Pattern.compile("HTTP/\\d\\.\\d");
    /** RFC 9110 tchar, the characters of a method. */
    private static final String TCHARS = "!#$%&'*+-.^_`|~";
    /** RFC 3986 characters a target may hold besides letters, digits and pct-encoded triples. */
    private static final String TARGET_CHARS = "-._~!$&'()*+,;=:@/?";

    private RequestSyntax() {}

    /**
     * The refusal for a malformed request, or empty.
     *
     * @param rawTarget the target as sent (not decoded)
     * @param hosts     how many {@code Host} headers it has, or -1 where the stack checks that itself
     */
    static Optional<Refuse> check(String method, String protocol, String rawTarget, int hosts) {
        if (!"HTTP/1.1".equals(protocol) && !"HTTP/1.0".equals(protocol)) {
            return VERSION.matcher(protocol).matches()
                    ? Optional.of(new Refuse(505, "HTTP version " + protocol + " not supported: use HTTP/1.1 or HTTP/1.0"))
                    : bad("protocol '" + printable(protocol) + "' is not HTTP/1.1 or HTTP/1.0");
        }
        if (method.isEmpty() || !method.chars().allMatch(RequestSyntax::tchar)) {
            return bad("method '" + printable(method) + "' is not a token");
        }
        Optional<Refuse> target = target(rawTarget);
        if (target.isPresent()) return target;
        if (hosts >= 0 && hosts != 1 && "HTTP/1.1".equals(protocol)) {
            return bad("an HTTP/1.1 request needs exactly one Host header, this one has " + hosts);
        }
        return Optional.empty();
    }

    private static Optional<Refuse> target(String raw) {
        // absolute-form (a proxy's request, "http://host/path") is accepted as RFC 9112 says: its path is served
        String path = raw.startsWith("http://") || raw.startsWith("https://") ? pathOf(raw) : raw;
        if (!path.startsWith("/")) return bad("target '" + printable(raw) + "' is not a path (/...)");
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || !hex(raw.charAt(i + 1)) || !hex(raw.charAt(i + 2))) {
                    return bad("bad percent-escape in target '" + printable(raw) + "'");
                }
                i += 2;
            } else if (!(c < 128 && (Character.isLetterOrDigit(c) || TARGET_CHARS.indexOf(c) >= 0))) {
                return bad("character " + (int) c + " not allowed in target '" + printable(raw) + "'");
            }
        }
        return Optional.empty();
    }

    private static String pathOf(String absolute) {
        int slash = absolute.indexOf('/', absolute.indexOf("//") + 2);
        return slash < 0 ? "/" : absolute.substring(slash);
    }

    private static Optional<Refuse> bad(String reason) {
        return Optional.of(new Refuse(400, "bad request: " + reason));
    }

    private static boolean tchar(int c) {
        return c < 128 && (Character.isLetterOrDigit(c) || TCHARS.indexOf(c) >= 0);
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    /** At most 64 characters, non-printable ones as '?': a reason is one short line. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 64); i++) {
            char c = s.charAt(i);
            b.append(c >= 32 && c < 127 ? c : '?');
        }
        return s.length() > 64 ? b + "..." : b.toString();
    }
}
