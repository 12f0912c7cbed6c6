package dev.wrench.bus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a feature declares its bus contract: a Java interface whose methods return {@code
 * Future<JsonObject>}, annotated with its address. Each method is one address, {@code
 * <address>.<verb>}, the verb the method's name in kebab case unless {@link Verb} names it; each
 * parameter one field of the request, named as the parameter in snake case ({@code ifMatch} →
 * {@code if_match}). {@link BusClient} makes the caller's side of such an interface, {@link
 * BusServer} binds an implementation on the serving side, so that neither writes an address or a
 * message by hand.
 *
 * <p>The wire stays plain JSON ({@code {actor, id, query, body, …}}): what the event bus traces and
 * meters per address, and what a test or another node sends.
 */
public final class Bus {

  private Bus() {}

  /** The address prefix of a service interface, e.g. {@code wrench.db.sites}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Address {
    String value();
  }

  /** The verb of a method when its name is not it, e.g. {@code history.list}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  public @interface Verb {
    String value();
  }

  /**
   * The one {@code JsonObject} parameter that is the whole request, for the internal messages whose
   * shape is their own (a worker's claim, a lease).
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  public @interface Message {}

  /**
   * A write that may append events to the outbox in its transaction: once it has committed, the
   * serving side wakes this process's relay.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  public @interface AppendsEvents {}
}
