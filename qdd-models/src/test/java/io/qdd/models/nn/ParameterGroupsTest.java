package io.qdd.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterGroupsTest {

  @Test
  void everyParameterBelongsToOneNamedNonEmptyGroup() {
    ParameterGroups g = new ParameterGroups(List.of("a", "b"), new int[] {1, 0, 1});
    assertEquals(2, g.count());
    assertEquals(3, g.parameterCount());
    assertEquals(1, g.groupOf(2));
    assertEquals("ParameterGroups[a=1, b=2]", g.toString());
    int[] copy = g.groupOfEachParameter();
    copy[0] = 0;
    assertEquals(1, g.groupOf(0), "the partition cannot be changed from outside");

    IllegalArgumentException outOfRange =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ParameterGroups(List.of("a", "b"), new int[] {0, 2}));
    assertTrue(
        outOfRange.getMessage().contains("parameter 1 is in group 2"), outOfRange.getMessage());
    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ParameterGroups(List.of("a", "b"), new int[] {0, 0}));
    assertTrue(empty.getMessage().contains("'b' is empty"), empty.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ParameterGroups(List.of("a", "a"), new int[] {0, 1}));
  }

  @Test
  void theSingleGroupOfModelsWithoutGroupsOfTheirOwnHoldsEverything() {
    ParameterGroups g = ParameterGroups.single(5);
    assertEquals(List.of("all"), g.names());
    assertEquals(5, g.parameterCount());
    for (int i = 0; i < g.parameterCount(); i++) {
      assertEquals(0, g.groupOf(i));
    }
    assertThrows(IllegalArgumentException.class, () -> ParameterGroups.single(0));
  }
}
