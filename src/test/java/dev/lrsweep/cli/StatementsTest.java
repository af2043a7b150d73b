package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatementsTest {

    @Test
    @DisplayName("statements split at the semicolons that end them, stripped, empty ones dropped")
    void statementsSplitAtTheSemicolonsThatEndThem() {
        assertEquals(List.of("SELECT 1", "SELECT 2", "SELECT 3"),
                Statements.split("SELECT 1; SELECT 2 ;\n;  SELECT 3"));
        assertEquals(List.of(), Statements.split(" ;\n -- nothing here;\n /* nor; here */ ;"));
    }

    @Test
    @DisplayName("a semicolon inside a string, a quoted name or a comment ends nothing")
    void aSemicolonInsideAStringAQuotedNameOrACommentEndsNothing() {
        String text = "SELECT 'a;b', \"c;d\", `e;f` AS `g``;`, 'it\\'s;' -- a comment; with one\n"
                + "FROM t /* one; /* nested; */ still; */ WHERE x = ';'; SELECT 2";
        List<String> statements = Statements.split(text);
        assertEquals(2, statements.size(), statements.toString());
        assertTrue(statements.get(0).endsWith("WHERE x = ';'"), statements.get(0));
        assertEquals("SELECT 2", statements.get(1));
    }

    @Test
    @DisplayName("text is complete when nothing but blanks and comments follows its last semicolon")
    void textIsCompleteWhenNothingButBlanksAndCommentsFollowsItsLastSemicolon() {
        assertTrue(Statements.complete(""));
        assertTrue(Statements.complete("SELECT 1;"));
        assertTrue(Statements.complete("SELECT 1; -- done\n"));
        assertTrue(Statements.complete("SELECT 1; SELECT 2;  "));
        assertFalse(Statements.complete("SELECT 1"));
        assertFalse(Statements.complete("SELECT 1; SELECT"));
        assertFalse(Statements.complete("SELECT 'still open;"));
        assertFalse(Statements.complete("SELECT 1 /* open; "));
        assertFalse(Statements.complete("SELECT 1 -- the end;"));
    }
}
