package io.twinloop.platform.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.twinloop.platform.auth.AuthConfig;
import io.twinloop.platform.tls.TlsConfig;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service's {@code @ConfigMapping(prefix = "twinloop")} promises, checked against the service's
 * application.properties and docs/configuration.md (a service's test extends this; it runs in the module's
 * directory):
 * <ul>
 *   <li>every {@code twinloop.*} key in application.properties, in the default and the test profile, belongs to
 *       the service's mapping or to the platform's ({@link AuthConfig}, {@link TlsConfig}): SmallRye's validation
 *       of unknown names in a mapping's prefix, which the services turn off at start-up (it would also refuse
 *       surefire's {@code twinloop.shared.data} system property), runs here on the file alone, so a misspelt or
 *       retired key cannot sit there unread;</li>
 *   <li>a value application.properties gives (expressions such as {@code ${TWINLOOP_DATA_DIR:...}} resolved with
 *       no environment) equals the mapping's default, so the default is the same wherever it is read;</li>
 *   <li>the service's table in docs/configuration.md lists exactly the mapped keys, each with the mapping's
 *       default and the environment variable it is read from.</li>
 * </ul>
 */
public abstract class ConfigMappingContract {
    static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    static final Path DOCS = Path.of("../docs/configuration.md");
    static final String NO_DEFAULT = "—";

    /** The service's mapping of {@code twinloop.*}. */
    protected abstract Class<?> mapping();

    /** The heading of the service's table in docs/configuration.md ({@code ### twin-service}). */
    protected abstract String service();

    private List<Class<?>> mappings() {
        return List.of(mapping(), AuthConfig.class, TlsConfig.class);
    }

    SmallRyeConfig config(String profile, ConfigSource... more) throws IOException {
        SmallRyeConfigBuilder b = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(PROPERTIES.toUri().toURL(), 250))
                .withSources(more)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValue("quarkus.uuid", "test")
                .withProfile(profile)
                .withValidateUnknown(true);
        mappings().forEach(b::withMapping);
        return b.build();
    }

    /** Every mapped name ({@code *} for a map key) and its default ({@link #NO_DEFAULT} when it has none). */
    Map<String, String> mapped() {
        Map<String, String> all = new TreeMap<>();
        for (Class<?> m : mappings()) {
            ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(m)).forEach((name, p) ->
                    all.put(name, p.hasDefaultValue() ? p.getDefaultValue() : NO_DEFAULT));
        }
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod", "test"})
    void everyTwinloopKeyInApplicationPropertiesIsMapped(String profile) {
        // SRCFG00050 "... does not map to any root" on an unknown twinloop.* key
        assertDoesNotThrow(() -> config(profile).getConfigMapping(mapping()));
    }

    @Test
    void anUnknownTwinloopKeyIsRefused() {
        var extra = new PropertiesConfigSource(Map.of("twinloop.no-such-setting", "1"), "extra", 300);
        var e = assertThrows(ConfigValidationException.class, () -> config("prod", extra));
        assertTrue(e.getMessage().contains("twinloop.no-such-setting"), e.getMessage());
    }

    @Test
    void applicationPropertiesRepeatTheMappingDefaults() throws IOException {
        Properties file = new Properties();
        try (Reader r = Files.newBufferedReader(PROPERTIES)) {
            file.load(r);
        }
        SmallRyeConfig config = config("prod");
        Map<String, String> defaults = mapped();
        List<String> differ = new ArrayList<>();
        int compared = 0;
        for (String key : file.stringPropertyNames()) {
            String def = defaults.get(key);
            if (key.startsWith("twinloop.") && def != null && !def.equals(NO_DEFAULT)) {
                compared++;
                String value = config.getRawValue(key);
                if (!def.equals(value)) {
                    differ.add(key + ": application.properties " + value + ", mapping default " + def);
                }
            }
        }
        assertEquals(List.of(), differ, "application.properties and the mapping disagree");
        assertTrue(compared > 0, "no twinloop.* value of application.properties was compared with a default");
    }

    @Test
    void docsListEveryMappedKeyWithItsDefaultAndVariable() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        mapped().forEach((name, def) -> expected.put(name.replace("*", "<name>"),
                "| `" + name.replace("*", "<name>") + "` | " + (def.equals(NO_DEFAULT) ? NO_DEFAULT : "`" + def + "`")
                        + " | " + (name.contains("*") ? NO_DEFAULT : "`" + envName(name) + "`") + " |"));
        Map<String, String> documented = new TreeMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(DOCS)) {
            if (line.startsWith("#")) {
                inSection = line.strip().equals("### " + service());
            } else if (inSection && line.startsWith("| `twinloop.")) {
                String[] cells = line.split(" \\| ", 4);
                String key = cells[0].substring(3, cells[0].length() - 1);
                documented.put(key, cells.length < 4 ? line : String.join(" | ", cells[0], cells[1], cells[2]) + " |");
            }
        }
        assertEquals(String.join("\n", expected.values()), String.join("\n", documented.values()),
                "docs/configuration.md, ### " + service() + ": one row per mapped key, `key` | `default` | `ENV` | meaning");
    }

    /** The environment variable MicroProfile Config maps to {@code name}. */
    static String envName(String name) {
        return name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
