package lab.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import reactor.netty.NettyPipeline;

/**
 * Reactor Netty's per-connection failures, counted into {@link FaultLog} instead of one log line
 * each: a request the codec could not decode (Reactor Netty answers it 400 itself; its own WARN is
 * off, see simplelogger.properties), and an accept that failed. Netty's acceptor already pauses
 * accepting for a second after a failed accept; without a handler after it, the failure also reaches
 * the end of the server channel's pipeline, which logs a WARN with a stack trace every time.
 */
final class NettyFaults {

    /** After the HTTP codec of every connection. */
    private static final ChannelHandler HEADS = new Heads();
    private static final ChannelHandler ANSWER_IN_HTTP11 = new AnswerInHttp11();
    private static final ChannelHandler REFUSE = new Refuse();
    /** Last on the listening channel. */
    private static final ChannelHandler ACCEPTS = new Accepts();

    private NettyFaults() {}

    static void decodeFailures(Channel channel) {
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, "lab.decodeFailures", HEADS);
    }

    /**
     * Past the bound, the connection's first and only bytes are the canned 503, written from the head
     * of the pipeline (past the HTTP codec), and it is closed without reading anything.
     */
    static void connectionBound(Channel channel, ConnectionBound bound) {
        if (bound.tryOpen()) {
            channel.closeFuture().addListener(f -> bound.closed());
            return;
        }
        channel.config().setAutoRead(false);
        channel.pipeline().addFirst("lab.refuse", REFUSE);
    }

    static void acceptFailures(Channel server) {
        server.pipeline().addLast("lab.acceptFailures", ACCEPTS);
    }

    /**
     * Loads and links the handlers (Netty inspects a handler's class when it is first added) at the
     * server's start: on a cold JVM that took long enough, on the first connection, to run past a
     * short -DheaderTimeout; and a flood may leave no file descriptor to load a class with.
     */
    static void preload() {
        EmbeddedChannel channel = new EmbeddedChannel(HEADS, ACCEPTS, ANSWER_IN_HTTP11, REFUSE, new LingeringClose());
        channel.close();
    }

    @ChannelHandler.Sharable
    private static final class Heads extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            Throwable failure = msg instanceof HttpRequest request && request.decoderResult().isFailure()
                    ? request.decoderResult().cause() : null;
            if (failure != null) LingeringClose.install(ctx.channel());   // before Reactor Netty answers and closes
            super.channelRead(ctx, msg);   // first: the head deadline stops once the head is decoded
            if (failure != null) FaultLog.MALFORMED.record(failure);
        }
    }

    /**
     * Reactor Netty answers in the request's version: "HTTP/9.9 505" is no answer an HTTP/1.1 client
     * can read. Added only to a connection about to get that 505 (and be closed): on every connection,
     * an outbound handler here changed how Reactor Netty writes its own 414 before it closes.
     */
    @ChannelHandler.Sharable
    private static final class AnswerInHttp11 extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpResponse response) response.setProtocolVersion(HttpVersion.HTTP_1_1);
            super.write(ctx, msg, promise);
        }
    }

    static void answerInHttp11(Channel channel) {
        if (channel.pipeline().get("lab.answerInHttp11") == null) {
            channel.pipeline().addAfter(NettyPipeline.HttpCodec, "lab.answerInHttp11", ANSWER_IN_HTTP11);
        }
    }

    @ChannelHandler.Sharable
    private static final class Refuse extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(ConnectionBound.REFUSAL)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @ChannelHandler.Sharable
    private static final class Accepts extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            FaultLog.ACCEPT.record(cause);   // counted, not passed on to the pipeline's logging tail
        }
    }
}
