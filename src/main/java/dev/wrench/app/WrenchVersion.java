package dev.wrench.app;

import picocli.CommandLine.IVersionProvider;

/** The jar's version (its manifest's), {@code dev} when run from classes. */
final class WrenchVersion implements IVersionProvider {

  static String of() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"wrench " + of()};
  }
}
