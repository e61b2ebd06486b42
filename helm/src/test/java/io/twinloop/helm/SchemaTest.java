package io.twinloop.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** values.schema.json refuses bad value sets before anything renders (the same check runs on install). */
class SchemaTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a string replica count          | planner:\\n  replicaCount: two\\n                                         | replicaCount
            a quoted number replica count   | forecast:\\n  autoscaling:\\n    enabled: false\\n  replicaCount: "2"\\n | replicaCount
            two twins                       | twin:\\n  replicaCount: 2\\n                                           | replicaCount
            two gateways                    | gateway:\\n  replicaCount: 2\\n                                        | replicaCount
            a misspelt service block        | gatway:\\n  replicaCount: 1\\n                                         | gatway
            a writable root filesystem      | containerSecurityContext:\\n  readOnlyRootFilesystem: false\\n         | readOnlyRootFilesystem
            privilege escalation            | containerSecurityContext:\\n  allowPrivilegeEscalation: true\\n        | allowPrivilegeEscalation
            running as root                 | podSecurityContext:\\n  runAsNonRoot: false\\n                         | runAsNonRoot
            no memory limit                 | twin:\\n  resources:\\n    limits:\\n      memory: null\\n               | memory
            postgresql without a secret     | postgresql:\\n  enabled: true\\n  jdbcUrl: jdbc:postgresql://pg/twinloop\\n | existingSecret
            a non-PostgreSQL JDBC URL       | postgresql:\\n  jdbcUrl: jdbc:mysql://db/twinloop\\n                  | jdbcUrl
            an LLM without a model          | llm:\\n  enabled: true\\n  baseUrl: http://ollama:11434/v1\\n         | model
            a ReadWriteMany twin store      | twin:\\n  persistence:\\n    accessModes: [ReadWriteMany]\\n           | accessModes
            an unknown probe field          | probes:\\n  liveness:\\n    path: /q/health\\n                         | path
            """)
    void rejects(String what, String values, String mentioned) {
        String yaml = values.replace("\\n", "\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chart.renderText(yaml), what);
        String msg = e.getMessage();
        assertTrue(msg.contains("schema"), what + ": not a schema error: " + msg);
        assertTrue(msg.contains(mentioned), what + ": the error should name " + mentioned + ": " + msg);
    }
}
