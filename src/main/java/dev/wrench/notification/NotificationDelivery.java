package dev.wrench.notification;

import dev.wrench.events.CloudEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one claimed job and records the attempt. A webhook is a signed POST of the event (the
 * current secret and, while the previous one is in its grace period, that one too) whose URL is
 * checked again first, since a host may resolve elsewhere now than when it was accepted; an e-mail
 * goes through SMTP when it is configured. A failure is retried after a backoff with jitter; the
 * last one dead-letters the job, and the dead letter is then handed on ({@code deadLettered}).
 */
final class NotificationDelivery {

  /** The worker's log: these are its messages. */
  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);

  private final Vertx vertx;
  private final NotificationService jobs;
  private final NotificationMeters meters;
  private final Runnable deadLettered;
  private final Backoff backoff;
  private final int maxAttempts;
  private final long webhookTimeoutMs;
  private final boolean allowPrivateTargets;
  private final WebClient webClient;

  /** Null when e-mail is not configured (no {@code smtp}). */
  private final MailClient mailClient;

  private final String mailFrom;

  /** The outcome of one delivery attempt. */
  private record Attempt(String outcome, Integer status, String error) {
    static Attempt success(Integer status) {
      return new Attempt("succeeded", status, null);
    }

    static Attempt failure(Integer status, String error) {
      return new Attempt("failed", status, error);
    }

    static Attempt cancel(String why) {
      return new Attempt("cancelled", null, why);
    }
  }

  NotificationDelivery(
      Vertx vertx,
      NotificationsConfig config,
      NotificationService jobs,
      NotificationMeters meters,
      Runnable deadLettered) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.meters = meters;
    this.deadLettered = deadLettered;
    maxAttempts = config.maxAttempts();
    backoff = new Backoff(config.backoffBaseMs(), config.backoffMaxMs());
    webhookTimeoutMs = config.webhooks().timeoutMs();
    allowPrivateTargets = config.webhooks().allowPrivateTargets();
    webClient =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("Wrench-Webhooks/1")
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(webhookTimeoutMs, Integer.MAX_VALUE)),
            // Connections per host: enough for every slot, so that subscriptions on one host that
            // hang do not starve the others there (the per-target limit bounds each one).
            new PoolOptions().setHttp1MaxSize(64));
    NotificationsConfig.Smtp smtp = config.smtp();
    mailFrom = smtp.configured() ? smtp.from() : null;
    mailClient = smtp.configured() ? MailClient.create(vertx, mailConfig(smtp)) : null;
  }

  private static MailConfig mailConfig(NotificationsConfig.Smtp smtp) {
    MailConfig config =
        new MailConfig()
            .setHostname(smtp.host())
            .setPort(smtp.port())
            .setSsl(smtp.ssl())
            .setStarttls(StartTLSOptions.valueOf(smtp.starttls().toUpperCase(Locale.ROOT)))
            .setConnectTimeout(10_000)
            .setMaxPoolSize(8);
    String username = smtp.username();
    if (!username.isEmpty()) {
      config.setUsername(username).setPassword(smtp.password()).setLogin(LoginOption.REQUIRED);
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    return config;
  }

  /** Whether e-mail is a channel (SMTP configured): without it no e-mail jobs are made. */
  boolean sendsMail() {
    return mailClient != null;
  }

  /** Longer than one delivery can take, so that no other instance takes a job being sent. */
  long leaseMs() {
    return webhookTimeoutMs * 3 + 30_000;
  }

  /** Sends {@code job} (as claimed) and records the attempt; never fails. */
  Future<Void> deliver(JsonObject job) {
    String channel = job.getString("channel");
    long started = System.nanoTime();
    Future<Attempt> attempt;
    if ("webhook".equals(channel)) {
      attempt =
          job.getBoolean("subscription_deleted", false)
              ? Future.succeededFuture(Attempt.cancel("the subscription was deleted"))
              : sendWebhook(job);
    } else if (mailClient == null) {
      attempt = Future.succeededFuture(Attempt.cancel("e-mail is not configured"));
    } else if (job.getString("email") == null || !job.getBoolean("user_active", false)) {
      attempt = Future.succeededFuture(Attempt.cancel("the user is gone or inactive"));
    } else {
      attempt = sendMail(job);
    }
    return attempt
        .recover(e -> Future.succeededFuture(Attempt.failure(null, describe(e))))
        .compose(result -> recordAttempt(job, result, (System.nanoTime() - started) / 1_000_000));
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private Future<Attempt> sendWebhook(JsonObject job) {
    String url = job.getString("url");
    return vertx
        .executeBlocking(() -> WebhookTargets.refusal(url, allowPrivateTargets, true), false)
        .compose(
            refusal -> {
              if (refusal != null) {
                return Future.succeededFuture(Attempt.failure(null, "the URL " + refusal));
              }
              JsonObject event = job.getJsonObject("event");
              String body = event.encode();
              String id = event.getString("id");
              long timestamp = System.currentTimeMillis() / 1000;
              List<String> secrets = new ArrayList<>();
              secrets.add(job.getString("secret"));
              String previous = job.getString("previous_secret");
              if (previous != null) {
                secrets.add(previous);
              }
              return webClient
                  .postAbs(url)
                  .timeout(webhookTimeoutMs)
                  .putHeader("content-type", CloudEvents.CONTENT_TYPE)
                  .putHeader("webhook-id", id)
                  .putHeader("webhook-timestamp", Long.toString(timestamp))
                  .putHeader(
                      "webhook-signature", WebhookSignatures.header(id, timestamp, body, secrets))
                  .sendBuffer(Buffer.buffer(body))
                  .map(NotificationDelivery::webhookOutcome);
            });
  }

  private static Attempt webhookOutcome(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    return status >= 200 && status < 300
        ? Attempt.success(status)
        : Attempt.failure(status, "the receiver answered " + status);
  }

  private Future<Attempt> sendMail(JsonObject job) {
    JsonObject event = job.getJsonObject("event");
    MailMessage message =
        new MailMessage()
            .setFrom(mailFrom)
            .setTo(job.getString("email"))
            .setSubject(MailTexts.subject(event))
            .setText(MailTexts.body(event, job.getString("user_name")));
    message.setHeaders(
        io.vertx.core.MultiMap.caseInsensitiveMultiMap()
            // The same event never mails a person twice; this lets a mail system tell too.
            .add("X-Wrench-Event-Id", event.getString("id", "")));
    return mailClient.sendMail(message).map(result -> Attempt.success(null));
  }

  private Future<Void> recordAttempt(JsonObject job, Attempt attempt, long durationMs) {
    int attemptNumber = job.getInteger("attempts", 0) + 1;
    JsonObject request =
        new JsonObject()
            .put("id", job.getString("id"))
            .put("outcome", attempt.outcome())
            .put("response_status", attempt.status())
            .put("error", attempt.error())
            .put("duration_ms", (int) Math.min(durationMs, Integer.MAX_VALUE))
            .put("delay_ms", backoff.delayMs(attemptNumber))
            .put("max_attempts", maxAttempts);
    String channel = job.getString("channel");
    return jobs.record(request)
        .<Void>map(
            reply -> {
              String status = reply.getString("status");
              switch (status) {
                case "delivered" -> meters.delivery(channel, "delivered");
                case "pending" -> meters.delivery(channel, "retried");
                case "cancelled" -> meters.delivery(channel, "cancelled");
                case "dead" -> {
                  meters.delivery(channel, "dead_lettered");
                  LOG.warn(
                      "Notification {} ({} to {}) dead-lettered after {} attempts: {}",
                      job.getString("id"),
                      channel,
                      job.getString("target"),
                      attemptNumber,
                      attempt.error());
                  deadLettered.run();
                }
                default -> {
                  // gone: another instance finished it
                }
              }
              return null;
            })
        .onFailure(
            e ->
                LOG.warn(
                    "Recording notification {} failed: {}", job.getString("id"), e.getMessage()))
        .otherwiseEmpty();
  }

  /** Closes the mail client (when there is one) and the web client: sends in flight fail. */
  Future<Void> close() {
    Future<Void> mail = mailClient == null ? Future.succeededFuture() : mailClient.close();
    webClient.close();
    return mail;
  }
}
