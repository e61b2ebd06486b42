package io.twinloop.proto;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's source of the google.rpc protos is real: the Maven artifact it names, at the version it names,
 * contains google/rpc/status.proto and error_details.proto with the messages the services put in their errors
 * (Status with ErrorInfo, BadRequest, RetryInfo details).
 */
class GoogleRpcProtosTest {

    private static String resource(String path) throws IOException {
        URL url = GoogleRpcProtosTest.class.getClassLoader().getResource(path);
        assertNotNull(url, path + " is not in the documented artifact");
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDocumentedArtifactHoldsTheErrorDetailProtos() throws IOException {
        String status = resource("google/rpc/status.proto");
        assertTrue(status.contains("package google.rpc;") && status.contains("message Status {"));
        String details = resource("google/rpc/error_details.proto");
        assertTrue(details.contains("package google.rpc;"));
        for (String message : new String[] {"ErrorInfo", "BadRequest", "RetryInfo"}) {
            assertTrue(details.contains("message " + message + " {"), message);
        }
        assertTrue(resource("google/rpc/code.proto").contains("enum Code {"));
    }

    @Test
    void theReadmeNamesTheArtifactAndVersionOnTheClasspath() throws IOException {
        String jar = GoogleRpcProtosTest.class.getClassLoader().getResource("google/rpc/status.proto").toString();
        Matcher m = Pattern.compile("proto-google-common-protos-([0-9][^/!]*)\\.jar!").matcher(jar);
        assertTrue(m.find(), jar);
        String readme = Files.readString(Path.of("README.md"));
        Matcher doc = Pattern.compile("com\\.google\\.api\\.grpc:proto-google-common-protos:([0-9][0-9.]*)").matcher(readme);
        assertTrue(doc.find(), "proto/README.md names the artifact");
        assertEquals(m.group(1), doc.group(1), "the README's version is the one the build uses");
        assertTrue(readme.contains("proto-google-common-protos-" + m.group(1) + ".jar"), "the download command has it too");
    }
}
