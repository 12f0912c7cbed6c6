package dev.wrench.attachment;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Storage keys are made here and only here: {@code org/<org_id>/wo/<work_order_id>/<id>} (or {@code
 * rq/<request_id>} for a request's), plus {@code -thumb} for a thumbnail. A client's file name
 * never becomes part of a key. A request's attachments linked to its work order keep their request
 * key.
 */
public final class StorageKeys {

  private static final String UUID_PATTERN =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final Pattern KEY =
      Pattern.compile(
          "^org/" + UUID_PATTERN + "/(wo|rq)/" + UUID_PATTERN + "/" + UUID_PATTERN + "(-thumb)?$");

  private StorageKeys() {}

  public static String of(UUID orgId, UUID workOrderId, UUID attachmentId) {
    return "org/" + orgId + "/wo/" + workOrderId + "/" + attachmentId;
  }

  /** The key of an attachment of request {@code requestId}. */
  public static String ofRequest(UUID orgId, UUID requestId, UUID attachmentId) {
    return "org/" + orgId + "/rq/" + requestId + "/" + attachmentId;
  }

  public static String thumbnailOf(String key) {
    return key + "-thumb";
  }

  public static boolean isValid(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  /** The attachment id a key (or its thumbnail's key) belongs to. */
  public static UUID attachmentId(String key) {
    String last = key.substring(key.lastIndexOf('/') + 1);
    return UUID.fromString(last.endsWith("-thumb") ? last.substring(0, last.length() - 6) : last);
  }
}
