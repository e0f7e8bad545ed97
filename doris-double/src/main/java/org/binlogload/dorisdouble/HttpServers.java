package org.binlogload.dorisdouble;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FE and BE HTTP ports of the double, on Netty: binds them, hands each connection to {@link FeHandler} or
 * {@link BeHandler}, and runs the catalog's sweep and late publishes on their event loops.
 */
final class HttpServers {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServers.class);
    /** Doris's "no backend" is out of scope; one BE answers on 127.0.0.1. */
    static final String HOST = "127.0.0.1";
    private static final long PUBLISH_LATE_MILLIS = 300;

    private final Catalog catalog;
    private final Faults faults;
    private final Credentials credentials;
    private final QueryAction queries;
    private final ErrorLogs errorLogs = new ErrorLogs(this::bePort);
    private final StreamLoadAction loads;
    private final TwoPhaseCommitAction twoPhaseCommit;
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(2);
    private Channel feChannel;
    private Channel beChannel;
    private int fePort;
    private int bePort;

    HttpServers(Catalog catalog, SqlExecutor sql, Faults faults, String user, String password, boolean discardRows) {
        this.catalog = catalog;
        this.faults = faults;
        this.credentials = new Credentials(user, password);
        this.queries = new QueryAction(sql);
        this.loads = new StreamLoadAction(catalog, faults, credentials, errorLogs, this::publishLater, discardRows);
        this.twoPhaseCommit = new TwoPhaseCommitAction(catalog, faults, credentials, this::publishLater);
    }

    void start(int fePortWanted, int bePortWanted) throws InterruptedException {
        beChannel = bind(bePortWanted, false);
        bePort = ((InetSocketAddress) beChannel.localAddress()).getPort();
        feChannel = bind(fePortWanted, true);
        fePort = ((InetSocketAddress) feChannel.localAddress()).getPort();
        workers.scheduleAtFixedRate(() -> {
            try {
                catalog.sweep();
            } catch (RuntimeException e) {
                LOG.warn("sweep failed", e);
            }
        }, 20, 20, TimeUnit.MILLISECONDS);
    }

    private Channel bind(int port, boolean fe) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(8192, 65536, 65536));
                        ch.pipeline().addLast(fe ? new FeHandler(catalog, faults, credentials, queries, bePort)
                                : new BeHandler(loads, twoPhaseCommit, errorLogs));
                    }
                });
        return b.bind(HOST, port).sync().channel();
    }

    /** Publishes, a little later, a transaction committed with a publish timeout. */
    private void publishLater(Txn txn) {
        workers.schedule(() -> catalog.publish(txn), PUBLISH_LATE_MILLIS, TimeUnit.MILLISECONDS);
    }

    int fePort() {
        return fePort;
    }

    int bePort() {
        return bePort;
    }

    void close() {
        if (feChannel != null) {
            feChannel.close().syncUninterruptibly();
        }
        if (beChannel != null) {
            beChannel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
