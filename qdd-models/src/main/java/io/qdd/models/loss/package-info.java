/**
 * Loss functions (cross-entropy, soft cross-entropy, distillation KL, MSE) on autodiff variables.
 */
package io.qdd.models.loss;
