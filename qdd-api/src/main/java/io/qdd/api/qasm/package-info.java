/** OpenQASM 2.0 import and export of {@link io.qdd.api.circuit.Circuit}s. */
package io.qdd.api.qasm;
