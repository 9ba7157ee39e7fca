/** Optimisers (SGD, Adam) on flat parameter vectors and learning-rate schedules. */
package io.qdd.models.optim;
