package dev.lrsweep.results;

import static org.apache.spark.sql.functions.col;

import dev.lrsweep.core.diagnose.GroupSummary;
import dev.lrsweep.core.diagnose.Recommendation;
import dev.lrsweep.core.spec.Format;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The end of a run on stdout: the top of the ranking (never every trial), then the answer: the recommendation
 * paragraph and one row per optimizer × schedule × batch size ({@link Recommendation}).
 */
public final class Report {
    static final int TOP = 10;
    /** The console's line width for the paragraph. */
    static final int WIDTH = 110;

    private Report() {
    }

    public static void print(SparkSession spark, String dir, String rankBy, double tolerance, long trials, PrintWriter out) {
        List<String> columns = List.of("rank", "status", "stable", "learning_rate", "optimizer", "schedule",
                "batch_size", "seed", rankBy, "trial_id");
        List<Row> rows = spark.read().parquet(dir + "/trials").orderBy("rank").limit(TOP)
                .select(columns.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new))
                .collectAsList();
        out.println();
        out.println((rows.size() < trials ? "Top " + rows.size() + " of " + trials + " trials" : "All " + trials
                + " trials") + " by " + rankBy + " (trials that did not diverge first):");
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            String[] c = new String[columns.size()];
            for (int j = 0; j < c.length; j++) {
                Object v = r.get(j);
                c[j] = v == null ? "NULL" : v instanceof Double d ? Format.significant(d, 4) : String.valueOf(v);
            }
            cells.add(c);
        }
        QueryOutput.grid(columns.toArray(String[]::new), cells,
                new boolean[] {true, false, false, true, false, false, true, true, true, false}, out);

        List<GroupSummary> groups = new ArrayList<>();
        for (Row g : spark.read().parquet(dir + "/summary").orderBy("group_index").collectAsList()) {
            groups.add(SummaryTable.group(g));
        }
        Recommendation answer = new Recommendation(groups, rankBy, tolerance);
        out.println();
        for (String line : wrap(answer.paragraph(), WIDTH)) {
            out.println(line);
        }
        out.println();
        out.println("Per optimizer | schedule | batch size:");
        List<String[]> table = answer.table().stream().map(r -> r.toArray(String[]::new)).toList();
        QueryOutput.grid(Recommendation.TABLE_HEADER.toArray(String[]::new), table,
                new boolean[] {false, false, true, true, true, true, false}, out);
        out.println("Results: " + dir);
        out.flush();
    }

    /** Words filled into lines of at most {@code width} characters (a longer word gets a line of its own). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
