package io.qdd.sim.statevector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.backend.Purpose;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Param;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.VectorJacobianProduct;
import io.qdd.api.observable.Observable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ExecutionCountingTest {
  private final Circuit circuit =
      Circuit.builder(3)
          .angleEmbedding(io.qdd.api.circuit.Gate.RY, 0, 0, 1, 2)
          .stronglyEntanglingLayers(2)
          .crz(0, 2, Param.input(1))
          .build();
  private final List<Observable> obs = List.of(Observable.parse("Z0"), Observable.parse("X1 Y2"));

  @Test
  void forwardAdjointSampleAndStateAreCountedExactly() {
    StatevectorBackend b = new StatevectorBackend();
    Random rnd = new Random(1);
    double[] w = random(circuit.numWeights(), rnd);
    double[][] x = batch(7, rnd);
    b.expectations(circuit, obs, w, x);
    assertEquals(new ExecutionStats(7, 0, 0, 0), b.executions().snapshot());
    b.expectations(circuit, obs, w, x, Purpose.GRADIENT);
    assertEquals(new ExecutionStats(7, 7, 0, 0), b.executions().snapshot());
    b.vjp(circuit, obs, w, x, new double[7][2], GradientMethod.ADJOINT);
    assertEquals(new ExecutionStats(7, 14, 0, 0), b.executions().snapshot());
    b.sample(circuit, w, x[0], 123, 1L);
    assertEquals(new ExecutionStats(8, 14, 123, 0), b.executions().snapshot());
    b.state(circuit, w, x[0]);
    assertEquals(new ExecutionStats(9, 14, 123, 0), b.executions().snapshot());
  }

  @Test
  void concurrentCallsGiveSequentialResultsAndExactCounts() throws Exception {
    StatevectorBackend b = new StatevectorBackend();
    Random rnd = new Random(2);
    int tasks = 8;
    List<double[]> ws = new ArrayList<>();
    List<double[][]> xs = new ArrayList<>();
    List<double[][]> gs = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      ws.add(random(circuit.numWeights(), rnd));
      xs.add(batch(5, rnd));
      gs.add(
          new double[][] {
            random(2, rnd), random(2, rnd), random(2, rnd), random(2, rnd), random(2, rnd)
          });
    }
    StatevectorBackend sequential = new StatevectorBackend();
    List<double[][]> expectedE = new ArrayList<>();
    List<VectorJacobianProduct> expectedG = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      expectedE.add(sequential.expectations(circuit, obs, ws.get(t), xs.get(t)));
      expectedG.add(
          sequential.vjp(circuit, obs, ws.get(t), xs.get(t), gs.get(t), GradientMethod.ADJOINT));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Object[]>> futures = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        int task = t;
        futures.add(
            pool.submit(
                () ->
                    new Object[] {
                      b.expectations(circuit, obs, ws.get(task), xs.get(task)),
                      b.vjp(
                          circuit,
                          obs,
                          ws.get(task),
                          xs.get(task),
                          gs.get(task),
                          GradientMethod.ADJOINT)
                    }));
      }
      for (int t = 0; t < tasks; t++) {
        Object[] r = futures.get(t).get();
        double[][] e = (double[][]) r[0];
        VectorJacobianProduct g = (VectorJacobianProduct) r[1];
        for (int s = 0; s < 5; s++) {
          assertArrayEquals(expectedE.get(t)[s], e[s], 1e-14);
          assertArrayEquals(expectedG.get(t).inputs()[s], g.inputs()[s], 1e-12);
        }
        assertArrayEquals(expectedG.get(t).weights(), g.weights(), 1e-12);
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(new ExecutionStats(tasks * 5, tasks * 5, 0, 0), b.executions().snapshot());
  }

  private double[][] batch(int samples, Random rnd) {
    double[][] x = new double[samples][];
    for (int s = 0; s < samples; s++) {
      x[s] = random(circuit.numInputs(), rnd);
    }
    return x;
  }

  private static double[] random(int n, Random rnd) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextGaussian();
    }
    return a;
  }
}
