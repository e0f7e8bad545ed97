package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A port that is taken fails the start with its reason and leaves no Netty thread behind (they would keep a JVM up). */
class StartFailureTest {
    @Test
    void aTakenPortFailsTheStartAndStopsItsThreads() throws Exception {
        long before = eventLoopThreads();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> DorisDouble.builder().fePort(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("FE port " + taken.getLocalPort())
                    .hasMessageContaining("Address already in use");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (eventLoopThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(20); // threads end just after their termination future completes
        }
        assertThat(eventLoopThreads()).as("Netty event loop threads left running").isLessThanOrEqualTo(before);
    }

    private static long eventLoopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("nioEventLoopGroup"))
                .count();
    }
}
