package dev.kanal.bench.reference;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kanal-bench reference --port P}: runs the reference server until the process ends. */
@Command(name = "reference", mixinStandardHelpOptions = true,
    description = "Run the reference server: a one-thread java.nio WebSocket server, the raw-socket limit.")
public final class ReferenceCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "4100", description = "(default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "(default: ${DEFAULT-VALUE})")
  String host;

  @Override
  public Integer call() throws Exception {
    try (ReferenceServer server = new ReferenceServer(new InetSocketAddress(host, port))) {
      System.out.println("reference server on " + host + ":" + server.port());
      server.run();
    }
    return 0;
  }
}
