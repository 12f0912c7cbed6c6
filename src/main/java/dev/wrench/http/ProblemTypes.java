package dev.wrench.http;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every problem type the API answers with: its title, its usual status, what it means and what the
 * client can do. The one source of the titles in problem bodies and of the pages that {@code
 * /problems/<slug>} serves (the {@code type} of a problem is a link to its page).
 */
public final class ProblemTypes {

  /** One problem type; {@code slug} is the last part of its {@code type}. */
  public record ProblemType(String slug, String title, int status, String meaning, String remedy) {

    public String type() {
      return "/problems/" + slug;
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("type", type())
          .put("title", title)
          .put("status", status)
          .put("meaning", meaning)
          .put("what_to_do", remedy);
    }
  }

  private static final List<ProblemType> ALL =
      List.of(
          new ProblemType(
              "validation",
              "Request is invalid",
              400,
              "The request does not follow the contract: a field or parameter is missing, has the"
                  + " wrong type, format or value, or is not allowed. errors[] names each bad value"
                  + " by its JSON pointer. Nothing was changed.",
              "Fix the values errors[] points at (the contract at /openapi.yaml gives each field's"
                  + " rules) and send the request again."),
          new ProblemType(
              "unauthorized",
              "Authentication is required",
              401,
              "The request has no valid credentials: the bearer token or API key is missing,"
                  + " expired, revoked, or signed by a key this service does not trust.",
              "Get an access token at /oauth/token (or refresh it) and send it as"
                  + " 'Authorization: Bearer <token>'."),
          new ProblemType(
              "forbidden",
              "Not allowed",
              403,
              "You are authenticated, but your role, your sites or your scopes do not allow this"
                  + " operation on this resource.",
              "Ask an admin of your organization for a role that may do it: each operation's"
                  + " x-roles in the contract lists the roles that may."),
          new ProblemType(
              "not-found",
              "Not found",
              404,
              "There is no such resource, or there is one that you may not see (another"
                  + " organization's, or on a site you are not on): the two are not told apart.",
              "Check the id and the path; list the collection to find what you may see."),
          new ProblemType(
              "method-not-allowed",
              "Method not allowed",
              405,
              "The path exists, but not with this HTTP method.",
              "Use one of the methods in the Allow header of the answer."),
          new ProblemType(
              "not-acceptable",
              "Not acceptable",
              406,
              "The Accept header asks for a media type that this operation does not produce.",
              "Accept application/json, or a type the operation lists in the contract."),
          new ProblemType(
              "conflict",
              "Conflict",
              409,
              "The request conflicts with the current state of the resource: a value that must be"
                  + " unique is taken, the resource is still in use, or a request with the same"
                  + " Idempotency-Key is still in progress.",
              "Read the resource again, resolve what the detail names, and retry."),
          new ProblemType(
              "invalid-transition",
              "Invalid status transition",
              409,
              "The work order cannot move from its status to the one you asked for."
                  + " allowed_transitions lists where it may move from its status, for you.",
              "Choose a status from allowed_transitions; the state machine is in the contract"
                  + " (updateWorkOrder) and docs/api-tour.md."),
          new ProblemType(
              "checklist-incomplete",
              "Checklist incomplete",
              409,
              "The work order cannot be completed while a required item of its checklist has no"
                  + " value; errors[] points at each such item (/checklist/items/<key>).",
              "Answer the items named (PATCH /api/v1/work-orders/{id}/checklist/items/{key}),"
                  + " then complete the work order again."),
          new ProblemType(
              "precondition-failed",
              "Precondition failed",
              412,
              "The version in If-Match is not the current one: the resource changed since you read"
                  + " it. Your change was not made.",
              "GET the resource again, apply your change to what it is now, and send it with the"
                  + " new ETag in If-Match."),
          new ProblemType(
              "precondition-required",
              "Precondition required",
              428,
              "This write needs an If-Match header, so that it cannot overwrite a change it has"
                  + " not seen.",
              "Send If-Match with the ETag of your last read of the resource."),
          new ProblemType(
              "payload-too-large",
              "Payload too large",
              413,
              "The request body is over the limit of this operation. The connection is closed"
                  + " after this answer.",
              "Send a smaller body; for attachments, see the size limit in the contract."),
          new ProblemType(
              "uri-too-long",
              "URI too long",
              414,
              "The request line is over 8 KiB.",
              "Shorten the query: fewer filter values per request, or narrower searches."),
          new ProblemType(
              "header-fields-too-large",
              "Request header fields too large",
              431,
              "The request headers are over 16 KiB in all.",
              "Send fewer or smaller headers (large cookies are the usual cause)."),
          new ProblemType(
              "unsupported-media-type",
              "Unsupported media type",
              415,
              "The body's Content-Type is not one this operation accepts.",
              "Send application/json (application/merge-patch+json for a PATCH,"
                  + " multipart/form-data for an upload)."),
          new ProblemType(
              "unprocessable",
              "Request cannot be processed",
              422,
              "The request is well-formed, but it refers to something that cannot be used here:"
                  + " an asset, site, technician or user that is not in your organization, or a"
                  + " value that the current data does not allow. errors[] points at it.",
              "Fix the reference or value that errors[] points at."),
          new ProblemType(
              "idempotency-key-reused",
              "Idempotency key reused",
              422,
              "This Idempotency-Key was used before with a different request body.",
              "Use a new key for a new request; resend the same body to get the first answer"
                  + " again."),
          new ProblemType(
              "rate-limited",
              "Too many requests",
              429,
              "You (your user, API key or, unauthenticated, your address) sent more requests"
                  + " than the limit of the current window.",
              "Wait the seconds that Retry-After gives, then spread your requests out;"
                  + " X-RateLimit-Remaining shows what is left."),
          new ProblemType(
              "service-unavailable",
              "Service unavailable",
              503,
              "Something this request needs is not answering (the database, the object store),"
                  + " or the instance is shutting down. A write answered this way was not made.",
              "Retry with back-off (after Retry-After when it is given)."),
          new ProblemType(
              "attachment-limit",
              "Too many attachments",
              409,
              "The work order already has as many attachments as allowed.",
              "Delete an attachment you no longer need before adding another."),
          new ProblemType(
              "attachment-not-ready",
              "Attachment not ready",
              409,
              "The attachment's file is still being checked, or was refused, so it cannot be"
                  + " downloaded.",
              "Read the attachment until its status is ready; a refused one gives its reason."),
          new ProblemType(
              "webhook-target-refused",
              "Webhook target refused",
              422,
              "The webhook URL points at an address this service does not deliver to (a private,"
                  + " loopback or link-local address, or a scheme other than those allowed).",
              "Use a public URL that this service can reach."),
          new ProblemType(
              "already-redriven",
              "Dead letter already re-driven",
              409,
              "This dead letter was already sent again; a second re-drive could deliver twice.",
              "Nothing to do: follow the job the first re-drive made."),
          new ProblemType(
              "request-not-pending",
              "Request already decided",
              409,
              "The request was approved, rejected or cancelled already: only a pending request"
                  + " may be approved, rejected or cancelled. Nothing was changed.",
              "Read the request for its status (and, once approved, its work_order_id)."),
          new ProblemType(
              "timer-running",
              "A timer is running",
              409,
              "The technician has a running timer already (on this or another work order): one"
                  + " runs at a time. running_entry_id and work_order_id name it. Nothing was"
                  + " started.",
              "Stop the running timer (POST .../time-entries/{entry_id}/stop) and start again."),
          new ProblemType(
              "internal",
              "Internal error",
              500,
              "Something failed on the server's side; the request may not have been carried out.",
              "Retry later; if it persists, report it with the request_id of the answer."));

  private static final Map<String, ProblemType> BY_SLUG = new LinkedHashMap<>();

  static {
    ALL.forEach(type -> BY_SLUG.put(type.slug(), type));
  }

  private ProblemTypes() {}

  public static List<ProblemType> all() {
    return ALL;
  }

  /** The type with this slug, or null. */
  public static ProblemType of(String slug) {
    return BY_SLUG.get(slug);
  }

  /** The title of a slug's problems ("Error" for a slug that is not listed). */
  static String title(String slug) {
    ProblemType type = BY_SLUG.get(slug);
    return type == null ? "Error" : type.title();
  }
}
