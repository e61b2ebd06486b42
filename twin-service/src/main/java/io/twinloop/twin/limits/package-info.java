/** The twin's limits: topology and plan sizes, and load shedding of its expensive calls. */
package io.twinloop.twin.limits;
