package lab.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * A lingering close on Reactor Netty, for a connection refused mid-request (414, 431, 400: Reactor
 * Netty writes the answer and closes). The client may still be sending: closed with its bytes unread,
 * the kernel answers them with a reset, and the client loses the answer it had not read yet. So the
 * close is held: the output is half-closed (the answer, then FIN), what arrives is read and dropped,
 * and the connection closes at the client's end of stream (Netty closes it on reading EOF), after {@link #MAX_BYTES}, or after
 * {@link #MAX_MILLIS}, whichever comes first (as nginx's {@code lingering_close}, Apache's
 * {@code lingering_close}, Jetty's and the JDK server's drain of an unread body do).
 * First in the pipeline: it sees the close from every handler, and the bytes before the codec.
 */
final class LingeringClose extends ChannelDuplexHandler {

    static final int MAX_BYTES = 64 * 1_024;
    static final long MAX_MILLIS = 1_000;
    private static final String NAME = "lab.lingeringClose";

    private ChannelPromise closing;   // set once the close is held
    private boolean finished;
    private long dropped;

    LingeringClose() {}

    /** The connection's next close lingers; called on its event loop once it is refused. */
    static void install(Channel channel) {
        if (channel instanceof DuplexChannel && channel.pipeline().get(NAME) == null) {
            channel.pipeline().addFirst(NAME, new LingeringClose());
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (closing != null) {   // a second close (the head deadline) while lingering: the linger's bounds hold
            closing.addListener(f -> promise.trySuccess());
            return;
        }
        if (!(ctx.channel() instanceof DuplexChannel duplex) || !duplex.isActive() || duplex.isInputShutdown()) {
            ctx.close(promise);
            return;
        }
        closing = promise;
        ctx.executor().schedule(() -> finish(ctx), MAX_MILLIS, TimeUnit.MILLISECONDS);
        // the FIN after the answer: an empty write completes once every write before it is in the kernel
        // (a shutdown fails writes still pending)
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            if (!written.isSuccess()) {
                finish(ctx);
                return;
            }
            duplex.shutdownOutput().addListener(f -> {
                if (!f.isSuccess()) finish(ctx);
            });
        });
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (closing == null) {
            super.channelRead(ctx, msg);
            return;
        }
        if (msg instanceof ByteBuf bytes) dropped += bytes.readableBytes();
        ReferenceCountUtil.release(msg);   // dropped: the request was refused
        if (dropped >= MAX_BYTES) finish(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (closing != null) closing.trySuccess();
        super.channelInactive(ctx);
    }

    private void finish(ChannelHandlerContext ctx) {
        if (finished) return;
        finished = true;
        if (ctx.channel().isOpen()) ctx.close(closing);
        else closing.trySuccess();
    }
}
