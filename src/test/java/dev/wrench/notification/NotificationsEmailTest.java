package dev.wrench.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Who is told what by e-mail, over a real SMTP server. */
class NotificationsEmailTest extends NotificationsInProcessTestBase {

  @Test
  void eachEventTellsItsPeopleByEmail() throws Exception {
    WrenchServer.User manager = server.createUser("manager");
    WrenchServer.User requester = server.createUser("requester");
    WrenchServer.Technician technician = server.createTechnicianUser();

    // A critical work order is created: the managers are told (not the requester, not yet).
    String id =
        WorkOrders.create(
                http,
                admin,
                new JsonObject()
                    .put("title", "Boiler leaking")
                    .put("priority", "critical")
                    .put("requester_id", requester.id()))
            .getString("id");
    awaitMailTo(manager.email(), id, 1);
    // Assigned: the assignee is told.
    int version = patch(id, 1, new JsonObject().put("assignee_id", technician.technicianId()));
    awaitMailTo(technician.user().email(), id, 1);
    // Completed: the requester is told.
    version = patch(id, version, new JsonObject().put("status", "in_progress"));
    patch(id, version, new JsonObject().put("status", "completed"));
    MimeMessage completed = awaitMailTo(requester.email(), id, 1).get(0);
    assertThat(completed.getSubject()).contains("completed");

    // A routine work order created: no manager is told.
    String routine =
        WorkOrders.create(
                http, admin, new JsonObject().put("title", "Routine").put("priority", "low"))
            .getString("id");
    assertThat(patch(routine, 1, new JsonObject().put("status", "in_progress"))).isEqualTo(2);
    // Events are handled in order: once a later critical one reached the manager, the routine
    // one was handled (and told nobody).
    String marker =
        WorkOrders.create(
                http, admin, new JsonObject().put("title", "Marker").put("priority", "critical"))
            .getString("id");
    awaitMailTo(manager.email(), marker, 1);
    assertThat(jobsAbout(routine)).isZero();
    // Each person got exactly their one notification about the critical work order.
    assertThat(mailsTo(manager.email(), id)).hasSize(1);
    assertThat(mailsTo(technician.user().email(), id)).hasSize(1);
    assertThat(mailsTo(requester.email(), id)).hasSize(1);
    assertThat(mailsTo(manager.email(), routine)).isEmpty();
  }

  private List<MimeMessage> awaitMailTo(String address, String workOrder, int count) {
    Awaitility.await(count + " e-mails to " + address)
        .atMost(Duration.ofSeconds(20))
        .until(() -> mailsTo(address, workOrder).size() >= count);
    return mailsTo(address, workOrder);
  }

  private List<MimeMessage> mailsTo(String address, String workOrder) {
    List<MimeMessage> found = new ArrayList<>();
    try {
      for (MimeMessage message : mail.getReceivedMessages()) {
        Address[] to = message.getRecipients(Message.RecipientType.TO);
        boolean forAddress = to != null && to.length > 0 && to[0].toString().equals(address);
        if (forAddress && message.getContent().toString().contains(workOrder)) {
          found.add(message);
        }
      }
    } catch (MessagingException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  private long jobsAbout(String workOrder) throws SQLException {
    try (Connection sql = server.database().connect();
        PreparedStatement query =
            sql.prepareStatement(
                "SELECT count(*) FROM notification_jobs WHERE work_order_id = ?::uuid"
                    + " AND channel = 'email'")) {
      query.setString(1, workOrder);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
