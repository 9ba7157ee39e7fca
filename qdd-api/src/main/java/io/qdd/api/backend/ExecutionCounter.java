package io.qdd.api.backend;

import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe, exact counts of circuit executions and shots by {@link Purpose}. Every backend owns
 * one and records every execution it makes, whoever asked for it.
 */
public final class ExecutionCounter {
  private final LongAdder forwardExecutions = new LongAdder();
  private final LongAdder gradientExecutions = new LongAdder();
  private final LongAdder forwardShots = new LongAdder();
  private final LongAdder gradientShots = new LongAdder();

  /** Records {@code executions} executions drawing {@code shots} shots in all. */
  public void record(Purpose purpose, long executions, long shots) {
    if (executions < 0 || shots < 0) {
      throw new IllegalArgumentException("negative count");
    }
    if (purpose == Purpose.FORWARD) {
      forwardExecutions.add(executions);
      forwardShots.add(shots);
    } else {
      gradientExecutions.add(executions);
      gradientShots.add(shots);
    }
  }

  /** The counts so far. */
  public ExecutionStats snapshot() {
    return new ExecutionStats(
        forwardExecutions.sum(), gradientExecutions.sum(), forwardShots.sum(), gradientShots.sum());
  }

  /** Sets every count back to zero. */
  public void reset() {
    forwardExecutions.reset();
    gradientExecutions.reset();
    forwardShots.reset();
    gradientShots.reset();
  }
}
