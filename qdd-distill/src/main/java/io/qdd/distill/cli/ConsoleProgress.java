package io.qdd.distill.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars (with elapsed time, ETA and a message) on a command's output writer. Without a
 * terminal every update is another chunk of log, so the bar then updates rarely.
 */
final class ConsoleProgress {
  private ConsoleProgress() {}

  /** A bar for {@code task} counting {@code initial..max} on {@code out}. */
  static ProgressBar bar(PrintWriter out, String task, long initial, long max) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .startsFrom(initial, java.time.Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(System.console() == null ? 10_000 : 500)
        .setConsumer(
            new ConsoleProgressBarConsumer(
                new PrintStream(new WriterOutputStream(out), true, StandardCharsets.UTF_8)))
        .build();
  }

  /** Bytes to a writer, UTF-8 (the progress bar wants a PrintStream). */
  private static final class WriterOutputStream extends OutputStream {
    private final PrintWriter w;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    WriterOutputStream(PrintWriter w) {
      this.w = w;
    }

    @Override
    public void write(int b) {
      line.write(b);
    }

    @Override
    public void flush() {
      w.write(line.toString(StandardCharsets.UTF_8));
      line.reset();
      w.flush();
    }
  }
}
