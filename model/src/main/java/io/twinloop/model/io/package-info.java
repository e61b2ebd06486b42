/**
 * Importers that turn public topology and traffic files into validated
 * {@link io.twinloop.model.Network}s and {@link io.twinloop.model.TrafficSeries}: SNDlib XML,
 * Internet Topology Zoo GML and GraphML, NetworkX node-link JSON, IETF RFC 8345 network topology
 * JSON and NetBox inventory exports (the last two with interface names and addresses on the link
 * ends), and the SNDlib-derived traffic CSV. Each importer documents exactly how the file maps onto the model (link direction, link ids,
 * capacity source and unit, defaults, node naming), because those choices decide every number the
 * twin later reports. All of them are hardened for untrusted input: XML is parsed without DTDs or
 * external entities, inputs above {@link io.twinloop.model.io.ImportRules#MAX_FILE_BYTES} or with more
 * than {@link io.twinloop.model.io.ImportRules#MAX_LINKS} links are refused, and every problem is
 * reported as an {@link io.twinloop.model.ImportException} with format, line and reason (or an
 * {@link io.twinloop.model.InvalidNetworkException} for values out of range, such as a negative
 * capacity) instead of a raw parser exception.
 */
package io.twinloop.model.io;
