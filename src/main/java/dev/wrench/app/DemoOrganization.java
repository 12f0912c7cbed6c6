package dev.wrench.app;

import dev.wrench.asset.AssetService;
import dev.wrench.bus.ResourceService;
import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.core.CreateRequest;
import dev.wrench.identity.OrganizationService;
import dev.wrench.identity.UserService;
import dev.wrench.site.SiteService;
import dev.wrench.technician.TechnicianService;
import dev.wrench.workorder.WorkOrderService;
import dev.wrench.workorder.WorkOrderStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * What {@code demo} makes: an organization with three sites, their assets, six technicians and
 * {@value #WORK_ORDERS} work orders in every status, written through the features' bus contracts
 * (so each work order has its number, its history and its outbox events, and every move is one the
 * state machine allows), from a fixed seed so that every demo looks alike.
 */
final class DemoOrganization {

  static final String NAME = "Demo Facilities";
  static final String DOMAIN = "@demo.wrench.local";
  static final String ADMIN_EMAIL = "admin" + DOMAIN;
  static final List<String> ROLES = List.of("admin", "manager", "technician", "requester");
  static final int WORK_ORDERS = 300;

  private static final List<String> SITES = List.of("Plant North", "Plant South", "Head Office");
  private static final List<String[]> ASSETS =
      List.of(
          new String[] {"AHU", "hvac"},
          new String[] {"Chiller", "hvac"},
          new String[] {"Boiler", "hvac"},
          new String[] {"Air compressor", "mechanical"},
          new String[] {"Conveyor", "mechanical"},
          new String[] {"Forklift", "vehicles"},
          new String[] {"Switchboard", "electrical"},
          new String[] {"Fire pump", "safety"});
  private static final List<String> JOBS =
      List.of(
          "Replace filter on ASSET",
          "Inspect belts of ASSET",
          "Strange noise from ASSET",
          "Quarterly service of ASSET",
          "Leak under ASSET",
          "Calibrate sensors of ASSET",
          "ASSET trips on start-up",
          "Lubricate bearings of ASSET");
  private static final List<String> PRIORITIES =
      List.of("low", "medium", "medium", "high", "critical");
  private static final List<String> TECHNICIANS =
      List.of("Tom Tech", "Ana Ruiz", "Kofi Mensah", "Lena Vogel", "Ravi Iyer", "Maria Rossi");

  private final CommandDatabase database;
  private final Random random = new Random(18);

  private DemoOrganization(CommandDatabase database) {
    this.database = database;
  }

  /** Whether the demo organization has been made (its admin exists). */
  static boolean exists(CommandDatabase database) throws Exception {
    try {
      database.await(database.service(UserService.class).findCredentials(ADMIN_EMAIL));
      return true;
    } catch (BusError e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** Makes it, with the users' password hashes by role. Blocking. */
  static void create(CommandDatabase database, Map<String, String> hashes) throws Exception {
    new DemoOrganization(database).create(hashes);
  }

  private void create(Map<String, String> hashes) throws Exception {
    JsonObject organization =
        database.await(
            database
                .service(OrganizationService.class)
                .create(
                    new JsonObject()
                        .put("name", NAME)
                        .put(
                            "admin",
                            new JsonObject()
                                .put("email", ADMIN_EMAIL)
                                .put("name", "Ada Admin")
                                .put("password_hash", hashes.get("admin")))));
    UUID org = UUID.fromString(organization.getString("id"));
    Actor admin =
        new Actor(
            UUID.fromString(organization.getJsonObject("admin").getString("id")), org, "admin");
    UUID manager = user(admin, "manager", "Max Manager", hashes);
    UUID technicianUser = user(admin, "technician", "Tom Tech", hashes);
    UUID requester = user(admin, "requester", "Rita Requester", hashes);

    List<String> sites = new ArrayList<>();
    for (String site : SITES) {
      sites.add(
          create(database.service(SiteService.class), admin, new JsonObject().put("name", site)));
    }
    List<String> technicians = new ArrayList<>();
    for (int i = 0; i < TECHNICIANS.size(); i++) {
      String name = TECHNICIANS.get(i);
      JsonObject technician =
          new JsonObject()
              .put("name", name)
              .put("email", name.toLowerCase(Locale.ROOT).replace(' ', '.') + DOMAIN)
              .put("skills", new JsonArray().add(ASSETS.get(i % ASSETS.size())[1]))
              .put("site_id", sites.get(i % sites.size()));
      if (i == 0) {
        technician.put("user_id", technicianUser.toString());
      }
      technicians.add(create(database.service(TechnicianService.class), admin, technician));
    }
    List<String[]> assets = new ArrayList<>();
    for (int s = 0; s < sites.size(); s++) {
      for (String[] asset : ASSETS) {
        String name = asset[0] + "-" + (s + 1);
        JsonObject body =
            new JsonObject()
                .put("name", name)
                .put("category", asset[1])
                .put("site_id", sites.get(s))
                .put("serial_number", "SN-" + (10_000 + random.nextInt(90_000)));
        assets.add(new String[] {create(database.service(AssetService.class), admin, body), name});
      }
    }
    Actor managing = new Actor(manager, org, "manager");
    for (int i = 0; i < WORK_ORDERS; i++) {
      workOrder(managing, requester, assets, technicians, i);
    }
  }

  private UUID user(Actor admin, String role, String name, Map<String, String> hashes)
      throws Exception {
    JsonObject body =
        new JsonObject()
            .put("email", role + DOMAIN)
            .put("name", name)
            .put("role", role)
            .put("password_hash", hashes.get(role));
    return UUID.fromString(create(database.service(UserService.class)::create, admin, body));
  }

  /** A create of a bus contract: users' is not a {@link ResourceService}'s. */
  private interface Create {
    Future<JsonObject> apply(Actor actor, CreateRequest request);
  }

  private String create(ResourceService service, Actor actor, JsonObject body) throws Exception {
    return create(service::create, actor, body);
  }

  private String create(Create create, Actor actor, JsonObject body) throws Exception {
    JsonObject created =
        database.await(create.apply(actor, new CreateRequest(null, body, null, null)));
    return created.getJsonObject("resource").getString("id");
  }

  /**
   * One work order, moved along the state machine to a status drawn for it: about a quarter stay
   * open, a fifth in progress, a tenth on hold, a third completed (one in ten of those reopened),
   * the rest cancelled.
   */
  private void workOrder(
      Actor manager, UUID requester, List<String[]> assets, List<String> technicians, int index)
      throws Exception {
    WorkOrderService workOrders = database.service(WorkOrderService.class);
    String[] asset = assets.get(random.nextInt(assets.size()));
    OffsetDateTime due =
        OffsetDateTime.now(ZoneOffset.UTC)
            .plusDays(random.nextInt(40) - 10L)
            .truncatedTo(ChronoUnit.HOURS);
    JsonObject body =
        new JsonObject()
            .put("title", JOBS.get(random.nextInt(JOBS.size())).replace("ASSET", asset[1]))
            .put("description", "Demo work order " + (index + 1))
            .put("priority", PRIORITIES.get(random.nextInt(PRIORITIES.size())))
            .put("asset_id", asset[0])
            .put("requester_id", random.nextBoolean() ? requester.toString() : null)
            .put("due_at", due.toString());
    if (random.nextInt(10) < 8) {
      body.put("assignee_id", technicians.get(random.nextInt(technicians.size())));
    }
    JsonObject created =
        database.await(workOrders.create(manager, new CreateRequest(null, body, null, null)));
    JsonObject workOrder = created.getJsonObject("resource");
    for (WorkOrderStatus next : path(random.nextInt(100))) {
      workOrder =
          database.await(
              workOrders.patch(
                  manager,
                  workOrder.getString("id"),
                  workOrder.getInteger("version"),
                  new JsonObject().put("status", next.wire())));
    }
    if (index % 7 == 0) {
      database.await(
          workOrders.createComment(
              manager,
              new CreateRequest(
                  workOrder.getString("id"),
                  new JsonObject().put("body", "Parts ordered; see the asset's manual."),
                  null,
                  null)));
    }
  }

  /** The moves from open to the status that {@code draw} (0 to 99) picks. */
  static List<WorkOrderStatus> path(int draw) {
    WorkOrderStatus in = WorkOrderStatus.IN_PROGRESS;
    if (draw < 25) {
      return List.of();
    } else if (draw < 45) {
      return List.of(in);
    } else if (draw < 55) {
      return List.of(in, WorkOrderStatus.ON_HOLD);
    } else if (draw < 85) {
      return List.of(in, WorkOrderStatus.COMPLETED);
    } else if (draw < 89) {
      return List.of(in, WorkOrderStatus.COMPLETED, WorkOrderStatus.OPEN);
    }
    return List.of(WorkOrderStatus.CANCELLED);
  }
}
