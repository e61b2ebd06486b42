package io.twinloop.platform.testing;

import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/** gRPC methods on raw bytes, for tests that run interceptors on a real server without generated stubs. */
public final class ByteMethods {
    /** Messages as they are. */
    public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private ByteMethods() {
    }

    /** A method {@code name} ("test.Svc/Slow") of {@code type} on bytes. */
    public static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type)
                .setFullMethodName(name).setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    }

    /** A response observer that completes {@code reply} with the first message or the error. */
    public static StreamObserver<byte[]> into(CompletableFuture<byte[]> reply) {
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
                reply.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                reply.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }
}
