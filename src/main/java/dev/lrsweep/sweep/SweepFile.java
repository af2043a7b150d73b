package dev.lrsweep.sweep;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lrsweep.core.batch.ScalingRule;
import dev.lrsweep.core.diagnose.Thresholds;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.spec.SpecException;
import dev.lrsweep.core.train.Budget;
import dev.lrsweep.core.train.EvaluationCadence;
import dev.lrsweep.core.train.TrainingSettings;
import dev.lrsweep.errors.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sweep file strictly. Unknown keys, wrong types and impossible values are refused with the key named,
 * before any Spark job starts. Optimizer and schedule parameters use PyTorch's names and are checked by the
 * core's factories.
 */
public final class SweepFile {
    private SweepFile() {
    }

    public static SweepConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("sweep file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("sweep file " + file + " cannot be read: " + e.getMessage());
        }
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        try {
            return parse(text, base);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses sweep-file text; {@code defaultName} names the sweep when the file does not. */
    public static SweepConfig parse(String yaml, String defaultName) {
        JsonNode tree;
        try {
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            tree = mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("is not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        ConfigNode root = new ConfigNode(tree, "");
        if (!root.isObject()) {
            throw new ConfigException("the sweep file must be a mapping of keys (name, data, model, grid, …), got "
                    + ConfigNode.describe(tree));
        }
        String name = root.text("name", defaultName);
        long seed = root.child("seed").isNull() ? 0 : root.child("seed").whole();
        SweepConfig.Data data = data(root.required("data").object());
        ConfigNode modelNode = root.required("model").object();
        SweepConfig.ModelSettings model = ModelSection.read(modelNode);
        SweepConfig.Train train = train(root.child("train"));
        SweepConfig.Grid grid = grid(root.required("grid").object(), train, model, modelNode.has("init_scale"));
        SweepConfig.Diagnose diagnose = diagnose(root.child("diagnose"), model.type());
        String rankBy = root.choice("rank_by", data.hasValidation() ? "final_val_loss" : "final_train_loss",
                SweepConfig.RANK_BY);
        if (!data.hasValidation() && rankBy.endsWith("val_loss")) {
            throw new ConfigException("rank_by " + rankBy + " needs validation rows, but data.validation is 0;"
                    + " use final_train_loss or set data.validation");
        }
        if (grid.auto() != null && data.layout().equals("sharded")) {
            throw new ConfigException(SweepConfig.AUTO_LADDER_IN_SHARDED_LAYOUT);
        }
        String output = root.text("output", "results/" + name);
        SweepConfig.RangeTest rangeTest = rangeTest(root.child("range_test"));
        root.rejectUnknownKeys();
        return new SweepConfig(name, seed, data, model, grid, train, diagnose, rankBy, output, rangeTest);
    }

    private static SweepConfig.Data data(ConfigNode n) {
        String path = n.required("path").text();
        String format = n.choice("format", "parquet", SweepConfig.FORMATS);
        Map<String, String> options = new LinkedHashMap<>();
        if (format.equals("csv")) {
            options.put("header", "true");
            options.put("inferSchema", "true");
        }
        Map<String, String> given = n.child("options").stringMap();
        ReaderOptions.check("data.options", format, given);
        options.putAll(given);
        String label = n.text("label", "label");
        List<String> features = null;
        String vector = null;
        ConfigNode f = n.child("features");
        if (!f.isNull()) {
            if (f.raw().isTextual()) {
                vector = f.text();
            } else {
                features = new ArrayList<>();
                for (ConfigNode c : f.list()) {
                    features.add(c.text());
                }
                if (features.isEmpty()) {
                    throw f.problem("must name at least one column (or be left out for every numeric column)");
                }
                if (features.contains(label)) {
                    throw f.problem("must not contain the label column " + label);
                }
            }
        } else if (format.equals("libsvm")) {
            vector = "features";
        }
        double fraction = 0;
        String validationPath = null;
        ConfigNode v = n.child("validation");
        if (!v.isNull()) {
            if (v.raw().isTextual() && !looksNumeric(v.raw().asText())) {
                validationPath = v.text();
            } else {
                fraction = v.number();
                if (!(fraction >= 0 && fraction < 1)) {
                    throw v.problem("must be a fraction in [0, 1) or a path, got " + ConfigNode.describe(v.raw()));
                }
            }
        }
        boolean standardize = n.flag("standardize", false);
        long maxRows = n.whole("max_rows", 0, 1);
        String storage = n.choice("storage", "float64", List.of("float64", "float32"));
        int validationRows = (int) Math.min(Integer.MAX_VALUE,
                n.whole("validation_rows", SweepConfig.Data.DEFAULT_VALIDATION_ROWS, 1));
        String layout = n.choice("layout", "auto", SweepConfig.Data.LAYOUTS);
        int shards = SweepConfig.Data.AUTO_SHARDS;
        ConfigNode s = n.child("shards");
        if (!s.isNull() && !(s.raw().isTextual() && s.raw().asText().equals("auto"))) {
            shards = (int) Math.min(Integer.MAX_VALUE, n.whole("shards", 1, 1));
            if (layout.equals("replicated")) {
                throw s.problem("applies to the sharded layout, but data.layout is replicated");
            }
        }
        boolean dropInvalid = n.flag("drop_invalid", false);
        n.rejectUnknownKeys();
        return new SweepConfig.Data(path, format, options, label, features, vector, fraction, validationPath,
                standardize, maxRows, storage, validationRows, layout, shards, dropInvalid);
    }

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static SweepConfig.Train train(ConfigNode n) {
        if (!n.isNull()) {
            n.object();
        }
        if (n.has("epochs") && n.has("steps")) {
            throw n.problem("takes epochs or steps, not both");
        }
        Budget budget = n.has("steps") ? Budget.ofSteps(n.whole("steps", 0, 1)) : Budget.ofEpochs(n.whole("epochs", 1, 1));
        n.child(n.has("steps") ? "epochs" : "steps");
        boolean shuffle = n.flag("shuffle", true);
        if (n.has("evaluations") && n.has("eval_every")) {
            throw n.problem("takes evaluations (points per trial) or eval_every (updates), not both");
        }
        EvaluationCadence evaluation = n.has("eval_every")
                ? EvaluationCadence.everyUpdates((int) Math.min(Integer.MAX_VALUE, n.whole("eval_every", 0, 1)))
                : EvaluationCadence.pointsPerRun((int) Math.min(Integer.MAX_VALUE,
                        n.whole("evaluations", EvaluationCadence.DEFAULT_POINTS, 1)));
        n.child(n.has("eval_every") ? "evaluations" : "eval_every");
        int evalRows = (int) n.whole("eval_rows", 10_000, 1);
        int logEvery = (int) n.whole("log_every", 10, 1);
        ConfigNode clip = n.child("clip_grad_norm");
        double clipNorm = Double.NaN;
        if (!clip.isNull()) {
            clipNorm = clip.number();
            if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
                throw clip.problem("must be a positive number or null, got " + ConfigNode.describe(clip.raw()));
            }
        }
        n.rejectUnknownKeys();
        return new SweepConfig.Train(budget, shuffle, evaluation, evalRows, logEvery, clipNorm);
    }

    private static SweepConfig.Diagnose diagnose(ConfigNode n, String modelType) {
        if (!n.isNull()) {
            n.object();
        }
        Thresholds d = Thresholds.defaults();
        double factor = n.number("divergence_factor", TrainingSettings.DEFAULT_DIVERGENCE_FACTOR);
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw n.child("divergence_factor").problem("must be a number above 1, got " + factor);
        }
        if (n.has("oscillation_tolerance")) {
            throw n.child("oscillation_tolerance").problem("was replaced by rise_tolerance, a fraction of the progress"
                    + " made so far rather than of the initial loss (default " + d.riseTolerance() + "), with"
                    + " noise_multiple (default " + (int) d.noiseMultiple() + ") for the noise floor");
        }
        try {
            Thresholds t = new Thresholds(
                    n.number("rise_tolerance", d.riseTolerance()),
                    n.number("noise_multiple", d.noiseMultiple()),
                    (int) n.whole("oscillation_rises", d.oscillationRises(), 1),
                    n.number("zigzag_cosine", d.zigzagCosine()),
                    n.number("slow_fraction", d.slowFraction()),
                    n.number("plateau_fraction", d.plateauFraction()),
                    n.number("falling_fraction", d.fallingFraction()),
                    n.number("recommend_tolerance", d.recommendTolerance()),
                    n.has("explode_factor") && n.child("explode_factor").isNull() ? Thresholds.NOT_JUDGED
                            : n.number("explode_factor", Thresholds.explodeFactorFor(modelType)));
            n.rejectUnknownKeys();
            return new SweepConfig.Diagnose(factor, t);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("diagnose." + e.getMessage());
        }
    }

    private static SweepConfig.RangeTest rangeTest(ConfigNode n) {
        if (!n.isNull()) {
            n.object();
        }
        SweepConfig.RangeTest d = SweepConfig.RangeTest.defaults();
        double from = n.number("from", d.from());
        if (!(from > 0) || Double.isInfinite(from)) {
            throw n.child("from").problem("must be a positive learning rate, got " + from);
        }
        double to = n.number("to", d.to());
        if (!(to > from) || Double.isInfinite(to)) {
            throw n.child("to").problem("must be a learning rate above from (" + from + "), got " + to);
        }
        long steps = n.whole("steps", d.steps(), 10);
        if (steps > 100_000) {
            throw n.child("steps").problem("must be at most 100000, got " + steps);
        }
        long seeds = n.whole("seeds", d.seeds(), 1);
        if (seeds > 100) {
            throw n.child("seeds").problem("must be at most 100, got " + seeds);
        }
        double stop = n.number("stop_factor", d.stopFactor());
        if (!(stop > 1) || Double.isInfinite(stop)) {
            throw n.child("stop_factor").problem("must be a number above 1, got " + stop);
        }
        n.rejectUnknownKeys();
        return new SweepConfig.RangeTest(from, to, (int) steps, (int) seeds, stop);
    }

    private static SweepConfig.BatchScaling batchScaling(ConfigNode n, List<Integer> batches) {
        if (n.isNull()) {
            return null;
        }
        n.object();
        String rule = n.choice("rule", null, ScalingRule.FILE_NAMES);
        if (rule == null) {
            throw n.problem("needs a rule: " + String.join(" or ", ScalingRule.FILE_NAMES));
        }
        if (!n.has("reference")) {
            throw n.problem("needs a reference: the batch size the ladder is given for");
        }
        long reference = n.whole("reference", 0, 1);
        if (reference > Integer.MAX_VALUE) {
            throw n.child("reference").problem("must be a batch size, got " + reference);
        }
        n.rejectUnknownKeys();
        if (batches.contains(SweepConfig.Grid.FULL_BATCH)) {
            throw n.problem("cannot scale the ladder to batch size full, whose size only the data know; give that"
                    + " batch size as a number");
        }
        return new SweepConfig.BatchScaling(ScalingRule.ofFileName(rule), (int) reference);
    }

    private static SweepConfig.Grid grid(ConfigNode n, SweepConfig.Train train, SweepConfig.ModelSettings model,
                                         boolean modelInitScale) {
        ConfigNode ladder = n.required("learning_rates");
        SweepConfig.AutoLadder auto = LearningRates.auto(ladder);
        List<Double> rates = auto != null ? List.of() : LearningRates.read(ladder);
        long checkSteps = train.budget().steps() > 0 ? train.budget().steps() : 1L << 40;
        List<Spec> schedules = new ArrayList<>();
        ConfigNode s = n.child("schedules");
        for (ConfigNode c : s.isNull() ? List.<ConfigNode>of() : s.list()) {
            Spec spec = spec(c);
            try {
                schedules.add(Schedules.create(spec, 1.0, checkSteps).spec().spec());
            } catch (SpecException e) {
                throw new ConfigException(c.path() + "." + e.getMessage());
            }
        }
        if (s.isNull()) {
            schedules.add(Spec.of("constant"));
        }
        List<Integer> batches = new ArrayList<>();
        for (ConfigNode c : n.required("batch_sizes").list()) {
            if (c.raw().isTextual() && c.raw().asText().equals("full")) {
                batches.add(SweepConfig.Grid.FULL_BATCH);
            } else {
                long b = c.raw().isNumber() ? c.whole() : -2;
                if (b < 1 || b > Integer.MAX_VALUE) {
                    throw c.problem("must be a whole number of at least 1, or full; got " + ConfigNode.describe(c.raw()));
                }
                batches.add((int) b);
            }
        }
        List<Spec> optimizers = new ArrayList<>();
        for (ConfigNode c : n.required("optimizers").list()) {
            try {
                optimizers.add(Optimizers.create(spec(c)).spec().spec());
            } catch (SpecException e) {
                throw new ConfigException(c.path() + "." + e.getMessage());
            }
        }
        List<Long> seeds = new ArrayList<>();
        ConfigNode sd = n.child("seeds");
        for (ConfigNode c : sd.isNull() ? List.<ConfigNode>of() : sd.list()) {
            seeds.add(c.whole());
        }
        if (sd.isNull()) {
            seeds.add(0L);
        }
        ConfigNode clipNode = n.child("clip_grad_norms");
        List<Double> clips = new ArrayList<>();
        if (!clipNode.isNull()) {
            if (!Double.isNaN(train.clipGradNorm())) {
                throw clipNode.problem("and train.clip_grad_norm must not both be given: list every threshold in"
                        + " grid.clip_grad_norms (null for none)");
            }
            for (ConfigNode c : clipNode.list()) {
                double v = c.isNull() ? Double.NaN : c.number();
                if (!c.isNull() && (!(v > 0) || Double.isInfinite(v))) {
                    throw c.problem("must be a positive number or null (no clipping), got "
                            + ConfigNode.describe(c.raw()));
                }
                clips.add(v);
            }
            requireSome("clip_grad_norms", clips);
        }
        ConfigNode scaleNode = n.child("init_scales");
        List<Double> scales = new ArrayList<>();
        if (!scaleNode.isNull()) {
            if (!model.type().equals("mlp")) {
                throw scaleNode.problem("applies to mlp only");
            }
            if (modelInitScale) {
                throw scaleNode.problem("and model.init_scale must not both be given: list every scale in"
                        + " grid.init_scales");
            }
            for (ConfigNode c : scaleNode.list()) {
                double v = c.number();
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw c.problem("must be a positive number, got " + ConfigNode.describe(c.raw()));
                }
                scales.add(v);
            }
            requireSome("init_scales", scales);
        }
        SweepConfig.BatchScaling scaling = batchScaling(n.child("scale_lr_with_batch"), batches);
        n.rejectUnknownKeys();
        if (auto == null) {
            requireSome("learning_rates", rates);
        }
        requireSome("schedules", schedules);
        requireSome("batch_sizes", batches);
        requireSome("optimizers", optimizers);
        requireSome("seeds", seeds);
        return new SweepConfig.Grid(List.copyOf(distinct(rates)), List.copyOf(distinct(schedules)),
                List.copyOf(distinct(batches)), List.copyOf(distinct(optimizers)), List.copyOf(distinct(seeds)),
                List.copyOf(distinct(clips)), List.copyOf(distinct(scales)), auto, scaling);
    }

