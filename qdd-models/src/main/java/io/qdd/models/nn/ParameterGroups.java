package io.qdd.models.nn;

import java.util.Arrays;
import java.util.List;

/**
 * A partition of a model's flat parameter vector θ into named groups, for optimisers and
 * meta-learners that treat kinds of parameters differently (a quantum LeNet's circuit angles and
 * observable entries against its classical weights, say). Every parameter belongs to exactly one
 * group and every group holds at least one parameter. Immutable.
 */
public final class ParameterGroups {
  private final List<String> names;
  private final int[] groupOf;

  /**
   * @param names the groups' names, in group order; distinct and not blank
   * @param groupOf for each parameter of θ, the index of its group in {@code names}
   * @throws IllegalArgumentException naming the first parameter or group that breaks the rules
   */
  public ParameterGroups(List<String> names, int[] groupOf) {
    this.names = List.copyOf(names);
    if (this.names.isEmpty() || this.names.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("parameter groups need non-blank names, got " + names);
    }
    if (this.names.stream().distinct().count() != this.names.size()) {
      throw new IllegalArgumentException("parameter group names must be distinct, got " + names);
    }
    this.groupOf = groupOf.clone();
    int[] counts = new int[this.names.size()];
    for (int i = 0; i < this.groupOf.length; i++) {
      int g = this.groupOf[i];
      if (g < 0 || g >= counts.length) {
        throw new IllegalArgumentException(
            "parameter " + i + " is in group " + g + "; groups are 0.." + (counts.length - 1));
      }
      counts[g]++;
    }
    for (int g = 0; g < counts.length; g++) {
      if (counts[g] == 0) {
        throw new IllegalArgumentException("parameter group '" + this.names.get(g) + "' is empty");
      }
    }
  }

  /** One group, "all", holding every one of {@code parameterCount} parameters. */
  public static ParameterGroups single(int parameterCount) {
    if (parameterCount < 1) {
      throw new IllegalArgumentException("a model needs parameters, got " + parameterCount);
    }
    return new ParameterGroups(List.of("all"), new int[parameterCount]);
  }

  /** Number of groups. */
  public int count() {
    return names.size();
  }

  /** The groups' names, in group order. */
  public List<String> names() {
    return names;
  }

  /** Number of parameters partitioned. */
  public int parameterCount() {
    return groupOf.length;
  }

  /** The group of parameter {@code i}. */
  public int groupOf(int i) {
    return groupOf[i];
  }

  /** For each parameter its group (a copy). */
  public int[] groupOfEachParameter() {
    return groupOf.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterGroups p
        && names.equals(p.names)
        && Arrays.equals(groupOf, p.groupOf);
  }

  @Override
  public int hashCode() {
    return 31 * names.hashCode() + Arrays.hashCode(groupOf);
  }

  @Override
  public String toString() {
    int[] counts = new int[names.size()];
    for (int g : groupOf) {
      counts[g]++;
    }
    StringBuilder s = new StringBuilder("ParameterGroups[");
    for (int g = 0; g < counts.length; g++) {
      s.append(g == 0 ? "" : ", ").append(names.get(g)).append('=').append(counts[g]);
    }
    return s.append(']').toString();
  }
}
