/**
 * Dataset distillation (Wang, Zhu, Torralba and Efros, 2018): learnable synthetic images and
 * per-step learning rates, optimised so that a model trained on them for a few unrolled gradient
 * steps does well on real data. Works with any {@link io.qdd.models.nn.Model}; second-order terms
 * come from {@link io.qdd.models.autodiff.SecondOrder}.
 */
package io.qdd.distill.dd;
