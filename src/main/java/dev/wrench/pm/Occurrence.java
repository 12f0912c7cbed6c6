package dev.wrench.pm;

import java.time.Instant;

/**
 * One occurrence of a schedule: when it is scheduled (its identity, the key in pm_occurrences) and
 * when it is due (the same, unless the non-working-day policy moved it).
 */
public record Occurrence(Instant occurrenceAt, Instant dueAt) {}
