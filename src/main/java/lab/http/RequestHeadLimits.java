package lab.http;

import com.sun.net.httpserver.HttpExchange;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code -DmaxRequestLine} and {@code -DmaxHeaderSize} on the JDK server, which has no such limits
 * of its own below its JVM-wide {@code sun.net.httpserver.maxReqHeaderSize} (380 KB for line and
 * headers together, read once per JVM; past it the JDK closes the connection without an answer).
 * The head is already read when the handler sees it, so this bounds what reaches the work, not the
 * memory the read took (that is the JDK's 380 KB). Sizes are counted as Netty counts them: the
 * line without its CRLF, each header as {@code name: value}.
 */
final class RequestHeadLimits {

    private RequestHeadLimits() {}

    static Optional<HttpContract.Decision> check(HttpExchange exchange, int maxRequestLine, int maxHeaderSize) {
        long line = exchange.getRequestMethod().length() + 1L + exchange.getRequestURI().toString().length() + 1
                + exchange.getProtocol().length();
        if (line > maxRequestLine) {
            return Optional.of(new HttpContract.Refuse(414, "request line of " + line + " bytes is over "
                    + maxRequestLine + " (server option -DmaxRequestLine=)"));
        }
        long headers = 0;
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            for (String value : h.getValue()) headers += h.getKey().length() + 2 + value.length();
        }
        if (headers > maxHeaderSize) {
            return Optional.of(new HttpContract.Refuse(431, "request headers of " + headers + " bytes are over "
                    + maxHeaderSize + " (server option -DmaxHeaderSize=)"));
        }
        return Optional.empty();
    }
}
