/** Seeded parameter initialisers (Xavier, Kaiming, PyTorch defaults). */
package io.qdd.models.nn.init;
