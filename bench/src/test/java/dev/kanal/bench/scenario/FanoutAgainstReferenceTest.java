package dev.kanal.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanal.bench.measure.Result;
import dev.kanal.bench.reference.ReferenceServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole load generator (Netty client, join, publish loop, receipts, JSON result) against an
 * in-process reference server. Asserts counts only, never timings.
 */
class FanoutAgainstReferenceTest {

  @Test
  void everySubscriberGetsEveryMessageOnceAndInOrder(@TempDir Path dir) throws Exception {
    ReferenceServer server = new ReferenceServer(new InetSocketAddress("127.0.0.1", 0));
    Thread loop = new Thread(server, "reference-server");
    loop.start();
    Path out = dir.resolve("fanout.json");
    int exit;
    try {
      exit = new CommandLine(new FanoutScenario()).setCaseInsensitiveEnumValuesAllowed(true).execute(
          "--target", "reference", "--url", "http://127.0.0.1:" + server.port(),
          "--sockets", "5", "--messages", "20", "--max-seconds", "60", "--out", out.toString());
    } finally {
      server.close();
      loop.join(10_000);
    }

    Result result = Result.read(out);
    assertEquals(0, exit, result.summary());
    assertTrue(result.complete());
    assertEquals("reference", result.target());
    assertEquals(5, result.figure("joined"));
    assertEquals(20, result.figure("accepted"));
    assertEquals(100, result.figure("received"));
    assertEquals(0, result.figure("lost"));
    assertEquals(0, result.figure("duplicates"));
    assertEquals(0, result.figure("out_of_order"));
    assertEquals(5, result.parameters().get("sockets"));
    assertTrue(result.command().contains("--sockets 5"), result.command());
  }
}
