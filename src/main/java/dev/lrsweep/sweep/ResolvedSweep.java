package dev.lrsweep.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.lrsweep.core.diagnose.Thresholds;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.train.EvaluationCadence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fully resolved sweep as YAML: every default filled in, every optimizer and schedule parameter explicit.
 * Reading it back with {@link SweepFile#parse} gives the same sweep.
 */
public final class ResolvedSweep {
    private ResolvedSweep() {
    }

    public static String yaml(SweepConfig c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", c.name());
        root.put("seed", c.seed());
        SweepConfig.Data d = c.data();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", d.path());
        data.put("format", d.format());
        data.put("options", d.options());
        data.put("label", d.label());
        if (d.vectorColumn() != null) {
            data.put("features", d.vectorColumn());
        } else if (d.features() != null) {
            data.put("features", d.features());
        }
        data.put("validation", d.validationPath() != null ? d.validationPath() : d.validationFraction());
        data.put("standardize", d.standardize());
        if (d.maxRows() > 0) {
            data.put("max_rows", d.maxRows());
        }
        data.put("storage", d.storage());
        data.put("validation_rows", d.validationRows());
        data.put("layout", d.layout());
        data.put("shards", d.shards() == SweepConfig.Data.AUTO_SHARDS ? "auto" : d.shards());
        data.put("drop_invalid", d.dropInvalid());
        root.put("data", data);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", c.model().type());
        if (c.model().classes() > 0) {
            model.put("classes", c.model().classes());
        }
        if (c.model().type().equals("mlp")) {
            model.put("hidden", c.model().hidden());
            model.put("activation", c.model().activation());
            model.put("output", c.model().output());
            if (c.grid().initScales().isEmpty()) {
                model.put("init_scale", c.model().initScale());
            }
        } else {
            model.put("init", spec(c.model().init()));
        }
        root.put("model", model);
        Map<String, Object> grid = new LinkedHashMap<>();
        SweepConfig.AutoLadder auto = c.grid().auto();
        if (auto != null) {
            Map<String, Object> ladder = new LinkedHashMap<>();
            ladder.put("type", LearningRates.AUTO);
            ladder.put("per_decade", auto.perDecade());
            ladder.put("span", auto.span());
            grid.put("learning_rates", ladder);
        } else {
            grid.put("learning_rates", c.grid().learningRates());
        }
        if (c.grid().scaleWithBatch() != null) {
            Map<String, Object> scaling = new LinkedHashMap<>();
            scaling.put("rule", c.grid().scaleWithBatch().rule().fileName());
            scaling.put("reference", c.grid().scaleWithBatch().reference());
            grid.put("scale_lr_with_batch", scaling);
        }
        grid.put("schedules", specs(c.grid().schedules()));
        List<Object> batches = new ArrayList<>();
        for (int b : c.grid().batchSizes()) {
            batches.add(b == SweepConfig.Grid.FULL_BATCH ? "full" : b);
        }
        grid.put("batch_sizes", batches);
        grid.put("optimizers", specs(c.grid().optimizers()));
        grid.put("seeds", c.grid().seeds());
        if (!c.grid().clipGradNorms().isEmpty()) {
            List<Object> clips = new ArrayList<>();
            for (double v : c.grid().clipGradNorms()) {
                clips.add(Double.isNaN(v) ? null : v);
            }
            grid.put("clip_grad_norms", clips);
        }
        if (!c.grid().initScales().isEmpty()) {
            grid.put("init_scales", c.grid().initScales());
        }
        root.put("grid", grid);
        Map<String, Object> train = new LinkedHashMap<>();
        if (c.train().budget().epochs() > 0) {
            train.put("epochs", c.train().budget().epochs());
        } else {
            train.put("steps", c.train().budget().steps());
        }
        train.put("shuffle", c.train().shuffle());
        EvaluationCadence evaluation = c.train().evaluation();
        train.put(evaluation.every() > 0 ? "eval_every" : "evaluations",
                evaluation.every() > 0 ? evaluation.every() : evaluation.points());
        train.put("eval_rows", c.train().evalRows());
        train.put("log_every", c.train().logEvery());
        train.put("clip_grad_norm", Double.isNaN(c.train().clipGradNorm()) ? null : c.train().clipGradNorm());
        root.put("train", train);
        Map<String, Object> diagnose = new LinkedHashMap<>();
        diagnose.put("divergence_factor", c.diagnose().divergenceFactor());
        Thresholds t = c.diagnose().thresholds();
        diagnose.put("rise_tolerance", t.riseTolerance());
        diagnose.put("noise_multiple", t.noiseMultiple());
        diagnose.put("oscillation_rises", t.oscillationRises());
        diagnose.put("zigzag_cosine", t.zigzagCosine());
        diagnose.put("slow_fraction", t.slowFraction());
        diagnose.put("plateau_fraction", t.plateauFraction());
        diagnose.put("falling_fraction", t.fallingFraction());
        diagnose.put("recommend_tolerance", t.recommendTolerance());
        diagnose.put("explode_factor", t.judgesExplodingGradients() ? t.explodeFactor() : null);
        root.put("diagnose", diagnose);
        root.put("rank_by", c.rankBy());
        root.put("output", c.output());
        SweepConfig.RangeTest r = c.rangeTest();
        Map<String, Object> rangeTest = new LinkedHashMap<>();
        rangeTest.put("from", r.from());
        rangeTest.put("to", r.to());
        rangeTest.put("steps", r.steps());
        rangeTest.put("seeds", r.seeds());
        rangeTest.put("stop_factor", r.stopFactor());
        root.put("range_test", rangeTest);
        try {
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Object> specs(List<Spec> specs) {
        List<Object> out = new ArrayList<>();
        for (Spec s : specs) {
            out.add(spec(s));
        }
        return out;
    }

    private static Object spec(Spec s) {
        if (s.values().isEmpty()) {
            return s.type();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", s.type());
        m.putAll(s.values());
        return m;
    }
}
