package io.qdd.distill.train;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes PNG images into a stream. Unlike {@code ImageIO.write(image, "png", stream)}, which
 * caches through a temporary file whose clean-up registers a JVM shutdown hook, this caches in
 * memory, so it also works while the JVM shuts down — which is exactly when a run stopped by
 * SIGTERM writes its final plots.
 */
public final class Png {
  private Png() {}

  /** Writes {@code image} to {@code out} as PNG (the stream is flushed, not closed). */
  public static void write(RenderedImage image, OutputStream out) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new IOException("no PNG writer available");
    }
    ImageWriter writer = writers.next();
    try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(image);
    } finally {
      writer.dispose();
    }
    out.flush();
  }
}
