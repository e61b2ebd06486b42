package io.twinloop.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkNameTest {
    @Test
    void namesThatAreOneSafePathSegmentAreValid() {
        for (String ok : new String[]{"abilene", "geant-2004", "Net_1.v2", "a", "0", "a..b", "x".repeat(100)}) {
            assertTrue(NetworkName.isValid(ok), ok);
            assertNull(NetworkName.problem(ok), ok);
            assertNull(NetworkName.storedProblem(ok), ok);
        }
    }

    @Test
    void dotNamesSlashesWhitespaceControlCharactersAndLongNamesAreRefusedNamingTheRule() {
        String rule = "use 1-100 letters, digits, '.', '_' or '-', beginning with a letter or digit";
        for (String bad : new String[]{".", "..", ".hidden", "-rf", "_x", "a/b", "../etc", "a b", " a", "a\tb",
                "a\u0000b", "a\nb", "caf\u00e9", "x".repeat(101)}) {
            assertFalse(NetworkName.isValid(bad), bad);
            String p = NetworkName.problem(bad);
            assertTrue(p.startsWith("network name '") && p.endsWith("' is invalid: " + rule)
                    || p.endsWith(" characters) is invalid: " + rule), p);
        }
        assertEquals("network name '..' is invalid: " + rule, NetworkName.problem(".."));
        assertEquals("network name is required", NetworkName.problem(""));
        assertEquals("network name is required", NetworkName.problem(null));
        assertEquals("network name 'a\\u0007b' is invalid: " + rule, NetworkName.problem("a\u0007b"));
        assertEquals("network name '" + "x".repeat(60) + "...' (101 characters) is invalid: " + rule,
                NetworkName.problem("x".repeat(101)));
        assertEquals("model name '.m' is invalid: " + rule, NetworkName.problem("model name", ".m"));
    }

    @Test
    void namesStoredUnderTheEarlierCharacterSetRuleStayAddressable() {
        for (String legacy : new String[]{".", "..", ".hidden", "-rf", "_x"}) {
            assertFalse(NetworkName.isValid(legacy), legacy);
            assertTrue(NetworkName.isStored(legacy), legacy);
            assertNull(NetworkName.storedProblem(legacy), legacy);
        }
        for (String never : new String[]{"a/b", "a b", "a\u0000b", "", "x".repeat(101)}) {
            assertFalse(NetworkName.isStored(never), never);
            assertEquals(NetworkName.problem(never), NetworkName.storedProblem(never), never);
        }
    }
}
