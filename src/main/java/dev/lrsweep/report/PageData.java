package dev.lrsweep.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.lrsweep.core.diagnose.Status;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data a page embeds, as JSON: per sweep its answer, data, resolved sweep file, groups, the trials column by
 * column (in rank order), and each trial's curve as an array aligned with them. Losses, rates and gradient norms
 * keep {@value #DIGITS} significant digits (the page shows no more); learning rates of the grid are exact. NaN
 * and infinities are null.
 *
 * <p>A curve is {@code [stepsPerEpoch, evaluated, recorded, evalSteps, trainLoss, valLoss, steps, batchLoss,
 * batchLossEma, lr, gradNorm, updateCosine]}, {@code valLoss} null without validation rows.
 */
public final class PageData {
    /** Significant digits of the values the charts draw. */
    public static final int DIGITS = 4;

    private PageData() {
    }

    /** The JSON of these sweeps. */
    public static String json(List<SweepReport> sweeps) {
        StringWriter out = new StringWriter();
        write(sweeps, out);
        return out.toString();
    }

    /** Writes the JSON of these sweeps. */
    public static void write(List<SweepReport> sweeps, Writer out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("statuses");
            for (Status s : Status.values()) {
                g.writeString(s.label());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("sweeps");
            for (SweepReport s : sweeps) {
                sweep(g, s);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sweep(JsonGenerator g, SweepReport s) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeStringField("source", s.source());
        g.writeStringField("rankBy", s.rankBy());
        g.writeBooleanField("validation", s.hasValidation());
        g.writeNumberField("points", s.points());
        g.writeObjectFieldStart("answer");
        g.writeStringField("text", s.answer().text());
        strings(g, "header", s.answer().header());
        strings(g, "edge", s.answer().edge());
        g.writeArrayFieldStart("rows");
        for (List<String> row : s.answer().rows()) {
            g.writeStartArray();
            for (String cell : row) {
                g.writeString(cell);
            }
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeFieldName("data");
        data(g, s.data());
        g.writeStringField("sweepYaml", s.sweepYaml());
        Map<String, Integer> groupIndex = new HashMap<>();
        g.writeArrayFieldStart("groups");
        for (GroupRow group : s.groups()) {
            groupIndex.put(group.key(), groupIndex.size());
            group(g, group, s.trials().stream().filter(t -> t.groupKey().equals(group.key())).toList());
        }
        g.writeEndArray();
        trials(g, s.trials(), groupIndex);
        Map<String, CurveSketch> curves = s.curvesById();
        g.writeArrayFieldStart("curves");
        for (TrialRow t : s.trials()) {
            curve(g, curves.get(t.id()));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void data(JsonGenerator g, DataDescription d) throws IOException {
        if (d == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("path", d.path());
        g.writeNumberField("trainRows", d.trainRows());
        g.writeNumberField("validationRows", d.validationRows());
        g.writeStringField("validation", d.validation());
        g.writeNumberField("classes", d.classes());
        g.writeBooleanField("standardized", d.standardized());
        strings(g, "features", d.features());
        strings(g, "constant", d.constant());
        strings(g, "notes", d.notes());
        g.writeEndObject();
    }

    private static void group(JsonGenerator g, GroupRow group, List<TrialRow> trials) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", group.key());
        g.writeStringField("optimizer", group.optimizer());
        g.writeStringField("schedule", group.schedule());
        g.writeNumberField("batch", group.batchSize());
        g.writeStringField("axes", group.axes());
        g.writeNumberField("trials", group.trials());
        exact(g, "largestStable", group.largestStable());
        exact(g, "divergence", group.divergence());
        exact(g, "recommended", group.recommended());
        exact(g, "firstUnstable", group.firstUnstable());
        g.writeStringField("firstUnstableStatus", group.firstUnstableStatus());
        g.writeStringField("best", group.bestTrialId());
        strings(g, "warnings", group.warnings());
        g.writeArrayFieldStart("shown");
        for (double rate : ShownRates.of(group, trials)) {
            g.writeNumber(rate);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void trials(JsonGenerator g, List<TrialRow> trials, Map<String, Integer> groupIndex)
            throws IOException {
        g.writeObjectFieldStart("trials");
        g.writeArrayFieldStart("id");
        for (TrialRow t : trials) {
            g.writeString(t.id());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("lr");
        for (TrialRow t : trials) {
            g.writeNumber(t.learningRate());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("group");
        for (TrialRow t : trials) {
            Integer index = groupIndex.get(t.groupKey());
            if (index == null) {
                throw new IllegalArgumentException("trial " + t.id() + " belongs to no group of the summary");
            }
            g.writeNumber(index);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("seed");
        for (TrialRow t : trials) {
            g.writeNumber(t.seed());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("status");
        for (TrialRow t : trials) {
            g.writeString(t.status());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("flags");
        for (TrialRow t : trials) {
            g.writeString(String.join(", ", t.flags()));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("stable");
        for (TrialRow t : trials) {
            g.writeNumber(t.stable() ? 1 : 0);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rank");
        for (TrialRow t : trials) {
            g.writeNumber(t.rank());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("steps");
        for (TrialRow t : trials) {
            g.writeNumber(t.steps());
        }
        g.writeEndArray();
        column(g, "epochs", trials, TrialRow::epochs);
        g.writeArrayFieldStart("divergedAt");
        for (TrialRow t : trials) {
            if (t.divergedAtStep() < 0) {
                g.writeNull();
            } else {
                g.writeNumber(t.divergedAtStep());
            }
        }
        g.writeEndArray();
        column(g, "initialTrain", trials, TrialRow::initialTrain);
        column(g, "finalTrain", trials, TrialRow::finalTrain);
        column(g, "bestTrain", trials, TrialRow::bestTrain);
        column(g, "finalVal", trials, TrialRow::finalVal);
        column(g, "bestVal", trials, TrialRow::bestVal);
        g.writeArrayFieldStart("reason");
        for (TrialRow t : trials) {
            g.writeString(t.reason());
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void curve(JsonGenerator g, CurveSketch c) throws IOException {
        if (c == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        g.writeNumber(c.stepsPerEpoch());
        g.writeNumber(c.evaluated());
        g.writeNumber(c.recorded());
        steps(g, c.evalSteps());
        values(g, c.trainLoss(), DIGITS);
        if (c.valLoss().length > 0 && Arrays.stream(c.valLoss()).allMatch(Double::isNaN)) {
            g.writeNull();
        } else {
            values(g, c.valLoss(), DIGITS);
        }
        steps(g, c.steps());
        values(g, c.batchLoss(), DIGITS);
        values(g, c.batchLossEma(), DIGITS);
        values(g, c.lr(), DIGITS);
        values(g, c.gradNorm(), 3);
        values(g, c.updateCosine(), 3);
        g.writeEndArray();
    }

    private interface Column {
        double of(TrialRow t);
    }

    private static void column(JsonGenerator g, String name, List<TrialRow> trials, Column column) throws IOException {
        g.writeArrayFieldStart(name);
        for (TrialRow t : trials) {
            value(g, column.of(t), DIGITS + 2);
        }
        g.writeEndArray();
    }

    private static void steps(JsonGenerator g, long[] steps) throws IOException {
        g.writeStartArray();
        for (long s : steps) {
            g.writeNumber(s);
        }
        g.writeEndArray();
    }

    private static void values(JsonGenerator g, double[] values, int digits) throws IOException {
        g.writeStartArray();
        for (double v : values) {
            value(g, v, digits);
        }
        g.writeEndArray();
    }

    private static void value(JsonGenerator g, double v, int digits) throws IOException {
        String text = rounded(v, digits);
        if (text == null) {
            g.writeNull();
        } else {
            g.writeNumber(text);
        }
    }

    private static void exact(JsonGenerator g, String field, double v) throws IOException {
        g.writeFieldName(field);
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** A finite value to this many significant digits, as short JSON number text; null for NaN and infinities. */
    static String rounded(double v, int digits) {
        if (!Double.isFinite(v)) {
            return null;
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = BigDecimal.valueOf(v).round(new MathContext(digits)).stripTrailingZeros();
        String plain = d.toPlainString();
        String scientific = d.toString();
        return plain.length() <= scientific.length() ? plain : scientific;
    }
}
