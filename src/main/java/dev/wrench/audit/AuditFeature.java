package dev.wrench.audit;

import dev.wrench.feature.Feature;
import dev.wrench.http.AuditRecording;
import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;

/** The audit log: written by the request pipeline ({@link AuditRecording}), read by admins. */
public final class AuditFeature implements Feature {

  @Override
  public void store(StoreContext store) {
    AuditRepository repository = new AuditRepository(store.db());
    store.serve(AuditService.class, (AuditService) repository::list);
    store.serve(AuditRecording.class, (AuditRecording) repository::record);
  }

  @Override
  public void routes(RouteContext routes) {
    AuditService audit = routes.service(AuditService.class);
    routes.handle("listAuditEvents", routes.api().list(audit::list));
  }
}
