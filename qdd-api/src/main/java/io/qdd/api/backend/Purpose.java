package io.qdd.api.backend;

/** Why a circuit was executed: to produce outputs, or to produce gradients. */
public enum Purpose {
  FORWARD,
  GRADIENT
}
