/** Runs qdd circuits on the Strange library (org.redfx:strange), neutralising its known defects. */
package io.qdd.backend.strange;
