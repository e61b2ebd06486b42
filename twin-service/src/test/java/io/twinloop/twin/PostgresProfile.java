package io.twinloop.twin;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.twinloop.platform.store.PostgresDatabaseResource;

import java.util.List;

/** Runs the service on the PostgreSQL store, in a database of the test's own. */
public class PostgresProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresDatabaseResource.class));
    }
}
