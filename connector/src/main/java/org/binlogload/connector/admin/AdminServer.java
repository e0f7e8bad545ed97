package org.binlogload.connector.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's HTTP server (Netty), in the daemon and on the master FE: hands each request to {@link AdminApi} off
 * the event loop.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  private static final int MAX_BODY = 1 << 20;
  private static final int MAX_LINE = 8 << 10;
  private static final int MAX_HEADERS = 16 << 10;
  /** A connection that sends nothing for this long (a half-sent request, an idle keep-alive) is closed. */
  static final int IDLE_SECONDS = 30;

  private final AdminApi api;
  private final EventLoopGroup boss = new NioEventLoopGroup(1, daemonThreads("admin-accept"));
  private final EventLoopGroup workers = new NioEventLoopGroup(2, daemonThreads("admin-io"));
  private final ExecutorService handlers = Executors.newFixedThreadPool(4, daemonThreads("admin-api"));
  private Channel channel;

  private AdminServer(AdminApi api) {
    this.api = api;
  }

  /** Starts serving {@code api} on {@code host:port} (port 0 picks a free one). */
  public static AdminServer start(AdminApi api, String host, int port) {
    return start(api, host, port, IDLE_SECONDS);
  }

  /** As {@link #start(AdminApi, String, int)}, closing connections idle for {@code idleSeconds}. */
  static AdminServer start(AdminApi api, String host, int port, int idleSeconds) {
    AdminServer s = new AdminServer(api);
    try {
      s.channel = new ServerBootstrap().group(s.boss, s.workers).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new IdleStateHandler(idleSeconds, 0, 0),
                  new HttpServerCodec(MAX_LINE, MAX_HEADERS, 8192), new HttpServerExpectContinueHandler(),
                  new HttpObjectAggregator(MAX_BODY), s.new Handler());
            }
          }).bind(host, port).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.close();
      throw new IllegalStateException("interrupted binding the admin API to " + host + ":" + port, e);
    } catch (RuntimeException e) {
      s.close();
      throw new IllegalStateException("cannot bind the admin API to " + host + ":" + port + ": " + e.getMessage(), e);
    }
    LOG.info("admin API listening on http://{}:{}", host, s.port());
    return s;
  }

  /** The port bound. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (req.decoderResult().isFailure()) { // a request line or headers over the limits, or not HTTP
        Throwable c = req.decoderResult().cause();
        boolean tooLarge = c instanceof io.netty.handler.codec.TooLongFrameException;
        AdminApi.Response r = AdminApi.error(tooLarge ? 431 : 400, tooLarge
            ? "request line or headers too large (at most " + MAX_LINE + " and " + MAX_HEADERS + " bytes)"
            : "malformed HTTP request: " + c);
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(r.status()), Unpooled.copiedBuffer(r.body(), StandardCharsets.UTF_8));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(resp, resp.content().readableBytes());
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      String method = req.method().name();
      QueryStringDecoder uri = new QueryStringDecoder(req.uri());
      String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
      String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
      byte[] body = ByteBufUtil.getBytes(req.content());
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      handlers.execute(() -> {
        AdminApi.Response r;
        try {
          r = api.handle(method, uri.path(), uri.parameters(), contentType, body, authorization);
        } catch (RuntimeException e) {
          LOG.error("admin API {} {} failed", method, uri.path(), e);
          r = AdminApi.error(500, "internal error: " + e);
        }
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(r.status()), Unpooled.copiedBuffer(r.body(), StandardCharsets.UTF_8));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        HttpUtil.setContentLength(resp, resp.content().readableBytes());
        if (keepAlive) {
          resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
          ctx.writeAndFlush(resp);
        } else {
          ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
      });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof IdleStateEvent) {
        LOG.debug("admin connection idle; closed");
        ctx.close();
        return;
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("admin connection failed: {}", cause.toString());
      ctx.close();
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    handlers.shutdown();
    boss.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
