package io.qdd.distill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class WallTimeConverterTest {
  private final WallTimeConverter converter = new WallTimeConverter();

  @Test
  void readsSecondsMinutesHoursAndIso8601() {
    assertEquals(Duration.ofSeconds(900), converter.convert("900"));
    assertEquals(Duration.ofSeconds(900), converter.convert("900s"));
    assertEquals(Duration.ofSeconds(900), converter.convert("15m"));
    assertEquals(Duration.ofSeconds(900), converter.convert("15M"));
    assertEquals(Duration.ofSeconds(7200), converter.convert("2h"));
    assertEquals(Duration.ofSeconds(5400), converter.convert("1.5h"));
    assertEquals(Duration.ofSeconds(5400), converter.convert("PT1H30M"));
    assertEquals(Duration.ofMillis(2500), converter.convert("2.5s"));
    assertEquals(Duration.ZERO, converter.convert("0"));
  }

  @Test
  void refusesWhatIsNotAWallTimeWithAMessageThatSaysWhatIs() {
    for (String bad : new String[] {"15x", "", "m", "fifteen minutes", "PT", "NaN", "Infinityh"}) {
      TypeConversionException e =
          assertThrows(TypeConversionException.class, () -> converter.convert(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    TypeConversionException negative =
        assertThrows(TypeConversionException.class, () -> converter.convert("-5m"));
    assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
  }
}
