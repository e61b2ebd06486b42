/** Where the services find each other (one set of variables) and how a failed call to a peer is described. */
package io.twinloop.model.peer;
