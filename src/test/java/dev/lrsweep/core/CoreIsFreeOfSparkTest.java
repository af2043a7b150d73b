package dev.lrsweep.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.spec.Spec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The numeric core runs on an executor and in plain unit tests alike, so it must not touch Spark, Scala or
 * Hadoop: neither its sources nor its compiled classes may refer to them.
 */
class CoreIsFreeOfSparkTest {
    static final String CORE = "dev/lrsweep/core";
    static final List<String> SOURCE_MARKERS = List.of("import org.apache.spark", "import scala.", "org.apache.hadoop");
    static final List<String> CLASS_MARKERS = List.of("org/apache/spark", "scala/", "org/apache/hadoop");

    static Path sourceRoot() {
        return Paths.get(System.getProperty("basedir", ".")).resolve("src/main/java").resolve(CORE);
    }

    /** The compiled core, found where the core's own classes were loaded from. */
    static Path classRoot() throws URISyntaxException {
        return Paths.get(Spec.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(CORE);
    }

    static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    @DisplayName("no source file of the core imports Spark or Scala or names Hadoop")
    void noSourceFileOfTheCoreImportsSpark() throws IOException {
        List<Path> sources = files(sourceRoot(), ".java");
        assertTrue(sources.size() >= 30, "expected the core's sources under " + sourceRoot() + ", found " + sources.size());
        List<String> offenders = new ArrayList<>();
        for (Path source : sources) {
            String text = Files.readString(source, StandardCharsets.UTF_8);
            for (String marker : SOURCE_MARKERS) {
                if (text.contains(marker)) {
                    offenders.add(sourceRoot().relativize(source) + " contains \"" + marker + "\"");
                }
            }
        }
        assertTrue(offenders.isEmpty(), "the core must not depend on Spark: " + String.join("; ", offenders));
    }

    @Test
    @DisplayName("no compiled class of the core refers to a Spark, Scala or Hadoop class")
    void noCompiledClassOfTheCoreRefersToSpark() throws IOException, URISyntaxException {
        List<Path> classes = files(classRoot(), ".class");
        assertTrue(classes.size() >= files(sourceRoot(), ".java").size(),
                "expected a compiled class for every core source under " + classRoot() + ", found " + classes.size());
        List<String> offenders = new ArrayList<>();
        for (Path file : classes) {
            byte[] bytes = Files.readAllBytes(file);
            assertTrue(bytes.length > 4 && (bytes[0] & 0xFF) == 0xCA && (bytes[1] & 0xFF) == 0xFE,
                    file + " is not a class file");
            for (String marker : CLASS_MARKERS) {
                if (indexOf(bytes, marker.getBytes(StandardCharsets.UTF_8)) >= 0) {
                    offenders.add(classRoot().relativize(file) + " refers to " + marker);
                }
            }
        }
        assertTrue(offenders.isEmpty(), "the core must not depend on Spark: " + String.join("; ", offenders));
    }

    @Test
    @DisplayName("the byte search finds a class name in a constant pool, so a clean result means something")
    void theByteSearchFindsAClassNameInAConstantPool() throws IOException, URISyntaxException {
        Path spec = classRoot().resolve("spec/Spec.class");
        byte[] bytes = Files.readAllBytes(spec);
        assertTrue(indexOf(bytes, "java/util/LinkedHashMap".getBytes(StandardCharsets.UTF_8)) >= 0);
        assertTrue(indexOf(bytes, "org/apache/spark".getBytes(StandardCharsets.UTF_8)) < 0);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
