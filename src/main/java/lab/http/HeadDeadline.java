package lab.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import reactor.netty.NettyPipeline;

/**
 * {@code -DheaderTimeout} on Reactor Netty: a deadline, not an idle timer. A request head must be
 * complete (decoded) within the timeout of its first byte (for a connection's first request, of the
 * connect); otherwise the connection is closed. Reactor Netty's own timeouts do not fit:
 * {@code readTimeout}/{@code requestTimeout} start only once the head is read, and {@code idleTimeout}
 * restarts at every byte, so a client that trickles a byte a second would never be cut off.
 * It never touches a request whose head is in: a handler may take its full cost.
 *
 * <p>Two handlers share one state, both on the channel's event loop: one before the HTTP codec sees
 * bytes (and starts the clock), one after it sees decoded heads (and stops it). A client that
 * pipelines half a head in the same packet as a whole request, then goes silent, escapes the clock;
 * on this stack it holds a buffer, no thread.
 */
final class HeadDeadline {

    private final long timeoutNanos;
    private ScheduledFuture<?> deadline;
    private boolean inRequest;   // a head was decoded and its last content not yet: bytes now are its body

    private HeadDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** For {@code HttpServer.doOnChannelInit}: the pipeline already has Reactor Netty's HTTP codec. */
    static void install(Channel channel, Duration timeout) {
        HeadDeadline state = new HeadDeadline(timeout);
        channel.pipeline().addBefore(NettyPipeline.HttpCodec, "lab.headDeadline.bytes", state.new Bytes());
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, "lab.headDeadline.heads", state.new Heads());
    }

    private void start(ChannelHandlerContext ctx) {
        if (deadline == null) deadline = ctx.executor().schedule(() -> { ctx.close(); }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** Raw bytes, before the codec: the first byte of a head starts the clock. */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            start(ctx);
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (!inRequest) start(ctx);
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            stop();
            super.channelInactive(ctx);
        }
    }

    /** Decoded messages, after the codec: a head (even one the codec refused, e.g. too long) stops the clock. */
    private final class Heads extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                stop();
                inRequest = true;
            }
            if (msg instanceof LastHttpContent) inRequest = false;
            super.channelRead(ctx, msg);
        }
    }
}
