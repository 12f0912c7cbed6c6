package dev.wrench.app;

import dev.wrench.asset.AssetFeature;
import dev.wrench.attachment.AttachmentFeature;
import dev.wrench.audit.AuditFeature;
import dev.wrench.calendar.CalendarFeature;
import dev.wrench.checklist.ChecklistFeature;
import dev.wrench.events.EventsFeature;
import dev.wrench.feature.Feature;
import dev.wrench.identity.IdentityFeature;
import dev.wrench.labor.LaborFeature;
import dev.wrench.location.LocationFeature;
import dev.wrench.notification.NotificationFeature;
import dev.wrench.pm.MeterFeature;
import dev.wrench.pm.MeterReadingSinks;
import dev.wrench.pm.PmFeature;
import dev.wrench.request.RequestFeature;
import dev.wrench.site.SiteFeature;
import dev.wrench.team.TeamFeature;
import dev.wrench.technician.TechnicianFeature;
import dev.wrench.workorder.WorkOrderFeature;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The features of Wrench: the one list a new feature joins (docs/adding-a-feature.md), each given
 * its own settings. The database verticles serve each one's bus contracts, the HTTP verticles bind
 * each one's operations.
 */
public final class Features {

  private Features() {}

  /** Every feature, configured by {@code config}, on the system clock. */
  public static List<Feature> all(AppConfig config) {
    return all(config, Clock.systemUTC());
  }

  /**
   * Every feature, configured by {@code config}; {@code clock} is the time of the features that
   * plan ahead (preventive maintenance), which a test moves instead of waiting.
   */
  public static List<Feature> all(AppConfig config, Clock clock) {
    Duration backlogRefresh = Duration.ofSeconds(config.database().backlogRefreshSeconds());
    return List.of(
        new WorkOrderFeature(backlogRefresh, MeterReadingSinks::overBus),
        new AssetFeature(),
        new TechnicianFeature(),
        new SiteFeature(),
        new TeamFeature(),
        new CalendarFeature(),
        new LocationFeature(),
        new MeterFeature(),
        new IdentityFeature(config.auth().refreshTokenTtlSeconds(), config.loginThrottle()),
        new AttachmentFeature(config.attachments()),
        new NotificationFeature(config.notifications().webhooks()),
        new EventsFeature(backlogRefresh),
        new AuditFeature(),
        new PmFeature(config.pm(), clock),
        new ChecklistFeature(),
        new RequestFeature(),
        new LaborFeature());
  }
}
