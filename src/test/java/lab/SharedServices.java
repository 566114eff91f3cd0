package lab;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import lab.compare.InFlight;
import lab.config.Options;
import lab.work.db.Postgres;
import lab.work.http.Downstream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL (a throwaway cluster under target/) and one real downstream (the lab's
 * reactive-delay server in a child JVM) shared by a test class's http and db cases, so that each
 * case does not start its own. Outside CI, a machine without PostgreSQL skips the tests that need
 * it, with a message; in CI (CI=true) it fails them.
 */
public final class SharedServices implements AutoCloseable {

    private final Postgres cluster;
    private final Downstream downstream;

    private SharedServices(Postgres cluster, Downstream downstream) {
        this.cluster = cluster;
        this.downstream = downstream;
    }

    /**
     * The services of one test class: {@code @RegisterExtension static final SharedServices.PerClass
     * SERVICES = new SharedServices.PerClass();} starts them before its first test and stops them
     * after its last.
     */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private SharedServices services;

        @Override
        public void beforeAll(ExtensionContext context) {
            services = start();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (services != null) services.close();
            services = null;
        }

        public SharedServices get() {
            return services;
        }
    }

    public static SharedServices start() {
        requirePostgres();
        Postgres cluster = Postgres.start(Path.of("target"), 60);
        try {
            return new SharedServices(cluster, Downstream.start(Options.of(Map.of())));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public static void requirePostgres() {
        if (Postgres.binDir().isPresent()) return;
        String why = "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: apt-get install postgresql";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why + " (CI must run these tests)");
        Assumptions.assumeTrue(false, why + "; skipped outside CI");
    }

    /** Points db and http work in {@code values} at these services, unless the values name others. */
    public void pointAt(Map<String, String> values) {
        if ("db".equals(values.get("work"))) values.putIfAbsent("db.url", cluster.jdbcUrl());
        if ("http".equals(values.get("work"))) values.putIfAbsent("downstream", downstream.base().toString());
    }

    /**
     * Calls of {@code work} (db or http) that the service is busy with right now, seen from the
     * service itself: PostgreSQL's active {@code pg_sleep} queries, or the requests the downstream
     * has read and not answered.
     */
    public int callsHeld(String work) throws Exception {
        if ("http".equals(work)) return InFlight.count(downstream.base().getPort());
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                     + " AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        }
    }

    public Downstream downstream() {
        return downstream;
    }

    public String jdbcUrl() {
        return cluster.jdbcUrl();
    }

    @Override
    public void close() {
        try (cluster) {
            downstream.close();
        }
    }
}
