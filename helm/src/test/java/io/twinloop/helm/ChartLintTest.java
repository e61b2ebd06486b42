package io.twinloop.helm;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code helm lint --strict}: any warning (not only an error) fails. */
class ChartLintTest {
    @Test
    void lintInStrictModeReportsNoWarningOrError() {
        LintResult r = Chart.lintStrict();
        List<String> messages = r.getMessages();
        assertFalse(r.isFailed(), () -> "helm lint --strict failed:\n" + String.join("\n", messages));
        assertTrue(messages.stream().noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]")),
                () -> String.join("\n", messages));
    }
}
