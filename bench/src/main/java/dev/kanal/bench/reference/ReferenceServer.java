package dev.kanal.bench.reference;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine;

/**
 * The raw-socket limit Kanal is measured against: one thread, one {@link Selector}, plain
 * WebSocket. Every upgraded socket counts as subscribed; any text frame it sends is answered
 * {@code ok}, so a "join" can be timed as Kanal's is; other frames are read and dropped, pings
 * answered. {@code POST /publish} on the same port answers 202 and sends its body, framed once as
 * {@code [null,null,"t","e",<body>]}, to every socket with one write call each.
 */
public final class ReferenceServer implements Runnable, Closeable {
  private static final int BACKLOG = 1024;
  private static final int MAX_FRAME = 1 << 20;
  private static final byte[] FRAME_HEAD = "[null,null,\"t\",\"e\",".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FRAME_TAIL = "]".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OK = WsFrames.encode(WsFrames.TEXT, "ok".getBytes(StandardCharsets.US_ASCII));
  private static final byte[] ACCEPTED = http("202 Accepted");
  private static final byte[] NOT_FOUND = http("404 Not Found");

  private final Selector selector;
  private final ServerSocketChannel server;
  /** One read buffer for every socket: the server has one thread. */
  private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
  private final Set<Connection> sockets = new LinkedHashSet<>();
  private volatile boolean running = true;

  public ReferenceServer(InetSocketAddress address) throws IOException {
    selector = Selector.open();
    server = ServerSocketChannel.open();
    server.bind(address, BACKLOG);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReferenceCommand()).execute(args));
  }

  public int port() {
    return server.socket().getLocalPort();
  }

  @Override
  public void run() {
    try {
      while (running) {
        selector.select();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (key.isValid() && key.isAcceptable()) {
            accept();
          } else if (key.isValid()) {
            serve((Connection) key.attachment(), key);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("the selector failed", e);
    } finally {
      selector.keys().forEach(ReferenceServer::closeQuietly);
      try {
        selector.close();
      } catch (IOException ignored) {
        // shutting down: nothing is left to use it
      }
    }
  }

  /** Stops the loop; the sockets close on its thread. */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
  }

  private void accept() throws IOException {
    SocketChannel channel = server.accept();
    if (channel == null) {
      return;
    }
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
    key.attach(new Connection(channel, key));
  }

  private void serve(Connection connection, SelectionKey key) {
    try {
      if (key.isReadable()) {
        read(connection);
      }
      if (key.isValid() && key.isWritable()) {
        connection.flush();
      }
    } catch (IOException e) {
      drop(connection);
    }
  }

  private void read(Connection connection) throws IOException {
    in.clear();
    if (connection.channel.read(in) < 0) {
      drop(connection);
      return;
    }
    in.flip();
    ByteBuffer input = connection.input(in);
    while (input.hasRemaining() && connection.key.isValid()) {
      if (!(connection.upgraded ? frame(connection, input) : request(connection, input))) {
        break;
      }
    }
    if (connection.key.isValid()) {
      connection.keepRest(input);
    }
  }

  /** Handles one request; false if it has not fully arrived. */
  private boolean request(Connection connection, ByteBuffer input) throws IOException {
    int start = input.position();
    HttpHead head = HttpHead.read(input);
    if (head == null) {
      return false;
    }
    if (head.isWebSocketUpgrade()) {
      connection.send(ByteBuffer.wrap(Handshake.switchingProtocols(head.headers().get("sec-websocket-key"))));
      connection.upgraded = true;
      sockets.add(connection);
      return true;
    }
    if (input.remaining() < head.contentLength()) {
      input.position(start);
      return false;
    }
    byte[] body = new byte[head.contentLength()];
    input.get(body);
    boolean publish = head.method().equals("POST") && head.path().equals("/publish");
    connection.send(ByteBuffer.wrap(publish ? ACCEPTED : NOT_FOUND));
    if (publish) {
      broadcast(body);
    }
    return true;
  }

  /** Handles one client frame; false if it has not fully arrived. */
  private boolean frame(Connection connection, ByteBuffer input) throws IOException {
    WsFrames.ClientFrame frame = WsFrames.decode(input, MAX_FRAME);
    if (frame == null) {
      return false;
    }
    if (frame.opcode() == WsFrames.TEXT && frame.fin()) {
      connection.send(ByteBuffer.wrap(OK));
    } else if (frame.opcode() == WsFrames.PING) {
      connection.send(ByteBuffer.wrap(WsFrames.encode(WsFrames.PONG, frame.payload())));
    } else if (frame.opcode() == WsFrames.CLOSE) {
      connection.send(ByteBuffer.wrap(WsFrames.encode(WsFrames.CLOSE, frame.payload())));
      drop(connection);
    }
    return true;
  }

  /** Frames the body once, then one write call per socket. */
  private void broadcast(byte[] body) {
    byte[] text = new byte[FRAME_HEAD.length + body.length + FRAME_TAIL.length];
    System.arraycopy(FRAME_HEAD, 0, text, 0, FRAME_HEAD.length);
    System.arraycopy(body, 0, text, FRAME_HEAD.length, body.length);
    System.arraycopy(FRAME_TAIL, 0, text, FRAME_HEAD.length + body.length, FRAME_TAIL.length);
    byte[] encoded = WsFrames.encode(WsFrames.TEXT, text);
    ByteBuffer frame = ByteBuffer.allocateDirect(encoded.length).put(encoded);
    Iterator<Connection> each = sockets.iterator();
    while (each.hasNext()) {
      Connection socket = each.next();
      frame.clear();
      try {
        socket.send(frame);
      } catch (IOException e) {
        each.remove();
        socket.close();
      }
    }
  }

  private void drop(Connection connection) {
    sockets.remove(connection);
    connection.close();
  }

  private static void closeQuietly(SelectionKey key) {
    try {
      key.channel().close();
    } catch (IOException ignored) {
      // shutting down: a socket that fails to close is gone either way
    }
  }

  private static byte[] http(String status) {
    return ("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }
}
