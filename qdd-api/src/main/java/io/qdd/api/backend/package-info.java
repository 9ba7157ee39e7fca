/**
 * The {@link io.qdd.api.backend.Backend} contract every backend honours, its execution accounting,
 * and discovery of backends through {@link java.util.ServiceLoader}.
 */
package io.qdd.api.backend;
