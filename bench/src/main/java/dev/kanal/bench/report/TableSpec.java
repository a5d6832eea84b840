package dev.kanal.bench.report;

import java.util.List;
import java.util.function.Function;

/**
 * What the report shows of one scenario: the parameters that tell its cases apart and the figures
 * worth comparing.
 */
record TableSpec(String scenario, String title, String description, List<Param> parameters, List<Column> columns) {

  record Param(String key, String label, Function<Object, String> format) {
    static Param number(String key, String label) {
      return new Param(key, label, value -> Figures.number(((Number) value).doubleValue()));
    }

    static Param rate(String key, String label) {
      return new Param(key, label, Figures::rate);
    }
  }

  /** A figure; {@code ratio} false for counts that should be zero on both sides, where a ratio says nothing. */
  record Column(String figure, String label, boolean ratio) {
    Column(String figure, String label) {
      this(figure, label, true);
    }
  }

  private static final List<Column> FANOUT_COLUMNS = List.of(
      new Column("deliveries_per_s", "deliveries/s"),
      new Column("latency_p50_ms", "p50 ms"),
      new Column("latency_p99_ms", "p99 ms"),
      new Column("server_cpu_us_per_delivery", "CPU µs/delivery"),
      new Column("lost", "lost", false));

  static final TableSpec FANOUT = new TableSpec("fanout", "Fan-out to one topic",
      "N subscribers on one topic; a backend publishes K messages (100-byte payloads unless the command says otherwise) over HTTP, at full speed "
          + "(the next when the previous was accepted; with more in flight, a burst) or at a fixed rate. Latency runs from the publish "
          + "request to each subscriber's receipt; CPU is the server's user and system time during the "
          + "publish phase over the deliveries.",
      List.of(Param.number("sockets", "subscribers"), Param.number("messages", "messages"),
          Param.rate("rate", "rate"), Param.number("window", "in flight")),
      FANOUT_COLUMNS);

  static final List<TableSpec> ALL = List.of(
      FANOUT,
      new TableSpec("cluster-fanout", "Fan-out over several nodes",
          "As above with subscribers spread round-robin over the nodes; CPU is summed over the nodes. "
              + "Reference servers know nothing of each other, so each gets every publish.",
          List.of(Param.number("nodes", "nodes"), Param.number("sockets", "subscribers"),
              Param.number("messages", "messages"), Param.rate("rate", "rate")),
          FANOUT_COLUMNS),
      new TableSpec("connect", "Connections",
          "N sockets connect and join M topics at a ramp rate, then stay. Join latency runs from sending the "
              + "join to its ok answer; CPU is the server's user and system time during the ramp over the joins; memory per socket is the server's growth between before connecting "
              + "and after holding, divided by the open sockets (heap after a full GC; Kanal only), and means nothing after a warm-up, which grew the server first.",
          List.of(Param.number("sockets", "sockets"), Param.number("topics", "topics"), Param.rate("rate", "join rate"),
              Param.number("warmup_sockets", "warm-up sockets")),
          List.of(new Column("joins_per_s", "joins/s"), new Column("join_p50_ms", "join p50 ms"),
              new Column("join_p99_ms", "join p99 ms"), new Column("server_cpu_us_per_join", "CPU µs/join"),
              new Column("rss_per_socket_bytes", "RSS bytes/socket"),
              new Column("heap_per_socket_bytes", "heap bytes/socket"))),
      new TableSpec("presence", "Presence",
          "N clients join one topic, each tracking itself; converged is the time from the first join until "
              + "every client's list holds all N. Frames and bytes are the presence_state and presence_diff "
              + "traffic each client received.",
          List.of(Param.number("sockets", "clients")),
          List.of(new Column("converged_s", "converged s"), new Column("join_p99_ms", "join p99 ms"),
              new Column("frames_per_client", "frames/client"), new Column("bytes_per_client", "bytes/client"))),
      new TableSpec("collection", "Collection writes with subscribers",
          "W writers create records through REST while S subscribers watch the collection; each write is "
              + "answered once journaled and taken by the topic. Change latency runs from the write request "
              + "to each subscriber's change event.",
          List.of(Param.number("writers", "writers"), Param.number("writes", "writes"),
              Param.number("sockets", "subscribers"), Param.rate("rate", "rate")),
          List.of(new Column("writes_per_s", "writes/s"), new Column("write_p99_ms", "write p99 ms"),
              new Column("change_p50_ms", "change p50 ms"), new Column("change_p99_ms", "change p99 ms"),
              new Column("lost", "lost", false))));
}
