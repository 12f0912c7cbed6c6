package dev.wrench.pm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * What one round of the generator does with a schedule, without I/O: of the occurrences from the
 * schedule's next one on, those whose {@code due_at - lead_time_days} has come are recorded. The
 * ones still ahead (due in the lead time) are all generated; of the missed ones (due already, as
 * after downtime) the newest {@code limit} are generated and the older ones recorded as skipped.
 */
public final class CatchUp {

  private CatchUp() {}

  /**
   * @param generate the occurrences to generate, newest first
   * @param skip the missed occurrences beyond the limit
   * @param next the first occurrence not reached yet (null: the rule has ended)
   */
  public record Plan(List<Occurrence> generate, List<Occurrence> skip, Occurrence next) {}

  public static Plan plan(Iterator<Occurrence> upcoming, Instant now, int leadDays, int limit) {
    Duration lead = Duration.ofDays(leadDays);
    List<Occurrence> missed = new ArrayList<>();
    List<Occurrence> ahead = new ArrayList<>();
    Occurrence next = null;
    for (int step = 0; upcoming.hasNext(); step++) {
      Occurrence occurrence = upcoming.next();
      if (occurrence.dueAt().minus(lead).isAfter(now) || step >= Occurrences.MAX_STEPS) {
        next = occurrence;
        break;
      }
      (occurrence.dueAt().isAfter(now) ? ahead : missed).add(occurrence);
    }
    int kept = Math.min(limit, missed.size());
    List<Occurrence> generate = new ArrayList<>(ahead);
    generate.addAll(missed.subList(missed.size() - kept, missed.size()));
    Collections.reverse(generate);
    List<Occurrence> skip = List.copyOf(missed.subList(0, missed.size() - kept));
    return new Plan(List.copyOf(generate), skip, next);
  }
}
