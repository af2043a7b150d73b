package dev.lrsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's schema tables are the column declarations, word for word. Between the markers
 * {@code <!-- columns: NAME -->} and {@code <!-- end columns -->} stands {@link SchemaDocs#markdown}; run this test
 * with {@code -Dreadme.update=true} to rewrite them after changing a declaration.
 */
class ReadmeSchemaTest {
    static final Path README = Path.of("README.md");

    @Test
    @DisplayName("the README's schema tables are generated from the column declarations")
    void theReadmesSchemaTablesAreGeneratedFromTheColumnDeclarations() throws Exception {
        String text = Files.readString(README);
        String expected = text;
        for (String table : SchemaDocs.TABLES) {
            String open = "<!-- columns: " + table + " -->\n";
            String close = "<!-- end columns -->";
            int from = expected.indexOf(open);
            assertTrue(from >= 0, "README.md has no " + open.strip() + " block");
            int to = expected.indexOf(close, from);
            expected = expected.substring(0, from + open.length()) + SchemaDocs.markdown(SchemaDocs.columns(table))
                    + expected.substring(to);
        }
        if (Boolean.getBoolean("readme.update")) {
            Files.writeString(README, expected);
        }
        assertEquals(expected, text, "README.md's schema tables differ from the declarations; rerun this test with"
                + " -Dreadme.update=true to regenerate them");
    }
}
