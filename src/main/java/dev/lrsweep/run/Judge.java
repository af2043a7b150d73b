package dev.lrsweep.run;

import dev.lrsweep.core.diagnose.Diagnoser;
import dev.lrsweep.core.diagnose.Evidence;
import dev.lrsweep.core.diagnose.GroupSummary;
import dev.lrsweep.core.diagnose.Status;
import dev.lrsweep.core.diagnose.Thresholds;
import dev.lrsweep.core.diagnose.Verdict;
import dev.lrsweep.results.SummaryTable;
import dev.lrsweep.results.TrialsTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The verdicts and the summary, a group (optimizer × schedule × batch size) at a time on the executors: the Spark
 * layer only groups the rows; the rules are the core's ({@link Diagnoser}, {@link GroupSummary}).
 */
final class Judge implements FlatMapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Thresholds thresholds;

    private Judge(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** Judges every trial of an evidence table: the {@code trials/} columns but the rank; NaN becomes null. */
    static Dataset<Row> apply(Dataset<Row> evidence, Thresholds thresholds) {
        return evidence.groupByKey((MapFunction<Row, String>) r -> r.getAs("group_key"), Encoders.STRING())
                .flatMapGroups(new Judge(thresholds), Encoders.row(TrialsTable.JUDGED));
    }

    /** {@code summary/} from the ranked {@code trials/} rows, in no particular order (sort by group_index). */
    static Dataset<Row> summary(Dataset<Row> trials, String rankBy, double recommendTolerance) {
        return trials.groupByKey((MapFunction<Row, String>) r -> r.getAs("group_key"), Encoders.STRING())
                .mapGroups(new Summary(rankBy, recommendTolerance), Encoders.row(SummaryTable.SCHEMA));
    }

    @Override
    public Iterator<Row> call(String group, Iterator<Row> rows) {
        List<Row> list = sortedByIndex(rows);
        List<Evidence> evidence = new ArrayList<>(list.size());
        List<Diagnoser.Trial> trials = new ArrayList<>(list.size());
        for (Row r : list) {
            Evidence e = Tables.evidence(r);
            evidence.add(e);
            trials.add(new Diagnoser.Trial(r.getAs("learning_rate"), e));
        }
        List<Verdict> verdicts = new Diagnoser(thresholds).judgeGroup(trials);
        List<Row> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(TrialsTable.judged(list.get(i), evidence.get(i), verdicts.get(i)));
        }
        return out.iterator();
    }

    private static List<Row> sortedByIndex(Iterator<Row> rows) {
        List<Row> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        list.sort(Comparator.comparingInt(r -> r.<Integer>getAs("trial_index")));
        return list;
    }

    /** One group's summary row from its ranked trials. */
    private static final class Summary implements MapGroupsFunction<String, Row, Row> {
        private static final long serialVersionUID = 1L;

        private final String rankBy;
        private final double tolerance;

        Summary(String rankBy, double tolerance) {
            this.rankBy = rankBy;
            this.tolerance = tolerance;
        }

        @Override
        public Row call(String group, Iterator<Row> rows) {
            List<Row> list = sortedByIndex(rows);
            List<GroupSummary.RankedTrial> trials = new ArrayList<>(list.size());
            Map<String, Long> counts = new TreeMap<>();
            for (Row r : list) {
                Object loss = r.getAs(rankBy);
                String status = r.getAs("status");
                counts.merge(status, 1L, Long::sum);
                trials.add(new GroupSummary.RankedTrial(r.getAs("trial_id"), r.getAs("learning_rate"),
                        r.<Long>getAs("seed"), r.<Integer>getAs("rank"), Status.valueOf(status.toUpperCase()),
                        r.getAs("stable"), r.getAs("still_falling"), loss == null ? Double.NaN : (Double) loss));
            }
            Row first = list.get(0);
            GroupSummary g = GroupSummary.of(first.getAs("optimizer"), first.getAs("schedule"),
                    first.<Integer>getAs("batch_size"), trials, tolerance);
            return SummaryTable.row(g, counts, first.<Integer>getAs("trial_index"), group);
        }
    }
}
