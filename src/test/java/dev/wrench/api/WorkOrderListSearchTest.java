package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/work-orders?q=}: full-text search of titles, descriptions and numbers. */
class WorkOrderListSearchTest extends AbstractWorkOrderListTest {

  @Test
  void searchFindsNothingOfAnotherOrganization() {
    // A search runs on the cross-tenant database path (docs/security.md): its SQL alone keeps
    // other tenants out, so this is the wall it stands on.
    UUID otherOrg = server.createOrganization("Search neighbour " + UUID.randomUUID());
    WrenchServer.User otherAdmin =
        server.createUserInDatabase(otherOrg, UUID.randomUUID(), "admin");
    String word = "xanthorrhoea" + UUID.randomUUID().toString().substring(0, 8);
    WorkOrders.create(http, otherAdmin.token(), "Theirs " + word);
    assertThat(http.get("/api/v1/work-orders?q=" + word).token(otherAdmin.token()).send().items())
        .hasSize(1);
    assertThat(http.get("/api/v1/work-orders?q=" + word).token(admin).send().items()).isEmpty();
    assertThat(http.get("/api/v1/work-orders?q=Theirs&limit=100").token(admin).send().items())
        .extracting(item -> ((JsonObject) item).getString("title"))
        .noneMatch(title -> title.contains(word));
  }

  @Test
  void qFindsAWordOfTheTitle() {
    assertThat(inDataset("q=conveyor")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=railing")).containsExactlyInAnyOrder(7);
    assertThat(inDataset("q=CONVEYOR")).as("case does not matter").containsExactlyInAnyOrder(3);
  }

  @Test
  void qFindsStemmedForms() {
    // "Pump" in the title of 1, "pump" in the description of 5.
    assertThat(inDataset("q=pump")).containsExactlyInAnyOrder(1, 5);
    assertThat(inDataset("q=pumps")).containsExactlyInAnyOrder(1, 5);
    assertThat(inDataset("q=pumping")).containsExactlyInAnyOrder(1, 5);
    assertThat(inDataset("q=leaks")).containsExactlyInAnyOrder(1);
    assertThat(inDataset("q=bearing")).containsExactlyInAnyOrder(4);
  }

  @Test
  void qFindsAWordOfTheDescription() {
    assertThat(inDataset("q=vibration")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=clogged")).containsExactlyInAnyOrder(2);
    assertThat(inDataset("q=mezzanine")).containsExactlyInAnyOrder(7);
  }

  @Test
  void qFindsTheNumberWrittenInFullOrBare() {
    assertThat(inDataset("q=WO-000003")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=wo-000003")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=000003")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=3")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=7")).containsExactlyInAnyOrder(7);
    // Without the asset filter too: the number is unique in the organization.
    assertThat(keys(ok("q=WO-000003").items())).containsExactly(3);
  }

  @Test
  void qMayContainAPercentSign() {
    // Valid values of q (1..200 characters), sent percent-encoded: searched for, not refused.
    assertThat(inDataset("q=" + enc("seal 100%"))).isEmpty();
    assertThat(inDataset("q=" + enc("100%"))).isEmpty();
  }

  @Test
  void qWithSeveralWordsNeedsAllOfThem() {
    assertThat(inDataset("q=" + enc("door hinge"))).containsExactlyInAnyOrder(6);
    assertThat(inDataset("q=" + enc("pump seal"))).containsExactlyInAnyOrder(1);
    assertThat(inDataset("q=" + enc("pump conveyor"))).isEmpty();
    assertThat(inDataset("q=zebra")).isEmpty();
  }

  @Test
  void qFindsTheWordBeingTyped() {
    assertThat(inDataset("q=filt")).containsExactlyInAnyOrder(2);
    assertThat(inDataset("q=conv")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=Vibr")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=" + enc("pump se"))).containsExactlyInAnyOrder(1);
    assertThat(inDataset("q=" + enc("door hin"))).containsExactlyInAnyOrder(6);
    // Only the last word is a prefix; a quoted or negated one is taken as typed.
    assertThat(inDataset("q=" + enc("conv hinge"))).isEmpty();
    assertThat(inDataset("q=" + enc("\"conv\""))).isEmpty();
    assertThat(inDataset("q=" + enc("door -hin"))).containsExactlyInAnyOrder(6);
  }
}
