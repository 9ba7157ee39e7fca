package io.qdd.distill.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.MapBinder;
import io.qdd.models.nn.Model;
import io.qdd.models.zoo.Zoo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {
  @Test
  void unknownNameListsTheKnownModels() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelRegistry.classical().create("resnet", 1, 28, 10, 1));
    assertEquals("unknown model 'resnet'; known models: alexnet, lenet, lenet5", e.getMessage());
  }

  @Test
  void factoriesBuildTheZooModelsWithTheGivenSeed() {
    ModelRegistry r = ModelRegistry.classical();
    assertArrayEquals(
        Zoo.leNet(1, 28, 10, 7).parameters(), r.create("LeNet", 1, 28, 10, 7).parameters(), 0.0);
    assertArrayEquals(
        Zoo.leNet5(3, 32, 4, 7).parameters(), r.create("lenet5", 3, 32, 4, 7).parameters(), 0.0);
    assertEquals(
        Zoo.alexNetCifar(3, 32, 10, 1).parameterCount(),
        r.create("alexnet", 3, 32, 10, 1).parameterCount());
  }

  @Test
  void guiceWiringBuildsTheTrainerAndOtherModulesCanAddModels() {
    ModelFactory custom =
        (spec, seed) -> Zoo.leNet(spec.channels(), spec.imageSize(), spec.classes(), seed + 1);
    Injector injector =
        Guice.createInjector(
            new TrainModule(),
            new AbstractModule() {
              @Override
              protected void configure() {
                MapBinder.newMapBinder(binder(), String.class, ModelFactory.class)
                    .addBinding("quantum-lenet")
                    .toInstance(custom);
              }
            });
    ModelRegistry r = injector.getInstance(ModelRegistry.class);
    assertEquals(Set.of("alexnet", "lenet", "lenet5", "quantum-lenet"), r.names());
    assertSame(custom, r.factory("quantum-lenet"));
    Model m = r.create("quantum-lenet", 1, 28, 10, 3);
    assertArrayEquals(Zoo.leNet(1, 28, 10, 4).parameters(), m.parameters(), 0.0);
    injector.getInstance(Trainer.class);
  }

  @Test
  void duplicateNamesDifferingOnlyInCaseAreRejected() {
    ModelFactory f = (spec, seed) -> Zoo.leNet(1, 28, 10, seed);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ModelRegistry(java.util.Map.of("LeNet", f, "lenet", f)));
    assertEquals("model name 'lenet' registered twice", e.getMessage());
    assertEquals(
        List.of("alexnet", "lenet", "lenet5"), List.copyOf(ModelRegistry.classical().names()));
  }
}
