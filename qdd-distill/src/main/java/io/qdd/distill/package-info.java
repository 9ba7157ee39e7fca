/** Dataset distillation, knowledge distillation, datasets and the qdd command line. */
package io.qdd.distill;
