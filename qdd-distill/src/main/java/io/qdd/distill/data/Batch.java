package io.qdd.distill.data;

/**
 * A mini-batch as primitive arrays: {@code images} holds {@code size × channels × height × width}
 * normalised values in row-major (N, C, H, W) order, {@code labels} the {@code size} class labels.
 * The arrays are freshly allocated for this batch and handed over without copying: the receiver
 * owns them.
 */
public final class Batch {
  private final double[] images;
  private final int[] labels;
  private final int channels;
  private final int height;
  private final int width;

  /**
   * @param images (N, C, H, W) values, length {@code labels.length × channels × height × width}
   * @param labels the N labels
   * @param channels C
   * @param height H
   * @param width W
   */
  public Batch(double[] images, int[] labels, int channels, int height, int width) {
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "batch dimensions must be positive, got C=" + channels + " H=" + height + " W=" + width);
    }
    if ((long) labels.length * channels * height * width != images.length) {
      throw new IllegalArgumentException(
          "batch of "
              + labels.length
              + " labels needs "
              + (long) labels.length * channels * height * width
              + " image values, got "
              + images.length);
    }
    this.images = images;
    this.labels = labels;
    this.channels = channels;
    this.height = height;
    this.width = width;
  }

  /** The (N, C, H, W) values; not copied. */
  public double[] images() {
    return images;
  }

  /** The N labels; not copied. */
  public int[] labels() {
    return labels;
  }

  /** N, the number of images. */
  public int size() {
    return labels.length;
  }

  /** C. */
  public int channels() {
    return channels;
  }

  /** H. */
  public int height() {
    return height;
  }

  /** W. */
  public int width() {
    return width;
  }

  /** The value at image {@code n}, channel {@code c}, row {@code y}, column {@code x}. */
  public double value(int n, int c, int y, int x) {
    return images[((n * channels + c) * height + y) * width + x];
  }
}
