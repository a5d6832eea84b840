package dev.kanal.server.transport;

import dev.kanal.protocol.Frame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/**
 * Collects a WebSocket message, which may arrive in parts, into one frame of at most
 * {@code maxFrameBytes}; a larger one is not kept but reported, so the socket can say why it
 * closes, and memory stays bounded.
 */
final class FrameReader {
  private final int maxFrameBytes;
  private final Materializer materializer;

  /** What one message turned out to be. */
  sealed interface Read {
    record Whole(Frame frame) implements Read {}

    record TooLarge(String reason) implements Read {}
  }

  FrameReader(int maxFrameBytes, Materializer materializer) {
    this.maxFrameBytes = maxFrameBytes;
    this.materializer = materializer;
  }

  CompletionStage<Read> read(Message message) {
    if (message.isText()) {
      TextMessage text = message.asTextMessage();
      if (text.isStrict()) {
        return within(text.getStrictText().length(), new Frame.Text(text.getStrictText()));
      }
      return text.getStreamedText()
          .runFold(new Parts<StringBuilder>(new StringBuilder()),
              (parts, part) -> parts.add(part.length(), sb -> sb.append(part)), materializer)
          .thenApply(parts -> parts.read(sb -> new Frame.Text(sb.toString())));
    }
    BinaryMessage binary = message.asBinaryMessage();
    if (binary.isStrict()) {
      ByteString data = binary.getStrictData();
      return within(data.size(), new Frame.Binary(data.toArray()));
    }
    return binary.getStreamedData()
        .runFold(new Parts<ByteString>(ByteString.emptyByteString()),
            (parts, part) -> parts.add(part.size(), bytes -> bytes.concat(part)), materializer)
        .thenApply(parts -> parts.read(bytes -> new Frame.Binary(bytes.toArray())));
  }

  private CompletionStage<Read> within(long size, Frame frame) {
    return CompletableFuture.completedFuture(size <= maxFrameBytes ? new Read.Whole(frame) : tooLarge(size));
  }

  private Read.TooLarge tooLarge(long size) {
    return new Read.TooLarge("frame of " + size + " bytes exceeds max-frame-bytes " + maxFrameBytes);
  }

  /**
   * The parts of a streamed message so far. Past the limit it keeps only the count: the rest is
   * read and dropped, because cancelling a message's stream midway fails the whole connection.
   */
  private final class Parts<T> {
    private T collected;
    private long size;

    Parts(T empty) {
      this.collected = empty;
    }

    Parts<T> add(int partSize, UnaryOperator<T> append) {
      size += partSize;
      collected = size <= maxFrameBytes && collected != null ? append.apply(collected) : null;
      return this;
    }

    Read read(Function<T, Frame> frame) {
      return collected == null ? tooLarge(size) : new Read.Whole(frame.apply(collected));
    }
  }
}
