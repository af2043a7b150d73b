package dev.lrsweep.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Spark SQL text into statements at the semicolons that end them: a {@code ;} inside a string
 * ({@code '…'}, {@code "…"}, with backslash escapes as Spark reads them), a quoted name ({@code `…`}) or a comment
 * ({@code -- …} to the end of the line, {@code /* … *}{@code /}, nested as Spark allows) ends nothing.
 */
final class Statements {
    private Statements() {
    }

    /** The statements of {@code text}, stripped, without their semicolons; empty ones (and bare comments) dropped. */
    static List<String> split(String text) {
        List<String> statements = new ArrayList<>();
        Scan scan = scan(text);
        int start = 0;
        for (int end : scan.ends) {
            add(statements, text.substring(start, end));
            start = end + 1;
        }
        add(statements, text.substring(start));
        return statements;
    }

    /**
     * Whether {@code text} holds only whole statements: nothing but blanks and comments follows its last
     * semicolon, and no string, quoted name or comment is left open. Blank text is complete.
     */
    static boolean complete(String text) {
        Scan scan = scan(text);
        if (scan.open) {
            return false;
        }
        int start = scan.ends.isEmpty() ? 0 : scan.ends.get(scan.ends.size() - 1) + 1;
        return !hasCode(text.substring(start));
    }

    private static void add(List<String> statements, String statement) {
        if (hasCode(statement)) {
            statements.add(statement.strip());
        }
    }

    /** Whether the text holds anything but blanks and comments. */
    static boolean hasCode(String text) {
        return !scan(text).code.isBlank();
    }

    /**
     * @param ends the positions of the semicolons that end statements
     * @param code the text without its comments
     * @param open whether a string, quoted name or block comment is still open at the end
     */
    private record Scan(List<Integer> ends, String code, boolean open) {
    }

    private static Scan scan(String text) {
        List<Integer> ends = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int close = closing(text, i);
                if (close < 0) {
                    code.append(text, i, n);
                    return new Scan(ends, code.toString(), true);
                }
                code.append(text, i, close + 1);
                i = close + 1;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int eol = text.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int close = commentEnd(text, i);
                if (close < 0) {
                    return new Scan(ends, code.toString(), true);
                }
                code.append(' ');
                i = close;
            } else {
                if (c == ';') {
                    ends.add(i);
                }
                code.append(c);
                i++;
            }
        }
        return new Scan(ends, code.toString(), false);
    }

    /** The index of the quote that closes the one at {@code open}, or −1. */
    private static int closing(String text, int open) {
        char quote = text.charAt(open);
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                if (quote == '`' && i + 1 < text.length() && text.charAt(i + 1) == '`') {
                    i++; // a doubled backtick inside a quoted name
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The index just past the block comment opened at {@code open} (comments nest), or −1. */
    private static int commentEnd(String text, int open) {
        int depth = 0;
        int i = open;
        while (i + 1 < text.length()) {
            if (text.charAt(i) == '/' && text.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (text.charAt(i) == '*' && text.charAt(i + 1) == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }
}
