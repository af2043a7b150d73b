package dev.lrsweep.report;

import java.util.List;

/**
 * The answer the page opens with: the recommendation paragraph, exactly as the console prints it, and a table with
 * one row per group.
 *
 * @param text   the paragraph; line breaks are kept
 * @param header the table's column names
 * @param rows   its rows, as text, each as long as the header
 * @param edge   the stability edge the data imply against the sweep, as the console prints it after the ranking
 *               (a heading, then a line per SGD optimizer × schedule); empty without one
 */
public record Answer(String text, List<String> header, List<List<String>> rows, List<String> edge) {
    public Answer {
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("an answer row has " + row.size() + " cells for "
                        + header.size() + " columns: " + row);
            }
        }
        header = List.copyOf(header);
        edge = List.copyOf(edge);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
