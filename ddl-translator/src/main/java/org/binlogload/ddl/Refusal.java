package org.binlogload.ddl;

import java.util.Objects;

/** Why a statement cannot be applied to the target, and what the user can do about it. */
public record Refusal(String statement, String reason, String remedy) {

  /** Validates. */
  public Refusal {
    Objects.requireNonNull(statement, "statement == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(remedy, "remedy == null");
  }

  /** Reason and remedy in one sentence-like line. */
  public String message() {
    return reason + "; " + remedy;
  }

  @Override
  public String toString() {
    return "refused: " + message();
  }
}
