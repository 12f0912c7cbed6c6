package dev.wrench.feature;

import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;

/**
 * One feature of Wrench, as the shared machinery sees it: its services on the database verticles
 * and its handlers on the HTTP verticles. A feature lives in one package (its routes, its bus
 * contract, its repository and SQL, its rules); the application lists it once ({@code
 * dev.wrench.app.Features}) and the rest follows from here.
 */
public interface Feature {

  /**
   * Serves this feature's bus contracts on one database verticle: called once per instance, on its
   * event loop, with that instance's pool.
   */
  default void store(StoreContext store) {}

  /**
   * Binds this feature's handlers to its operationIds: called once per HTTP verticle, on its event
   * loop, before the router is built.
   */
  default void routes(RouteContext routes) {}
}
