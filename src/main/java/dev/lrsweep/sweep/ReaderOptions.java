package dev.lrsweep.sweep;

import dev.lrsweep.core.spec.Names;
import dev.lrsweep.errors.ConfigException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Spark reader options a sweep file may give under {@code data.options}: per format, only the options Spark
 * 4.1 documents for reading it ({@code CSVOptions}, {@code JSONOptions}, {@code ParquetOptions},
 * {@code OrcOptions}, libsvm's), and the options of every file source.
 *
 * <p>An allow-list, because Spark copies a file source's options into the Hadoop {@code Configuration} it reads
 * with: an option such as {@code fs.hdfs.impl} or {@code io.compression.codecs} would name a class to load. No
 * option here names a class, a file system or a codec, so a sweep file cannot make lrsweep load or run code.
 * Spark matches option names without regard to case; so does this list.
 */
public final class ReaderOptions {
    /** Options of every file-based source (partition discovery, file filters, corrupt and missing files). */
    static final List<String> FILE_SOURCE = List.of("pathGlobFilter", "recursiveFileLookup", "modifiedBefore",
            "modifiedAfter", "basePath", "ignoreCorruptFiles", "ignoreMissingFiles");

    static final List<String> CSV = List.of("sep", "delimiter", "encoding", "charset", "quote", "escape",
            "charToEscapeQuoteEscaping", "comment", "header", "enforceSchema", "inferSchema", "preferDate",
            "samplingRatio", "ignoreLeadingWhiteSpace", "ignoreTrailingWhiteSpace", "nullValue", "nanValue",
            "positiveInf", "negativeInf", "emptyValue", "dateFormat", "timestampFormat", "timestampNTZFormat",
            "enableDateTimeParsingFallback", "maxColumns", "maxCharsPerColumn", "unescapedQuoteHandling", "mode",
            "columnNameOfCorruptRecord", "multiLine", "locale", "lineSep", "timeZone", "inputBufferSize",
            "columnPruning");

    static final List<String> JSON = List.of("primitivesAsString", "prefersDecimal", "allowComments",
            "allowUnquotedFieldNames", "allowSingleQuotes", "allowNumericLeadingZeros", "allowNonNumericNumbers",
            "allowBackslashEscapingAnyCharacter", "allowUnquotedControlChars", "mode", "columnNameOfCorruptRecord",
            "dateFormat", "timestampFormat", "timestampNTZFormat", "enableDateTimeParsingFallback", "multiLine",
            "encoding", "charset", "lineSep", "samplingRatio", "dropFieldIfAllNull", "locale", "timeZone",
            "inferTimestamp");

    static final List<String> PARQUET = List.of("mergeSchema", "datetimeRebaseMode", "int96RebaseMode");

    static final List<String> ORC = List.of("mergeSchema");

    static final List<String> LIBSVM = List.of("numFeatures", "vectorType");

    private ReaderOptions() {
    }

    /** The options {@code format} accepts, sorted. */
    public static List<String> allowed(String format) {
        List<String> own = switch (format) {
            case "csv" -> CSV;
            case "json" -> JSON;
            case "parquet" -> PARQUET;
            case "orc" -> ORC;
            case "libsvm" -> LIBSVM;
            default -> throw new IllegalArgumentException("no such format: " + format);
        };
        Set<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        all.addAll(own);
        all.addAll(FILE_SOURCE);
        return List.copyOf(all);
    }

    /**
     * Refuses any option {@code format} does not document for reading.
     *
     * @param key the options' key path, {@code data.options}
     * @throws ConfigException naming the option and the closest allowed one
     */
    static void check(String key, String format, Map<String, String> options) {
        List<String> allowed = allowed(format);
        Set<String> lower = new TreeSet<>();
        for (String a : allowed) {
            lower.add(a.toLowerCase(Locale.ROOT));
        }
        for (String name : options.keySet()) {
            if (!lower.contains(name.toLowerCase(Locale.ROOT))) {
                String hint = Names.closest(name, allowed);
                String takes = allowed.size() <= 12 ? format + " takes " + String.join(", ", allowed)
                        : "lrsweep passes only the options Spark documents for reading " + format;
                throw new ConfigException(key + "." + name + " is not a " + format + " reader option"
                        + (hint == null ? "" : " (did you mean " + hint + "?)") + "; " + takes);
            }
        }
    }
}
