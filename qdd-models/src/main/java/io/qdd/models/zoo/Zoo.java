package io.qdd.models.zoo;

import io.qdd.models.autodiff.ConvOps;
import io.qdd.models.nn.AvgPool2d;
import io.qdd.models.nn.Conv2d;
import io.qdd.models.nn.Flatten;
import io.qdd.models.nn.Linear;
import io.qdd.models.nn.MaxPool2d;
import io.qdd.models.nn.ReLU;
import io.qdd.models.nn.Sequential;
import io.qdd.models.nn.Tanh;
import io.qdd.models.nn.init.WeightInit;

/**
 * The classical convolutional networks used by the distillation papers' code, for inputs of 1 or 3
 * channels and 28×28 or 32×32 pixels, with PyTorch's default initialisation or, on request, the
 * Xavier-normal one of the dataset-distillation code ({@link WeightInit}).
 */
public final class Zoo {
  private Zoo() {}

  /**
   * LeNet as in the dataset-distillation code: conv 6@5×5 (padding 2 for 28×28, 0 for 32×32), ReLU,
   * max-pool 2; conv 16@5×5, ReLU, max-pool 2; flatten (16·5·5 = 400); linear 400→120, ReLU;
   * 120→84, ReLU; 84→classes.
   */
  public static Sequential leNet(int channels, int imageSize, int classes, long seed) {
    return leNet(channels, imageSize, classes, seed, WeightInit.PYTORCH);
  }

  /** {@link #leNet(int, int, int, long)} with the given weight initialisation. */
  public static Sequential leNet(
      int channels, int imageSize, int classes, long seed, WeightInit init) {
    int pad = padding(channels, imageSize, classes);
    return new Sequential(
        seed,
        new Conv2d(channels, 6, 5, 1, pad, true, init.weight(), init.bias()),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(6, 16, 5, 1, 0, true, init.weight(), init.bias()),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(400, 120, true, init.weight(), init.bias()),
        new ReLU(),
        new Linear(120, 84, true, init.weight(), init.bias()),
        new ReLU(),
        new Linear(84, classes, true, init.weight(), init.bias()));
  }

  /**
   * LeNet-5 in LeCun's original style: the {@link #leNet} layout with tanh activations and average
   * pooling.
   */
  public static Sequential leNet5(int channels, int imageSize, int classes, long seed) {
    return leNet5(channels, imageSize, classes, seed, WeightInit.PYTORCH);
  }

  /** {@link #leNet5(int, int, int, long)} with the given weight initialisation. */
  public static Sequential leNet5(
      int channels, int imageSize, int classes, long seed, WeightInit init) {
    int pad = padding(channels, imageSize, classes);
    return new Sequential(
        seed,
        new Conv2d(channels, 6, 5, 1, pad, true, init.weight(), init.bias()),
        new Tanh(),
        new AvgPool2d(2),
        new Conv2d(6, 16, 5, 1, 0, true, init.weight(), init.bias()),
        new Tanh(),
        new AvgPool2d(2),
        new Flatten(),
        new Linear(400, 120, true, init.weight(), init.bias()),
        new Tanh(),
        new Linear(120, 84, true, init.weight(), init.bias()),
        new Tanh(),
        new Linear(84, classes, true, init.weight(), init.bias()));
  }

  /**
   * A small AlexNet-style CIFAR network (about 1.4 M parameters): conv 64@5×5 pad 2, ReLU, max-pool
   * 2; conv 192@5×5 pad 2, ReLU, max-pool 2; conv 256@3×3 pad 1, ReLU, max-pool 2; flatten; linear
   * → classes. For 32×32 inputs the feature map before the classifier is 256×4×4; for 28×28 it is
   * 256×3×3.
   */
  public static Sequential alexNetCifar(int channels, int imageSize, int classes, long seed) {
    return alexNetCifar(channels, imageSize, classes, seed, WeightInit.PYTORCH);
  }

  /** {@link #alexNetCifar(int, int, int, long)} with the given weight initialisation. */
  public static Sequential alexNetCifar(
      int channels, int imageSize, int classes, long seed, WeightInit init) {
    padding(channels, imageSize, classes);
    int s = imageSize;
    s = ConvOps.outputSize(s, 2, 2, 0);
    s = ConvOps.outputSize(s, 2, 2, 0);
    s = ConvOps.outputSize(s, 2, 2, 0);
    return new Sequential(
        seed,
        new Conv2d(channels, 64, 5, 1, 2, true, init.weight(), init.bias()),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(64, 192, 5, 1, 2, true, init.weight(), init.bias()),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(192, 256, 3, 1, 1, true, init.weight(), init.bias()),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(256 * s * s, classes, true, init.weight(), init.bias()));
  }

  private static int padding(int channels, int imageSize, int classes) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("input channels must be 1 or 3, got " + channels);
    }
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be positive, got " + classes);
    }
    if (imageSize == 28) {
      return 2;
    }
    if (imageSize == 32) {
      return 0;
    }
    throw new IllegalArgumentException("image size must be 28 or 32, got " + imageSize);
  }
}
