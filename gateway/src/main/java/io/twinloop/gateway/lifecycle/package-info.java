/** The lifecycle of a network across the services: deleting it everywhere, in an order that a retry completes. */
package io.twinloop.gateway.lifecycle;
