package dev.kanal.server.transport;

import dev.kanal.protocol.Frame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.util.ByteString;

/**
 * Collects a WebSocket message, which may arrive in parts, into one frame of at most
 * {@code maxFrameBytes}; a larger one fails the connection instead of filling memory.
 */
final class FrameReader {
  private final int maxFrameBytes;
  private final Materializer materializer;

  FrameReader(int maxFrameBytes, Materializer materializer) {
    this.maxFrameBytes = maxFrameBytes;
    this.materializer = materializer;
  }

  CompletionStage<Frame> read(Message message) {
    if (message.isText()) {
      TextMessage text = message.asTextMessage();
      if (text.isStrict()) {
        return within(text.getStrictText().length(), new Frame.Text(text.getStrictText()));
      }
      return text.getStreamedText()
          .limitWeighted(maxFrameBytes, part -> (long) part.length())
          .runFold(new StringBuilder(), StringBuilder::append, materializer)
          .thenApply(all -> new Frame.Text(all.toString()));
    }
    BinaryMessage binary = message.asBinaryMessage();
    if (binary.isStrict()) {
      ByteString data = binary.getStrictData();
      return within(data.size(), new Frame.Binary(data.toArray()));
    }
    return binary.getStreamedData()
        .limitWeighted(maxFrameBytes, part -> (long) part.size())
        .runFold(ByteString.emptyByteString(), ByteString::concat, materializer)
        .thenApply(all -> new Frame.Binary(all.toArray()));
  }

  private CompletionStage<Frame> within(int size, Frame frame) {
    return size <= maxFrameBytes
        ? CompletableFuture.completedFuture(frame)
        : CompletableFuture.failedFuture(
            new FrameTooLarge("frame of " + size + " bytes exceeds max-frame-bytes " + maxFrameBytes));
  }

  /** Whether a connection failed because a frame was over the limit, whole or in parts. */
  static boolean tooLarge(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof FrameTooLarge || cause instanceof StreamLimitReachedException;
  }

  /** A whole frame over {@code max-frame-bytes}. */
  static final class FrameTooLarge extends IllegalStateException {
    FrameTooLarge(String message) {
      super(message);
    }
  }
}
