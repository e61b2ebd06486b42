/**
 * The north-bound gRPC API of the gateway ({@code twinloop.gateway.v1.GatewayService}) and
 * its error mapping.
 */
package io.twinloop.gateway.grpc;
