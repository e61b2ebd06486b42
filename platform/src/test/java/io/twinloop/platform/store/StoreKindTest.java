package io.twinloop.platform.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreKindTest {
    @Test
    void readsTheTwoStoresAndRejectsAnythingElseByName() {
        assertEquals(StoreKind.EMBEDDED, StoreKind.parse("embedded"));
        assertEquals(StoreKind.POSTGRESQL, StoreKind.parse(" PostgreSQL "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreKind.parse("postgres"));
        assertTrue(e.getMessage().contains("TWINLOOP_STORE") && e.getMessage().contains("'embedded'")
                && e.getMessage().contains("'postgresql'"), e.getMessage());
    }
}
