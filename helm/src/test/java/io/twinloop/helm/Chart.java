package io.twinloop.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The chart under test, {@code helm/twinloop}, driven through helm-java (Helm's own Go code behind
 * JNA: the same lint, schema validation and rendering as the {@code helm} binary, no cluster).
 * Renders with Kubernetes 1.29 as the target, release {@code twinloop} in namespace {@code twinloop}.
 */
final class Chart {
    static final String RELEASE = "twinloop";
    static final String NAMESPACE = "twinloop";
    static final String KUBE_VERSION = "1.29.0";
    /** The services, in call-graph order. */
    static final String[] SERVICES = {"gateway", "twin", "forecast", "planner"};

    private Chart() {
    }

    /** The chart directory (the module's basedir is {@code helm/}). */
    static Path dir() {
        Path p = Path.of("twinloop").toAbsolutePath();
        if (!Files.isRegularFile(p.resolve("Chart.yaml"))) {
            p = Path.of("helm", "twinloop").toAbsolutePath();
        }
        if (!Files.isRegularFile(p.resolve("Chart.yaml"))) {
            throw new IllegalStateException("helm/twinloop/Chart.yaml not found from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** The repository root (for the services' configuration and Dockerfiles). */
    static Path repoRoot() {
        return dir().getParent().getParent();
    }

    /** {@code helm lint --strict} with the chart's own values. */
    static LintResult lintStrict() {
        return new Helm(dir()).lint().strict().call();
    }

    /** {@code helm template} with the chart's values overlaid by {@code valuesYaml} (may be empty). */
    static Manifests render(String valuesYaml) {
        return Manifests.parse(renderText(valuesYaml));
    }

    /** As {@link #render}, the raw multi-document YAML. Throws {@link IllegalStateException} when Helm fails. */
    static String renderText(String valuesYaml) {
        TemplateCommand t = new Helm(dir()).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (!valuesYaml.isBlank()) {
            try {
                Path f = Files.createTempFile("twinloop-values-", ".yaml");
                f.toFile().deleteOnExit();
                Files.writeString(f, valuesYaml);
                t = t.withValuesFile(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return t.call();
    }
}
