package io.twinloop.platform.tls;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns TLS on when {@code TWINLOOP_TLS_DIR} is set: a config source of the properties of
 * {@link TlsSettings#quarkusProperties}, for every gRPC client the service configures
 * ({@code quarkus.grpc.clients.<name>.host} or {@code .port}). Unset, it adds nothing and the service stays
 * plaintext. Registered through {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 *
 * <p>Its ordinal is above application.properties (250) and below environment variables (300): a
 * {@code QUARKUS_...} variable still overrides any property it sets. The test profile ignores it, so
 * a {@code TWINLOOP_TLS_DIR} left in a shell does not turn the {@code @QuarkusTest}s to TLS.
 */
public final class TlsConfigSourceFactory implements ConfigSourceFactory {
    static final int ORDINAL = 275;
    private static final Pattern CLIENT = Pattern.compile("quarkus\\.grpc\\.clients\\.([A-Za-z0-9_-]+)\\.(host|port)");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (context.getProfiles().contains("test")) {
            return List.of();
        }
        Optional<TlsSettings> settings = TlsSettings.from(name -> {
            ConfigValue v = context.getValue(name);
            return v == null ? null : v.getValue();
        });
        if (settings.isEmpty()) {
            return List.of();
        }
        Set<String> clients = new TreeSet<>();
        for (Iterator<String> it = context.iterateNames(); it.hasNext(); ) {
            Matcher m = CLIENT.matcher(it.next());
            if (m.matches()) {
                clients.add(m.group(1));
            }
        }
        return List.of(new PropertiesConfigSource(settings.get().quarkusProperties(clients),
                "twinloop TLS (" + TlsSettings.DIR_VARIABLE + ")", ORDINAL));
    }
}
