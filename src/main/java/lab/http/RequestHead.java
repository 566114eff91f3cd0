package lab.http;

import java.util.Optional;
import lab.config.Options;
import lab.http.HttpContract.Refuse;

/**
 * The request-reading bounds ({@code -DmaxRequestLine}, {@code -DmaxHeaderSize}) for servers whose
 * parser has one limit for the whole head (Jetty's {@code requestHeaderSize}, Tomcat's
 * {@code maxHttpHeaderSize}): the parser is given room for both, and the handler answers 414 or
 * 431 from the sizes it sees, so each limit holds on its own as the options say.
 */
public final class RequestHead {

    private RequestHead() {}

    /** What the server's own parser may buffer: a full request line plus full headers. */
    public static int parserLimit(Options options) {
        return options.maxRequestLine() + options.maxHeaderSize();
    }

    /**
     * 414 for a request line over the limit, 431 for headers over theirs, else empty.
     *
     * @param requestLineBytes "METHOD target VERSION", without CRLF
     * @param headerBytes      every "Name: value" line with its CRLF
     */
    public static Optional<Refuse> check(Options options, int requestLineBytes, int headerBytes) {
        if (requestLineBytes > options.maxRequestLine()) {
            return Optional.of(new Refuse(414, "request line of " + requestLineBytes + " bytes is over the limit of "
                    + options.maxRequestLine() + " (server option -DmaxRequestLine=)"));
        }
        if (headerBytes > options.maxHeaderSize()) {
            return Optional.of(new Refuse(431, "request headers of " + headerBytes + " bytes are over the limit of "
                    + options.maxHeaderSize() + " (server option -DmaxHeaderSize=)"));
        }
        return Optional.empty();
    }

    /** Bytes of one header line as sent: "Name: value" and CRLF. */
    static int lineBytes(String name, String value) {
        return name.length() + 2 + value.length() + 2;
    }
}
