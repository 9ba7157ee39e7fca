package io.qdd.distill.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingConfigTest {
  @TempDir Path tmp;

  private static String message(UnaryOperator<TrainingConfig.Builder> edit) {
    return assertThrows(
            IllegalArgumentException.class, () -> edit.apply(TrainingConfig.builder()).build())
        .getMessage();
  }

  @Test
  void invalidFieldsAreRejectedWithMessagesNamingFieldAndValue() {
    assertEquals("epochs must be ≥ 1, got 0", message(b -> b.epochs(0)));
    assertEquals("batchSize must be ≥ 1, got -3", message(b -> b.batchSize(-3)));
    assertEquals("trainLimit must be ≥ 0, got -1", message(b -> b.trainLimit(-1)));
    assertEquals(
        "learningRate must be positive and finite, got 0.0", message(b -> b.learningRate(0)));
    assertEquals(
        "learningRate must be positive and finite, got NaN",
        message(b -> b.learningRate(Double.NaN)));
    assertEquals("momentum must be in [0, 1), got 1.0", message(b -> b.momentum(1)));
    assertEquals("lrGamma must be in (0, 1], got 1.5", message(b -> b.lrGamma(1.5)));
    assertEquals("classes: class 3 is listed twice", message(b -> b.classes(List.of(3, 1, 3))));
    assertEquals("classes: class -2 is negative", message(b -> b.classes(List.of(-2, 1))));
    assertEquals(
        "unknown dataset 'imagenet'; known: mnist, fashion-mnist, cifar10",
        message(b -> b.dataset("imagenet")));
    assertEquals(
        "unknown optimizer 'rmsprop'; known: sgd, adam",
        assertThrows(IllegalArgumentException.class, () -> OptimizerKind.fromId("rmsprop"))
            .getMessage());
  }

  @Test
  void namesAreCaseInsensitiveAndStoredLowerCase() {
    TrainingConfig c = TrainingConfig.builder().dataset("Fashion-MNIST").model("LeNet5").build();
    assertEquals("fashion-mnist", c.dataset());
    assertEquals("lenet5", c.model());
  }

  @Test
  void configJsonReadsBackToAnEqualConfiguration() throws IOException {
    TrainingConfig c =
        TrainingConfig.builder()
            .dataset("cifar10")
            .model("alexnet")
            .classes(List.of(4, 0, 7))
            .trainLimit(1234)
            .testLimit(99)
            .epochs(7)
            .batchSize(32)
            .optimizer(OptimizerKind.ADAM)
            .learningRate(3e-4)
            .momentum(0.5)
            .weightDecay(5e-4)
            .lrStep(3)
            .lrGamma(0.3)
            .seed(-42)
            .threads(2)
            .build();
    RunDirectory run = new RunDirectory(tmp);
    run.writeConfig(c);
    assertEquals(c, run.readConfig());
    String json = Files.readString(run.config());
    assertEquals(true, json.contains("\"optimizer\" : \"adam\""), json);
    assertEquals(true, json.contains("\"libraryVersion\" : \"" + Version.current() + "\""), json);
  }

  @Test
  void anInvalidConfigJsonIsReportedWithItsPathAndTheReason() throws IOException {
    RunDirectory run = new RunDirectory(tmp);
    run.writeConfig(TrainingConfig.builder().build());
    Files.writeString(
        run.config(), Files.readString(run.config()).replace("\"epochs\" : 5", "\"epochs\" : 0"));
    IOException e = assertThrows(IOException.class, run::readConfig);
    assertEquals(true, e.getMessage().contains(run.config().toString()), e.getMessage());
    assertEquals(true, e.getMessage().contains("epochs must be ≥ 1, got 0"), e.getMessage());
  }

  @Test
  void libraryVersionComesFromTheBuild() {
    assertEquals(false, Version.current().contains("${"));
  }
}
