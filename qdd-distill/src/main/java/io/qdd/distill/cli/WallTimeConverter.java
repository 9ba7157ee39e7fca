package io.qdd.distill.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a wall-time budget as people write one: {@code 900} or {@code 900s} (seconds), {@code 15m},
 * {@code 2h}, or an ISO-8601 duration such as {@code PT1H30M}. Zero means none.
 */
final class WallTimeConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String s = value.strip().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (s.isEmpty()) {
        throw new NumberFormatException();
      } else if (s.startsWith("p")) {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } else {
        char unit = s.charAt(s.length() - 1);
        double factor =
            switch (unit) {
              case 's' -> 1;
              case 'm' -> 60;
              case 'h' -> 3600;
              default -> Character.isDigit(unit) ? 1 : Double.NaN;
            };
        String number = Character.isDigit(unit) ? s : s.substring(0, s.length() - 1);
        double seconds = Double.parseDouble(number) * factor;
        if (!Double.isFinite(seconds)) {
          throw new NumberFormatException();
        }
        d = Duration.ofNanos(Math.round(seconds * 1e9));
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a wall time: give seconds (900, 900s), minutes (15m), hours (2h)"
              + " or ISO-8601 (PT1H30M)");
    }
    if (d.isNegative()) {
      throw new TypeConversionException("'" + value + "': a wall time cannot be negative");
    }
    return d;
  }
}
