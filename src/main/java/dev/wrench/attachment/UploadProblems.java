package dev.wrench.attachment;

import dev.wrench.core.BusError;
import io.vertx.core.eventbus.ReplyException;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a refused upload is told, as the problem the failure handler turns into problem+json. Kept
 * apart from {@link AttachmentUpload} so that its state machine reads as the flow of bytes, and the
 * wording of every refusal is in one place.
 */
final class UploadProblems {

  private static final Logger LOG = LoggerFactory.getLogger(UploadProblems.class);

  private UploadProblems() {}

  static BusError badWorkOrderId() {
    return BusError.badRequest("/path/id", "must be a UUID");
  }

  static BusError notMultipart() {
    return new BusError(415, "unsupported-media-type", "send the file as multipart/form-data");
  }

  static BusError cutOff() {
    return new BusError(400, "validation", "the upload was cut off");
  }

  static BusError secondFilePart() {
    return BusError.badRequest("/body/file", "send exactly one file part");
  }

  static BusError noFilePart() {
    return BusError.badRequest("/body/file", "a file part is required");
  }

  static BusError descriptionTooLong() {
    return BusError.badRequest("/body/description", "must be at most 2000 characters");
  }

  static BusError tooLarge(long maxSizeBytes) {
    return new BusError(
        413,
        "payload-too-large",
        "the file is larger than the limit of " + maxSizeBytes + " bytes");
  }

  /** The sniffed type is not accepted: say which are, sorted, so the answer is stable. */
  static BusError notAccepted(String sniffedType, Set<String> allowed) {
    return new BusError(
        415,
        "unsupported-media-type",
        "the file is "
            + sniffedType
            + ", which is not accepted; accepted: "
            + String.join(", ", new TreeSet<>(allowed)));
  }

  /**
   * A failure met on the way: a domain error as it is, a bus error from the database as its problem
   * (503 when it did not answer), anything else is the store's (503, logged).
   */
  static BusError of(Throwable failure) {
    if (failure instanceof BusError error) {
      return error;
    }
    if (failure instanceof ReplyException reply) {
      BusError error = BusError.fromReply(reply);
      if (error != null) {
        return error;
      }
      return new BusError(503, "service-unavailable", "the database did not answer; retry shortly");
    }
    LOG.warn("Attachment upload failed: {}", String.valueOf(failure));
    return ObjectStorage.unavailable();
  }
}
