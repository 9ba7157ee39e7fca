package io.qdd.api.circuit;

import java.util.List;

/**
 * One step of a {@link Circuit}: a primitive gate, or state preparation by amplitude embedding.
 * Templates and angle embeddings expand into gate operations when they are added to a circuit.
 */
public sealed interface Operation permits GateOperation, AmplitudeEmbedding {

  /** The wires the operation acts on, in the order its definition gives them. */
  List<Integer> wires();
}
