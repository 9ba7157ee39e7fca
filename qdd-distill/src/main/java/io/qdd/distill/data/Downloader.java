package io.qdd.distill.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Downloads one file over HTTP(S) safely: the bytes go to {@code TARGET.part}; if a partial {@code
 * .part} is already there the transfer resumes with an HTTP {@code Range} request (and starts over
 * if the server ignores it); a progress bar shows the transfer; the SHA-256 is verified; only then
 * is the file renamed (atomically where the file system allows) to its target name. A checksum
 * mismatch deletes the {@code .part} file, so nothing unverified is ever left under the target
 * name. A transfer cut short keeps its {@code .part} for the next attempt. Immutable and
 * thread-safe for different targets.
 */
public final class Downloader {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final HttpClient client;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Consumer<String> progressOutput; // null: the console (standard error)
  private final boolean showProgress;

  private Downloader(Builder b) {
    this.client =
        b.client != null
            ? b.client
            : HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.progressOutput = b.progressOutput;
    this.showProgress = b.showProgress;
  }

  /** A downloader with default settings: 3 attempts, progress bar on standard error. */
  public static Downloader defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** An HTTP response other than success (or a partial-content answer to a range request). */
  public static final class HttpStatusException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    HttpStatusException(URI uri, int status) {
      super(uri + ": the server answered HTTP " + status);
      this.status = status;
    }

    /** The HTTP status code. */
    public int status() {
      return status;
    }
  }

  /** No response at all: the host cannot be resolved or reached, or refused the connection. */
  public static final class NoConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    NoConnectionException(URI uri, IOException cause) {
      super(
          uri
              + ": no connection ("
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
              + ")",
          cause);
    }
  }

  /**
   * Downloads {@code uri} to {@code target}, verified against {@code digest}.
   *
   * @return {@code target}
   * @throws ChecksumMismatchException if the downloaded bytes do not match (nothing is kept)
   * @throws HttpStatusException if the server answers with an error status (a partial {@code .part}
   *     file from an earlier attempt is kept)
   * @throws NoConnectionException if the server cannot be reached (not retried)
   * @throws IOException if every attempt was cut short ({@code .part} kept to resume from)
   */
  public Path download(URI uri, Path target, ExpectedDigest digest) throws IOException {
    Objects.requireNonNull(digest, "digest");
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path part = target.resolveSibling(target.getFileName() + ".part");
    IOException last = null;
    boolean done = false;
    for (int attempt = 1; attempt <= maxAttempts && !done; attempt++) {
      try {
        transfer(uri, part);
        done = true;
      } catch (HttpStatusException | NoConnectionException e) {
        throw e;
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        last = e;
      }
    }
    if (!done) {
      long have = Files.exists(part) ? Files.size(part) : 0;
      throw new IOException(
          uri
              + ": transfer interrupted "
              + maxAttempts
              + " time(s); "
              + have
              + " bytes kept in "
              + part
              + " to resume from ("
              + last.getMessage()
              + ")",
          last);
    }
    try {
      digest.verify(part, uri.toString());
    } catch (IOException e) {
      Files.deleteIfExists(part);
      throw e;
    }
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  /** One HTTP exchange appending to (or restarting) {@code part}. */
  private void transfer(URI uri, Path part) throws IOException {
    long have = Files.exists(part) ? Files.size(part) : 0;
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET();
    if (have > 0) {
      rb.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(uri + ": download interrupted");
    } catch (IOException e) {
      throw new NoConnectionException(uri, e);
    }
    int status = resp.statusCode();
    long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
    long total;
    boolean append;
    if (status == 206 && have > 0) {
      String range = resp.headers().firstValue("Content-Range").orElse("");
      Matcher m = CONTENT_RANGE.matcher(range);
      if (!m.matches() || Long.parseLong(m.group(1)) != have) {
        resp.body().close();
        Files.deleteIfExists(part);
        throw new IOException(
            uri + ": asked to resume at byte " + have + " but got Content-Range '" + range + "'");
      }
      append = true;
      total =
          m.group(3).equals("*") ? (length < 0 ? -1 : have + length) : Long.parseLong(m.group(3));
    } else if (status == 200) {
      append = false;
      have = 0;
      total = length;
    } else if (status == 416 && have > 0) {
      // Nothing left to send: the part file is already complete (the checksum decides).
      resp.body().close();
      return;
    } else {
      resp.body().close();
      throw new HttpStatusException(uri, status);
    }
    StandardOpenOption[] opts =
        append
            ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
            : new StandardOpenOption[] {
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE
            };
    long written = have;
    try (InputStream in = resp.body();
        OutputStream out = Files.newOutputStream(part, opts);
        ProgressBar bar = progressBar(part, total, have)) {
      byte[] buf = new byte[1 << 16];
      int r;
      while ((r = in.read(buf)) > 0) {
        out.write(buf, 0, r);
        written += r;
        if (bar != null) {
          bar.stepTo(written);
        }
      }
    }
    if (total >= 0 && written != total) {
      throw new IOException(uri + ": transfer ended after " + written + " of " + total + " bytes");
    }
  }

  private ProgressBar progressBar(Path part, long total, long start) {
    if (!showProgress) {
      return null;
    }
    String name = part.getFileName().toString();
    ProgressBarBuilder b =
        new ProgressBarBuilder()
            .setTaskName(name.substring(0, name.length() - ".part".length()))
            .setInitialMax(total)
            .setUnit("KiB", 1024)
            .showSpeed()
            .startsFrom(start, Duration.ZERO)
            .setConsumer(
                progressOutput == null
                    ? new ConsoleProgressBarConsumer(System.err)
                    : new DelegatingProgressBarConsumer(progressOutput));
    return b.build();
  }

  /** Configures a {@link Downloader}. */
  public static final class Builder {
    private HttpClient client;
    private Duration connectTimeout = Duration.ofSeconds(20);
    private Duration requestTimeout = Duration.ofMinutes(2);
    private int maxAttempts = 3;
    private Consumer<String> progressOutput;
    private boolean showProgress = true;

    private Builder() {}

    /** The HTTP client to use (default: one following redirects, 20 s connect timeout). */
    public Builder httpClient(HttpClient c) {
      this.client = Objects.requireNonNull(c);
      return this;
    }

    /** The connect timeout of the default client. */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** How long to wait for a response's headers. */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** How many transfers (each resuming the previous) to try before giving up; at least 1. */
    public Builder maxAttempts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + n);
      }
      this.maxAttempts = n;
      return this;
    }

    /**
     * Renders the progress bar into {@code sink} (each call one rendered line) instead of stderr.
     */
    public Builder progressOutput(Consumer<String> sink) {
      this.progressOutput = Objects.requireNonNull(sink);
      this.showProgress = true;
      return this;
    }

    /** Shows no progress bar. */
    public Builder quiet() {
      this.showProgress = false;
      return this;
    }

    /** The downloader. */
    public Downloader build() {
      return new Downloader(this);
    }
  }
}
