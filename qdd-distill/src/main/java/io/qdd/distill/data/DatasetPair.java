package io.qdd.distill.data;

import java.util.Objects;

/**
 * A training set and its test set, over the same classes and image shape.
 *
 * @param train the training set
 * @param test the test set
 */
public record DatasetPair(Dataset train, Dataset test) {

  /** Checks both are present and agree on image shape and class names. */
  public DatasetPair {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    if (train.channels() != test.channels()
        || train.height() != test.height()
        || train.width() != test.width()) {
      throw new IllegalArgumentException(
          "train '" + train.name() + "' and test '" + test.name() + "' differ in image shape");
    }
    if (!train.classNames().equals(test.classNames())) {
      throw new IllegalArgumentException(
          "train '"
              + train.name()
              + "' and test '"
              + test.name()
              + "' differ in class names: "
              + train.classNames()
              + " vs "
              + test.classNames());
    }
  }

  /** Both sets restricted to {@code classes}, relabelled as in {@link Dataset#filterClasses}. */
  public DatasetPair filterClasses(int... classes) {
    return new DatasetPair(train.filterClasses(classes), test.filterClasses(classes));
  }

  /** The first {@code nTrain} training and {@code nTest} test images. */
  public DatasetPair first(int nTrain, int nTest) {
    return new DatasetPair(train.first(nTrain), test.first(nTest));
  }
}
