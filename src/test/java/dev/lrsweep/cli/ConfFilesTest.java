package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.sweep.Grid;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfFilesTest {

    @Test
    @DisplayName("the quickstart sweep parses into 180 logistic trials")
    void theQuickstartSweepParsesInto180LogisticTrials() {
        SweepConfig c = SweepFile.read(Path.of("conf/quickstart.yaml"));
        assertEquals("quickstart", c.name());
        assertEquals("results/quickstart", c.output());
        assertEquals("data/quickstart", c.data().path());
        assertEquals(List.of(0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0), c.grid().learningRates());
        assertEquals(180, Grid.expand(c).size());
        assertEquals("logistic", c.model().type());
    }

    @Test
    @DisplayName("the sweeps of the two real data sets in the tests' resources parse, with paths from the repository root")
    void theSweepsOfTheTwoRealDataSetsParse() {
        for (String name : List.of("diabetes", "digits")) {
            SweepConfig c = SweepFile.read(Path.of("src/test/resources/datasets/" + name + ".yaml"));
            assertTrue(Files.exists(Path.of(c.data().path())), c.data().path());
            assertEquals(540, Grid.expand(c).size());
            assertEquals("results/" + name, c.output());
        }
    }

    @Test
    @DisplayName("the real-data example parses with every section given")
    void theRealDataExampleParsesWithEverySectionGiven() {
        SweepConfig c = SweepFile.read(Path.of("conf/example-real-data.yaml"));
        assertEquals("churn-lr-study", c.name());
        assertEquals("csv", c.data().format());
        assertEquals(5, c.data().features().size());
        assertTrue(c.data().validationPath().startsWith("s3a://"));
        assertEquals(5.0, c.train().clipGradNorm());
        assertEquals(2_000_000, c.data().maxRows());
        assertEquals("best_val_loss", c.rankBy());
        assertEquals(13, c.grid().learningRates().size());
        assertEquals(13 * 5 * 3 * 4 * 2, Grid.expand(c).size());
    }

    @Test
    @DisplayName("the perceptron example parses into 44 trials of a 64–64–10 relu network, with and without clipping")
    void thePerceptronExampleParses() {
        SweepConfig c = SweepFile.read(Path.of("conf/example-mlp.yaml"));
        assertEquals("mlp", c.model().type());
        assertEquals(List.of(64), c.model().hidden());
        assertEquals("softmax", c.model().lossType());
        assertEquals(2, c.clipGradNorms().size());
        assertEquals(11 * 2 * 2, Grid.expand(c).size());
    }

    @Test
    @DisplayName("the Spark defaults and the logging configuration are property files, with no secret set")
    void theSparkDefaultsAndTheLoggingConfigurationArePropertyFiles() throws IOException {
        Properties spark = load("conf/spark-defaults.conf");
        assertEquals("false", spark.getProperty("spark.ui.showConsoleProgress"));
        assertTrue(spark.stringPropertyNames().stream().noneMatch(k -> k.contains("secret")), "no secret is set");
        Properties log = load("conf/log4j2.properties");
        assertEquals("dev.lrsweep", log.getProperty("logger.lrsweep.name"));
        assertEquals("info", log.getProperty("logger.lrsweep.level"));
    }

    @Test
    @DisplayName("the console's logging drops Spark's report of an aborted write task, and keeps its other errors")
    void theConsolesLoggingDropsAnAbortedTasksReport() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext context = null;
        try {
            context = Configurator.initialize("conf-files-test", null, Path.of("conf/log4j2.properties").toUri());
            Logger utils = context.getLogger("org.apache.spark.util.Utils");
            utils.error("Aborting task");
            utils.error("Uncaught exception in thread main");
        } finally {
            if (context != null) {
                Configurator.shutdown(context);
            }
            System.setErr(err);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(!out.contains("Aborting task") && out.contains("Uncaught exception in thread main"), out);
    }

    @Test
    @DisplayName("the launcher gives java the same module options as the tests")
    void theLauncherGivesJavaTheSameModuleOptionsAsTheTests() throws IOException {
        Matcher m = Pattern.compile("<spark\\.module\\.options>([^<]*)</spark\\.module\\.options>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "pom.xml defines spark.module.options");
        List<String> pom = Arrays.asList(m.group(1).trim().split("\\s+"));
        List<String> launcher = Files.readAllLines(Path.of("submit/jvm-options")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(pom, launcher);
    }

    @Test
    @DisplayName("continuous integration runs the test command the README gives")
    void continuousIntegrationRunsTheTestCommandTheReadmeGives() throws IOException {
        String command = "mvn -B verify";
        assertTrue(Files.readString(Path.of("README.md")).contains("`" + command + "`"));
        assertTrue(Files.readAllLines(Path.of(".ci/run")).stream().anyMatch(l -> l.strip().equals(command)));
    }

    private static Properties load(String file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(file))) {
            p.load(r);
        }
        return p;
    }
}
