/**
 * Image classification data sets stored compactly (one unsigned byte per pixel) and handed out as
 * primitive {@code double[]}/{@code int[]} mini-batches: {@link io.qdd.distill.data.Dataset},
 * readers for the MNIST/Fashion-MNIST IDX files and the CIFAR-10 binary batches, and a {@link
 * io.qdd.distill.data.DatasetLoader} that finds the files locally or downloads them
 * checksum-verified.
 */
package io.qdd.distill.data;
