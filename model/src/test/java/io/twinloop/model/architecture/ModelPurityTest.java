package io.twinloop.model.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * model/ is pure Java: no source under {@code src/main/java} imports gRPC, protobuf, Quarkus, Jakarta,
 * Vert.x or SmallRye. Service plumbing lives in the platform module. Reads the sources as text, so a
 * fully qualified use without an import is caught too.
 */
class ModelPurityTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\b(io\\.grpc|com\\.google\\.protobuf|com\\.google\\.rpc|io\\.quarkus|jakarta|io\\.vertx|io\\.smallrye)\\.[a-zA-Z]");

    @Test
    void noSourceOfTheModelUsesAFrameworkOrGrpc() throws IOException {
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the model module: " + main.toAbsolutePath());
        List<String> offences = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.walk(main)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = FORBIDDEN.matcher(lines.get(i));
                    if (m.find() && !lines.get(i).trim().startsWith("*") && !lines.get(i).trim().startsWith("//")) {
                        offences.add(main.relativize(source) + ":" + (i + 1) + " uses " + m.group(1));
                    }
                }
            }
        }
        assertTrue(files > 20, "found only " + files + " sources");
        assertEquals(List.of(), offences);
    }

    @Test
    void thePatternCatchesWhatItMustAndSparesWhatItMayNot() {
        assertTrue(FORBIDDEN.matcher("import io.grpc.Status;").find());
        assertTrue(FORBIDDEN.matcher("throw new io.grpc.StatusRuntimeException(s);").find());
        assertTrue(FORBIDDEN.matcher("import com.google.protobuf.ByteString;").find());
        assertTrue(FORBIDDEN.matcher("import jakarta.inject.Inject;").find());
        assertTrue(!FORBIDDEN.matcher("import java.util.List; // grpc-like names such as io_grpc are fine").find());
    }
}
