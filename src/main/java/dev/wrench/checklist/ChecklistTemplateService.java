package dev.wrench.checklist;

import dev.wrench.bus.Bus;
import dev.wrench.bus.ResourceService;

/**
 * The bus contract of checklist templates: the five verbs of a plain resource, served by the
 * database verticles.
 */
@Bus.Address(ChecklistTemplateService.ADDRESS)
public interface ChecklistTemplateService extends ResourceService {
  String ADDRESS = "wrench.db.checklist-templates";
}
