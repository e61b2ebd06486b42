package io.twinloop.gateway.rest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import java.util.regex.Pattern;

/**
 * Proto JSON (the canonical protobuf JSON mapping: lowerCamelCase names, enums by name, int64
 * as strings) for the REST view, so that it mirrors the gRPC contract field for field. Printing
 * includes fields at their default value, as the CLI's {@code --json} does; parsing is strict
 * (an unknown field is an error, not silently dropped).
 */
final class ProtoJson {
    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    /** A Java class name in front of a parser message ("com.google.gson.stream.MalformedJsonException: "). */
    private static final Pattern CLASS_PREFIX = Pattern.compile("(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error):\\s*");

    private ProtoJson() {
    }

    static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Parses a request body into {@code builder}; an empty body leaves it unchanged when
     * {@code required} is false.
     *
     * @throws ApiException INVALID_ARGUMENT naming what is wrong with the body
     */
    static <B extends Message.Builder> B parse(String body, B builder, boolean required) {
        if (body == null || body.isBlank()) {
            if (required) {
                throw ApiException.invalid("a JSON body is required: the proto JSON of "
                        + builder.getDescriptorForType().getFullName());
            }
            return builder;
        }
        try {
            PARSER.merge(body, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw ApiException.invalid("malformed JSON body for " + builder.getDescriptorForType().getFullName() + ": "
                    + clean(e.getMessage()));
        }
    }

    /** A parser message without the Java class names some parsers put in front. */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "not valid JSON";
        }
        return CLASS_PREFIX.matcher(message).replaceAll("");
    }
}
