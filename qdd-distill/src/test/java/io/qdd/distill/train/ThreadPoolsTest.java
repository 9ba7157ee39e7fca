package io.qdd.distill.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ThreadPoolsTest {
  @Test
  void aWorkersExceptionArrivesWithItsOwnMessageNotAReflectiveCopy() {
    // ForkJoinTask rethrows a copy made by reflection (no message, the original as cause) for
    // exception types with a no-argument constructor, such as ArithmeticException.
    ArithmeticException e =
        assertThrows(
            ArithmeticException.class,
            () ->
                ThreadPools.call(
                    1,
                    () -> {
                      throw new ArithmeticException("the loss is NaN");
                    }));
    assertEquals("the loss is NaN", e.getMessage());
    IllegalArgumentException i =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ThreadPools.call(
                    2,
                    () -> {
                      throw new IllegalArgumentException("row 0 holds NaN");
                    }));
    assertEquals("row 0 holds NaN", i.getMessage());
  }

  @Test
  void aWrapperOfTheSameTypeWithItsOwnMessageIsKept() throws IOException {
    IOException inner = new IOException("truncated");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                ThreadPools.call(
                    1,
                    () -> {
                      throw new IOException("cannot read checkpoint c.bin: truncated", inner);
                    }));
    assertEquals("cannot read checkpoint c.bin: truncated", e.getMessage());
    assertSame(inner, e.getCause());
    assertEquals("inline", ThreadPools.call(0, () -> "inline"));
  }
}
