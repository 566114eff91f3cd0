package lab.scenarios;

import java.util.Map;
import lab.config.Options;
import lab.http.RunningServer;
import lab.http.TomcatHttpServer;
import lab.shape.VirtualThreadForks;
import lab.work.Work;

/**
 * {@link VirtualThreads} on the server Spring MVC runs on: embedded Tomcat 11 with
 * {@code useVirtualThreads} (what {@code spring.threads.virtual.enabled} turns on), so each request's
 * servlet call runs on a new virtual thread. Its hidden limit is not threads but connections:
 * {@code maxConnections} (8,192 by default); the lab raises it.
 */
public final class VirtualThreadsTomcat implements Scenario {

    @Override public String name() { return "virtual-threads-tomcat"; }
    @Override public String seedCounterpart() { return "modern counterpart, on Tomcat 11"; }
    @Override public String lesson() { return "plain blocking code on Tomcat's virtual threads: throughput = min(concurrency, maxConnections)/cost"; }
    @Override public int capacity(Options options) { return TomcatHttpServer.MAX_CONNECTIONS; }

    @Override
    public RunningServer start(Options options, Work work) {
        return TomcatHttpServer.start(options, VirtualThreadForks.of(options.shape(), work),
                Map.of("useVirtualThreads", "true"),   // a new virtual thread per request
                "one virtual thread per request (Tomcat useVirtualThreads), Tomcat's poller reads the requests");
    }
}
