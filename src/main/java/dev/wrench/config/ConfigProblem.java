package dev.wrench.config;

/** One bad key: its dotted name and what is wrong with it ("http.port must be ..."). */
record ConfigProblem(String key, String message) {

  @Override
  public String toString() {
    return key + " " + message;
  }
}
