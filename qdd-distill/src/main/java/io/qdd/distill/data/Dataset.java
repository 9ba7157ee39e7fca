package io.qdd.distill.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * N images of C×H×W unsigned-byte pixels (stored compactly, one byte each, image after image in (C,
 * H, W) row-major order), their int labels in {@code 0..numClasses()−1}, the class names and a
 * name. Immutable: every derived set ({@link #first}, {@link #select}, {@link #shuffled}, {@link
 * #filterClasses}) is a new object, and no accessor exposes the internal arrays.
 *
 * <p>Batches come out as {@code double[]} (N, C, H, W) arrays of pixels scaled to [0, 1] and then
 * standardised per channel by a {@link Normalization}.
 */
public final class Dataset {
  private final String name;
  private final int channels;
  private final int height;
  private final int width;
  private final byte[] pixels;
  private final int[] labels;
  private final List<String> classNames;

  private Dataset(
      String name,
      int channels,
      int height,
      int width,
      byte[] pixels,
      int[] labels,
      List<String> classNames) {
    this.name = name;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.pixels = pixels;
    this.labels = labels;
    this.classNames = classNames;
  }

  /**
   * A data set over copies of the given arrays.
   *
   * @param name a non-blank name, e.g. {@code "MNIST train"}
   * @param channels C, positive
   * @param height H, positive
   * @param width W, positive
   * @param pixels N × C × H × W bytes, read as unsigned 0..255
   * @param labels N labels, each in {@code 0..classNames.size()−1}
   * @param classNames the non-empty class names, index = label
   */
  public static Dataset of(
      String name,
      int channels,
      int height,
      int width,
      byte[] pixels,
      int[] labels,
      List<String> classNames) {
    return wrap(name, channels, height, width, pixels.clone(), labels.clone(), classNames);
  }

  /** As {@link #of} but takes ownership of the arrays instead of copying them. */
  static Dataset wrap(
      String name,
      int channels,
      int height,
      int width,
      byte[] pixels,
      int[] labels,
      List<String> classNames) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a data set needs a non-blank name");
    }
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          name
              + ": image dimensions must be positive, got C="
              + channels
              + " H="
              + height
              + " W="
              + width);
    }
    long expected = (long) labels.length * channels * height * width;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          name
              + ": "
              + labels.length
              + " images of "
              + channels
              + "x"
              + height
              + "x"
              + width
              + " need "
              + expected
              + " pixel bytes, got "
              + pixels.length);
    }
    List<String> names = List.copyOf(classNames);
    if (names.isEmpty()) {
      throw new IllegalArgumentException(name + ": needs at least one class name");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= names.size()) {
        throw new IllegalArgumentException(
            name
                + ": label "
                + labels[i]
                + " of image "
                + i
                + " is outside 0.."
                + (names.size() - 1));
      }
    }
    return new Dataset(name, channels, height, width, pixels, labels, names);
  }

  /** The name. */
  public String name() {
    return name;
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

  /** C × H × W. */
  public int valuesPerImage() {
    return channels * height * width;
  }

  /** The class names, index = label (unmodifiable). */
  public List<String> classNames() {
    return classNames;
  }

  /** The number of classes. */
  public int numClasses() {
    return classNames.size();
  }

  /** The label of image {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** A copy of all labels. */
  public int[] labels() {
    return labels.clone();
  }

  /** Pixel {@code (c, y, x)} of image {@code i}, 0..255. */
  public int pixel(int i, int c, int y, int x) {
    if (c < 0 || c >= channels || y < 0 || y >= height || x < 0 || x >= width) {
      throw new IndexOutOfBoundsException(
          "pixel ("
              + c
              + ", "
              + y
              + ", "
              + x
              + ") outside "
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
    return pixels[(int) ((long) i * valuesPerImage()) + (c * height + y) * width + x] & 0xff;
  }

  /** A copy of image {@code i}'s C × H × W bytes. */
  public byte[] image(int i) {
    int per = valuesPerImage();
    byte[] out = new byte[per];
    System.arraycopy(pixels, Math.multiplyExact(i, per), out, 0, per);
    return out;
  }

  /** How many images each class has, index = label. */
  public int[] classCounts() {
    int[] counts = new int[classNames.size()];
    for (int l : labels) {
      counts[l]++;
    }
    return counts;
  }

  /** The same images under another name. */
  public Dataset withName(String newName) {
    return wrap(newName, channels, height, width, pixels, labels, classNames);
  }

  /** The first {@code n} images (all of them if {@code n} is at least {@link #size()}). */
  public Dataset first(int n) {
    if (n < 0) {
      throw new IllegalArgumentException(name + ": cannot take the first " + n + " images");
    }
    int m = Math.min(n, size());
    int[] idx = new int[m];
    for (int i = 0; i < m; i++) {
      idx[i] = i;
    }
    return select(idx).withName(name + " first " + m);
  }

  /** The images {@code from} (inclusive) to {@code to} (exclusive), in order. */
  public Dataset slice(int from, int to) {
    if (from < 0 || to < from || to > size()) {
      throw new IllegalArgumentException(
          name + ": cannot take images " + from + " to " + to + " of " + size());
    }
    int[] idx = new int[to - from];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = from + i;
    }
    return select(idx).withName(name + " [" + from + ", " + to + ")");
  }

  /** The images at {@code indices}, in that order (repeats allowed), same classes. */
  public Dataset select(int[] indices) {
    int per = valuesPerImage();
    byte[] px = new byte[Math.multiplyExact(indices.length, per)];
    int[] lb = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      if (i < 0 || i >= size()) {
        throw new IndexOutOfBoundsException(
            name + ": index " + i + " at position " + k + " outside 0.." + (size() - 1));
      }
      System.arraycopy(pixels, i * per, px, k * per, per);
      lb[k] = labels[i];
    }
    return new Dataset(name, channels, height, width, px, lb, classNames);
  }

  /** The images reordered by {@link #permutation(int, long) permutation(size(), seed)}. */
  public Dataset shuffled(long seed) {
    return select(permutation(size(), seed)).withName(name + " shuffled(" + seed + ")");
  }

  /**
   * A permutation of {@code 0..n−1} determined by {@code seed} alone: a Fisher–Yates shuffle driven
   * by {@link java.util.Random}, whose sequence the Java specification fixes, so the same seed
   * gives the same order on every JVM.
   */
  public static int[] permutation(int n, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("permutation length must be non-negative, got " + n);
    }
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    Random rnd = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * Only the images of the given classes, relabelled {@code classes[k] → k} (the convention of the
   * papers this project follows: a subset of k classes has labels 0..k−1). Class names follow the
   * new labels. Image order is kept. Passing {@code 0, 1, …, k−1} keeps the original labels.
   *
   * @param classes distinct labels of this data set, at least one
   */
  public Dataset filterClasses(int... classes) {
    if (classes.length == 0) {
      throw new IllegalArgumentException(name + ": a class subset needs at least one class");
    }
    int[] newLabel = new int[numClasses()];
    java.util.Arrays.fill(newLabel, -1);
    List<String> names = new ArrayList<>();
    for (int k = 0; k < classes.length; k++) {
      int c = classes[k];
      if (c < 0 || c >= numClasses()) {
        throw new IllegalArgumentException(
            name + ": class " + c + " is outside 0.." + (numClasses() - 1));
      }
      if (newLabel[c] >= 0) {
        throw new IllegalArgumentException(name + ": class " + c + " listed twice");
      }
      newLabel[c] = k;
      names.add(classNames.get(c));
    }
    int count = 0;
    for (int l : labels) {
      if (newLabel[l] >= 0) {
        count++;
      }
    }
    int per = valuesPerImage();
    byte[] px = new byte[Math.multiplyExact(count, per)];
    int[] lb = new int[count];
    int k = 0;
    for (int i = 0; i < labels.length; i++) {
      int nl = newLabel[labels[i]];
      if (nl >= 0) {
        System.arraycopy(pixels, i * per, px, k * per, per);
        lb[k++] = nl;
      }
    }
    return new Dataset(
        name + " classes " + java.util.Arrays.toString(classes),
        channels,
        height,
        width,
        px,
        lb,
        List.copyOf(names));
  }

  /** All images as one batch, in order. */
  public Batch toBatch(Normalization norm) {
    return batch(0, size(), norm);
  }

  /** Images {@code from} (inclusive) to {@code to} (exclusive) as a batch. */
  public Batch batch(int from, int to, Normalization norm) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException(
          name + ": batch range [" + from + ", " + to + ") outside [0, " + size() + "]");
    }
    int[] idx = new int[to - from];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = from + i;
    }
    return batch(idx, 0, idx.length, norm);
  }

  /** The images {@code order[from..from+count−1]} as a batch, in that order. */
  public Batch batch(int[] order, int from, int count, Normalization norm) {
    checkChannels(norm);
    int per = valuesPerImage();
    double[] out = new double[Math.multiplyExact(count, per)];
    int[] lb = new int[count];
    fill(order, from, count, norm.lookupTable(), out, lb);
    return new Batch(out, lb, channels, height, width);
  }

  private void fill(int[] order, int from, int count, double[] lut, double[] out, int[] lb) {
    int per = valuesPerImage();
    int plane = height * width;
    for (int k = 0; k < count; k++) {
      int i = order[from + k];
      if (i < 0 || i >= size()) {
        throw new IndexOutOfBoundsException(name + ": index " + i + " outside 0.." + (size() - 1));
      }
      int src = i * per;
      int dst = k * per;
      for (int c = 0; c < channels; c++) {
        int base = c * 256;
        for (int j = 0; j < plane; j++) {
          out[dst++] = lut[base + (pixels[src++] & 0xff)];
        }
      }
      lb[k] = labels[i];
    }
  }

  private void checkChannels(Normalization norm) {
    if (norm.channels() != channels) {
      throw new IllegalArgumentException(
          name + " has " + channels + " channel(s) but the normalisation has " + norm.channels());
    }
  }

  /**
   * One epoch of mini-batches in the order {@link #permutation(int, long) permutation(size(),
   * seed)}; the last batch is smaller when {@code batchSize} does not divide {@link #size()}.
   */
  public Iterator<Batch> epoch(int batchSize, long seed, Normalization norm) {
    return epoch(batchSize, seed, norm, false);
  }

  /**
   * One epoch of mini-batches in the order {@link #permutation(int, long) permutation(size(),
   * seed)}.
   *
   * @param batchSize images per batch, positive
   * @param seed determines the order
   * @param norm the per-channel normalisation, one channel per image channel
   * @param dropLast whether to leave out a last batch smaller than {@code batchSize}
   */
  public Iterator<Batch> epoch(int batchSize, long seed, Normalization norm, boolean dropLast) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException(name + ": batch size must be positive, got " + batchSize);
    }
    checkChannels(norm);
    int[] order = permutation(size(), seed);
    double[] lut = norm.lookupTable();
    int end = dropLast ? size() - size() % batchSize : size();
    return new Iterator<>() {
      private int next = 0;

      @Override
      public boolean hasNext() {
        return next < end;
      }

      @Override
      public Batch next() {
        if (next >= end) {
          throw new NoSuchElementException(name + ": epoch exhausted");
        }
        int count = Math.min(batchSize, end - next);
        double[] out = new double[count * valuesPerImage()];
        int[] lb = new int[count];
        fill(order, next, count, lut, out, lb);
        next += count;
        return new Batch(out, lb, channels, height, width);
      }
    };
  }

  /**
   * The per-channel mean and population standard deviation of the [0, 1]-scaled pixels of all
   * images, as a {@link Normalization} (exact: accumulated from a 256-bin histogram per channel).
   */
  public Normalization channelStatistics() {
    if (size() == 0) {
      throw new IllegalStateException(name + ": no images to compute statistics from");
    }
    long[][] hist = new long[channels][256];
    int plane = height * width;
    int src = 0;
    for (int i = 0; i < size(); i++) {
      for (int c = 0; c < channels; c++) {
        long[] h = hist[c];
        for (int j = 0; j < plane; j++) {
          h[pixels[src++] & 0xff]++;
        }
      }
    }
    double[] mean = new double[channels];
    double[] std = new double[channels];
    double n = (double) size() * plane;
    for (int c = 0; c < channels; c++) {
      double s = 0;
      for (int p = 0; p < 256; p++) {
        s += hist[c][p] * (p / 255.0);
      }
      double m = s / n;
      double v = 0;
      for (int p = 0; p < 256; p++) {
        double d = p / 255.0 - m;
        v += hist[c][p] * d * d;
      }
      mean[c] = m;
      std[c] = Math.sqrt(v / n);
    }
    return new Normalization(mean, std);
  }

  /** Concatenates data sets of equal shape and classes, in order, under {@code newName}. */
  public static Dataset concat(String newName, List<Dataset> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(newName + ": nothing to concatenate");
    }
    Dataset first = parts.get(0);
    long total = 0;
    for (Dataset d : parts) {
      if (d.channels != first.channels
          || d.height != first.height
          || d.width != first.width
          || !d.classNames.equals(first.classNames)) {
        throw new IllegalArgumentException(
            newName + ": '" + d.name + "' differs from '" + first.name + "' in shape or classes");
      }
      total += d.size();
    }
    int per = first.valuesPerImage();
    byte[] px = new byte[Math.toIntExact(total * per)];
    int[] lb = new int[(int) total];
    int at = 0;
    for (Dataset d : parts) {
      System.arraycopy(d.pixels, 0, px, at * per, d.pixels.length);
      System.arraycopy(d.labels, 0, lb, at, d.labels.length);
      at += d.size();
    }
    return new Dataset(
        newName, first.channels, first.height, first.width, px, lb, first.classNames);
  }

  @Override
  public String toString() {
    return name
        + " ("
        + size()
        + " images "
        + channels
        + "x"
        + height
        + "x"
        + width
        + ", "
        + numClasses()
        + " classes)";
  }
}
