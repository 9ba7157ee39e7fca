package io.qdd.models.autodiff;

import io.qdd.models.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A node of the reverse-mode autodiff graph: a value {@link Tensor} and, after {@link #backward},
 * the gradient of the differentiated scalar with respect to that value.
 *
 * <p>Leaves are made with {@link #parameter} (gradient wanted) or {@link #constant} (no gradient).
 * Every operation in {@link Ops}, {@link ConvOps} or a {@link CustomOp} returns a new variable that
 * remembers its inputs and how to pull a gradient back to them. Only variables that (transitively)
 * depend on a gradient-requiring leaf record the graph. After backward, leaves keep their gradients
 * (accumulating over repeated backward calls, like PyTorch); intermediate gradients are released.
 * Not thread-safe: build and differentiate a graph on one thread.
 */
public final class Variable {
  /** Pulls the upstream gradient of this node back into its parents' gradient buffers. */
  @FunctionalInterface
  interface Backward {
    void apply(double[] upstream);
  }

  private final Tensor value;
  private final boolean requiresGrad;
  private final Variable[] parents;
  private final Backward backward;
  private double[] grad;

  private Variable(Tensor value, boolean requiresGrad, Variable[] parents, Backward backward) {
    if (value == null) {
      throw new IllegalArgumentException("a variable needs a non-null value");
    }
    this.value = value;
    this.requiresGrad = requiresGrad;
    this.parents = parents;
    this.backward = backward;
  }

  /** A leaf whose gradient is wanted (a parameter, or a learnable input such as an image). */
  public static Variable parameter(Tensor value) {
    return new Variable(value, true, new Variable[0], null);
  }

  /** A leaf without gradient (data, labels, a frozen teacher's output). */
  public static Variable constant(Tensor value) {
    return new Variable(value, false, new Variable[0], null);
  }

  /**
   * An interior node. If no parent requires a gradient, the node is a constant and the graph is not
   * recorded.
   */
  static Variable node(Tensor value, Backward backward, Variable... parents) {
    for (Variable p : parents) {
      if (p.requiresGrad) {
        return new Variable(value, true, parents, backward);
      }
    }
    return new Variable(value, false, new Variable[0], null);
  }

  /** The value; treat its data as read-only. */
  public Tensor value() {
    return value;
  }

  /** Shorthand for {@code value().shape()}. */
  public int[] shape() {
    return value.shape();
  }

  /** Whether gradients flow to this variable. */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** The accumulated gradient as a tensor (a copy), or zeros if none has been accumulated. */
  public Tensor grad() {
    return grad == null ? Tensor.zeros(value.shape()) : Tensor.of(value.shape(), grad);
  }

  /** The accumulated gradient as a fresh array, or zeros if none has been accumulated. */
  public double[] gradArray() {
    return grad == null ? new double[value.size()] : grad.clone();
  }

  /** Forgets the accumulated gradient. */
  public void zeroGrad() {
    grad = null;
  }

  /** The live gradient buffer, allocated as zeros on first use. */
  double[] gradBuffer() {
    if (grad == null) {
      grad = new double[value.size()];
    }
    return grad;
  }

  /**
   * Adds {@code buffer} to this variable's gradient, taking ownership of the array when no gradient
   * has been accumulated yet (saves an allocation and a pass). Only for arrays nobody else will
   * read or write afterwards, such as the upstream gradient of a node being processed (which {@link
   * #backward(Tensor)} discards right after).
   */
  void adoptGrad(double[] buffer) {
    if (grad == null) {
      grad = buffer;
    } else {
      for (int i = 0; i < buffer.length; i++) {
        grad[i] += buffer[i];
      }
    }
  }

  /** Data of the value, for kernels. */
  double[] data() {
    return value.data();
  }

  /** Back-propagates from this scalar (its seed gradient is 1). */
  public void backward() {
    if (value.size() != 1) {
      throw new IllegalStateException(
          "backward() without a seed needs a scalar, but the value has shape "
              + java.util.Arrays.toString(value.shape())
              + "; use backward(Tensor seed)");
    }
    backward(Tensor.scalar(1.0).reshape(value.shape()));
  }

  /** Back-propagates a vector–Jacobian product seeded with {@code seed} (same shape as value). */
  public void backward(Tensor seed) {
    if (!seed.sameShape(value)) {
      throw new IllegalArgumentException(
          "seed shape "
              + java.util.Arrays.toString(seed.shape())
              + " differs from value shape "
              + java.util.Arrays.toString(value.shape()));
    }
    if (!requiresGrad) {
      throw new IllegalStateException(
          "backward on a variable that does not depend on any gradient-requiring leaf");
    }
    List<Variable> order = topologicalOrder();
    double[] g = gradBuffer();
    double[] s = seed.data();
    for (int i = 0; i < g.length; i++) {
      g[i] += s[i];
    }
    for (int i = order.size() - 1; i >= 0; i--) {
      Variable v = order.get(i);
      if (v.backward == null) {
        continue;
      }
      if (v.grad != null) {
        v.backward.apply(v.grad);
      }
      v.grad = null; // intermediate gradients are not kept
    }
  }

  /** Post-order (parents before children) of the recorded graph, iteratively. */
  private List<Variable> topologicalOrder() {
    List<Variable> order = new ArrayList<>();
    Set<Variable> visited = Collections.newSetFromMap(new IdentityHashMap<Variable, Boolean>());
    ArrayDeque<Variable> stack = new ArrayDeque<>();
    ArrayDeque<Integer> next = new ArrayDeque<>();
    stack.push(this);
    next.push(0);
    visited.add(this);
    while (!stack.isEmpty()) {
      Variable v = stack.peek();
      int i = next.pop();
      if (i < v.parents.length) {
        next.push(i + 1);
        Variable p = v.parents[i];
        if (p.requiresGrad && visited.add(p)) {
          stack.push(p);
          next.push(0);
        }
      } else {
        stack.pop();
        order.add(v);
      }
    }
    return order;
  }

  @Override
  public String toString() {
    return "Variable(" + value + (requiresGrad ? ", requiresGrad" : "") + ")";
  }
}
