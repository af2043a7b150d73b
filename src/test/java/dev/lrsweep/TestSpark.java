package dev.lrsweep;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession per test JVM (starting one takes seconds). Tests share it and never stop it; the JVM's
 * exit does. Scratch space lives under {@code target/}.
 */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            Path local = Path.of("target", "spark-local").toAbsolutePath();
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("lrsweep-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.local.dir", local.toString())
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.sql.warehouse.dir", Path.of("target", "spark-warehouse").toAbsolutePath().toString())
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
