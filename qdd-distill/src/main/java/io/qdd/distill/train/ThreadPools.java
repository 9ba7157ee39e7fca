package io.qdd.distill.train;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Runs a job with a given number of worker threads: the tensor kernels' parallel loops started from
 * inside a fork-join pool's task run in that pool, so the job's parallelism is the pool's.
 */
public final class ThreadPools {
  private ThreadPools() {}

  /** A job that may throw {@link IOException}. */
  @FunctionalInterface
  public interface Job<T> {
    /** Runs the job. */
    T call() throws IOException;
  }

  /**
   * Runs {@code job} in a pool of {@code threads} workers, or in the calling thread (with the
   * common pool's parallelism) when {@code threads} is 0, and rethrows what it throws.
   */
  public static <T> T call(int threads, Job<T> job) throws IOException {
    if (threads == 0) {
      return job.call();
    }
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      return pool.submit(job::call).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      c = unwrapped(c);
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    } finally {
      pool.shutdown();
    }
  }

  /**
   * The job's own exception: a pool wraps a checked one in a plain {@link RuntimeException}, and
   * {@link java.util.concurrent.ForkJoinTask} may rethrow a copy made by reflection; both have the
   * original as their cause and no message of their own beyond it.
   */
  private static Throwable unwrapped(Throwable c) {
    while (c.getCause() != null
        && (c.getClass() == RuntimeException.class || c.getClass() == c.getCause().getClass())
        && (c.getMessage() == null || c.getMessage().equals(c.getCause().toString()))) {
      c = c.getCause();
    }
    return c;
  }
}
