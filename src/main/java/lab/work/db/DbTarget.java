package lab.work.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import lab.config.OptionException;

/**
 * Where the database is, for both drivers: JDBC takes the URL as given; R2DBC gets the same host,
 * port, database, {@code user=} and {@code password=} (the URL's query parameters; user defaults to
 * the OS user, as pgjdbc's does). Other JDBC parameters apply to JDBC only.
 */
public record DbTarget(String jdbcUrl, String host, int port, String database, String user, String password) {

    /** @throws OptionException if the URL is not {@code jdbc:postgresql://host[:port]/database[?…]} */
    public static DbTarget parse(String jdbcUrl) {
        URI uri;
        try {
            uri = new URI(jdbcUrl.substring("jdbc:".length()));
        } catch (java.net.URISyntaxException | StringIndexOutOfBoundsException e) {
            throw bad(jdbcUrl);
        }
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) throw bad(jdbcUrl);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String user = System.getProperty("user.name");
        String password = "";
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) continue;
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (pair.substring(0, eq)) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> { }
                }
            }
        }
        return new DbTarget(jdbcUrl, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                path.isEmpty() ? user : path, user, password);
    }

    private static OptionException bad(String url) {
        return new OptionException("db.url '" + url + "' is not a jdbc:postgresql://host:port/database URL");
    }

    /** The URL without its password, for the banner. */
    public String shown() {
        return jdbcUrl.replaceAll("password=[^&]*", "password=***");
    }
}