    private static void requireSome(String key, List<?> values) {
        if (values.isEmpty()) {
            throw ConfigNode.problem("grid." + key, "is empty, so the grid has no trials");
        }
    }

    private static <T> List<T> distinct(List<T> list) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(list));
    }

    /** An optimizer, schedule or initialisation: a name, or a mapping with {@code type} and parameters. */
    static Spec spec(ConfigNode n) {
        if (n.raw() != null && n.raw().isTextual()) {
            return Spec.of(n.raw().asText());
        }
        if (!n.isObject()) {
            throw n.problem("must be a name or a mapping with a type, got " + ConfigNode.describe(n.raw()));
        }
        if (!n.has("type")) {
            throw n.problem("needs a type");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.raw().fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("type")) {
                values.put(e.getKey(), value(e.getValue(), n.path() + "." + e.getKey()));
            }
        }
        try {
            return new Spec(n.raw().get("type").asText(), values);
        } catch (SpecException e) {
            throw new ConfigException(n.path() + "." + e.getMessage());
        }
    }

    private static Object value(JsonNode v, String path) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            return looksNumeric(v.asText()) ? Double.parseDouble(v.asText().trim()) : v.asText();
        }
        if (v.isArray()) {
            List<Double> list = new ArrayList<>();
            for (JsonNode e : v) {
                if (!(e.isNumber() || e.isTextual() && looksNumeric(e.asText()))) {
                    throw new ConfigException(path + " must be a list of numbers, got " + ConfigNode.describe(e));
                }
                list.add(e.isNumber() ? e.asDouble() : Double.parseDouble(e.asText().trim()));
            }
            return list;
        }
        throw new ConfigException(path + " must be a number, true/false, a name or a list of numbers, got "
                + ConfigNode.describe(v));
    }
}
