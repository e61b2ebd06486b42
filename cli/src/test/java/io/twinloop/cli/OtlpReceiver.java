package io.twinloop.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OpenTelemetry collector for tests: accepts OTLP/HTTP protobuf trace exports on
 * {@code POST /v1/traces} and keeps every span's service, trace id, span id, parent and name.
 * The request is decoded with protobuf's generic wire parser (field numbers of
 * {@code opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest}), so the test needs no
 * OpenTelemetry classes of its own and checks what really went over the wire.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span. */
    record Span(String service, String traceId, String spanId, String parentId, String name) {
    }

    private final HttpServer server;
    private final List<Span> spans = new ArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", ex -> {
            try (InputStream in = "gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(ex.getRequestBody()) : ex.getRequestBody()) {
                List<Span> got = decode(in.readAllBytes());
                synchronized (spans) {
                    spans.addAll(got);
                }
                ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                ex.sendResponseHeaders(200, 0);
            } catch (RuntimeException e) {
                ex.sendResponseHeaders(400, -1);
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    /** The endpoint to give the services' OTLP exporters. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The spans received so far. */
    List<Span> spans() {
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

    static List<Span> decode(byte[] body) throws IOException {
        List<Span> out = new ArrayList<>();
        for (ByteString rs : UnknownFieldSet.parseFrom(body).getField(1).getLengthDelimitedList()) {
            UnknownFieldSet resourceSpans = UnknownFieldSet.parseFrom(rs);
            String service = "";
            for (ByteString res : resourceSpans.getField(1).getLengthDelimitedList()) {
                for (ByteString kv : UnknownFieldSet.parseFrom(res).getField(1).getLengthDelimitedList()) {
                    UnknownFieldSet keyValue = UnknownFieldSet.parseFrom(kv);
                    if (text(keyValue, 1).equals("service.name")) {
                        for (ByteString v : keyValue.getField(2).getLengthDelimitedList()) {
                            service = text(UnknownFieldSet.parseFrom(v), 1);
                        }
                    }
                }
            }
            for (ByteString ss : resourceSpans.getField(2).getLengthDelimitedList()) {
                for (ByteString sp : UnknownFieldSet.parseFrom(ss).getField(2).getLengthDelimitedList()) {
                    UnknownFieldSet span = UnknownFieldSet.parseFrom(sp);
                    out.add(new Span(service, hex(span, 1), hex(span, 2), hex(span, 4), text(span, 5)));
                }
            }
        }
        return out;
    }

    private static String text(UnknownFieldSet f, int number) {
        List<ByteString> v = f.hasField(number) ? f.getField(number).getLengthDelimitedList() : List.of();
        return v.isEmpty() ? "" : v.get(0).toStringUtf8();
    }

    private static String hex(UnknownFieldSet f, int number) {
        List<ByteString> v = f.hasField(number) ? f.getField(number).getLengthDelimitedList() : List.of();
        return v.isEmpty() ? "" : HexFormat.of().formatHex(v.get(0).toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
