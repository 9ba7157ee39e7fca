package io.qdd.distill.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny HTTP server on 127.0.0.1 (ephemeral port) serving byte arrays by path, honouring single
 * {@code Range: bytes=N-} requests, with switchable faults. Stopped by {@link #close()}.
 */
final class LoopbackServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  /** How the next requests are answered. */
  enum Mode {
    NORMAL,
    /** Promise the whole body but send only half of it, then drop the connection. */
    CUT_HALFWAY,
    /** Answer 500. */
    ERROR,
    /** Ignore Range headers (always 200 with the whole body). */
    IGNORE_RANGE
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  volatile Mode mode = Mode.NORMAL;

  LoopbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  void put(String path, byte[] content) {
    files.put(path, content);
  }

  /** The base URL, ending in {@code /}. */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String range = ex.getRequestHeaders().getFirst("Range");
      requests.add(path + (range == null ? "" : " " + range));
      byte[] body = files.get(path);
      if (mode == Mode.ERROR) {
        ex.sendResponseHeaders(500, -1);
        return;
      }
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      int from = 0;
      Matcher m = range == null ? null : RANGE.matcher(range);
      if (m != null && m.matches() && mode != Mode.IGNORE_RANGE) {
        from = Integer.parseInt(m.group(1));
        if (from >= body.length) {
          ex.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
          ex.sendResponseHeaders(416, -1);
          return;
        }
        ex.getResponseHeaders()
            .add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        ex.sendResponseHeaders(206, body.length - from);
      } else {
        ex.sendResponseHeaders(200, body.length);
      }
      OutputStream out = ex.getResponseBody();
      if (mode == Mode.CUT_HALFWAY) {
        int half = from + Math.max(1, (body.length - from) / 2);
        out.write(body, from, half - from);
        out.flush();
        // Give the client time to take in what was sent before the connection drops.
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        // Leaving without sending the rest: the server closes the connection short.
        return;
      }
      out.write(body, from, body.length - from);
    } catch (IOException e) {
      // a cut connection on purpose
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
