/** Ready-made classical networks: LeNet, LeNet-5 and a small AlexNet-style CIFAR network. */
package io.qdd.models.zoo;
