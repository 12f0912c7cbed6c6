package dev.wrench.asset;

import dev.wrench.bus.Bus;
import dev.wrench.bus.ResourceService;

/**
 * The bus contract of assets: the five verbs of a plain resource, served by the database verticles.
 */
@Bus.Address(AssetService.ADDRESS)
public interface AssetService extends ResourceService {
  String ADDRESS = "wrench.db.assets";
}
