package dev.lrsweep.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The schema tables of {@code docs/schema.md} are the column declarations, word for word. Between the markers
 * {@code <!-- columns: NAME -->} and {@code <!-- end columns -->} stands {@link SchemaDocs#markdown}; run this test
 * with {@code -Dreadme.update=true} to rewrite them after changing a declaration.
 */
class ReadmeSchemaTest {
    static final Path SCHEMA = Path.of("docs", "schema.md");

    @Test
    @DisplayName("docs/schema.md's tables, which the README links, are generated from the column declarations")
    void theReadmesSchemaTablesAreGeneratedFromTheColumnDeclarations() throws Exception {
        String text = Files.readString(SCHEMA);
        String expected = text;
        for (String table : SchemaDocs.TABLES) {
            String open = "<!-- columns: " + table + " -->\n";
            String close = "<!-- end columns -->";
            int from = expected.indexOf(open);
            assertTrue(from >= 0, "docs/schema.md has no " + open.strip() + " block");
            int to = expected.indexOf(close, from);
            expected = expected.substring(0, from + open.length()) + SchemaDocs.markdown(SchemaDocs.columns(table))
                    + expected.substring(to);
        }
        if (Boolean.getBoolean("readme.update")) {
            Files.writeString(SCHEMA, expected);
        }
        assertEquals(expected, text, "docs/schema.md's tables differ from the declarations; rerun this test with"
                + " -Dreadme.update=true to regenerate them");
    }
}
