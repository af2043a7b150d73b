package dev.lrsweep.io;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.lrsweep.errors.DataException;
import dev.lrsweep.errors.Errors;
import dev.lrsweep.sweep.SweepConfig;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Plain Parquet files read without Spark SQL: their schema from a footer on the driver, their rows by
 * {@link ParquetRows} on the executors, one task per file (per row group for a file above {@value #SPLIT_BYTES}
 * bytes). Spark SQL's reader gives the same rows; it is skipped because planning and compiling a query over many
 * columns costs seconds on the driver, more than reading the rows.
 *
 * <p>Only the plainest case takes this path, and everything else goes through Spark SQL: no reader options, no
 * {@code data.drop_invalid}, no vector column, files directly in the given directories (no partition
 * directories), and every column of a type this reader knows (floating point, signed integers, boolean, string);
 * string columns that the data checks would read as numbers also go through Spark SQL. The files are those
 * Spark reads: a directory's files but those whose names start with {@code _} or {@code .}.
 */
final class ParquetFiles {
    /** Files larger than this are read one row group per task. */
    static final long SPLIT_BYTES = 128L << 20;

    private ParquetFiles() {
    }

    /**
     * A part of the input one task reads: a whole file ({@code rowGroup} -1) or one row group of it.
     *
     * @param shown the file as messages name it ({@link Source#name})
     * @param start the row group's first byte, or 0 for a whole file: with the file, it names the part's rows
     *              (as an input split's start does in Spark's reading)
     */
    @DefaultSerializer(JavaSerializer.class)
    record Part(String file, String shown, int rowGroup, long start) implements Serializable {
    }

    /** The files' Spark schema and their parts, in file order. */
    record Direct(StructType schema, List<Part> parts) {
    }

    /** The files as {@link ParquetRows} reads them, or null when Spark SQL must read them. */
    static Direct open(FileSystem fs, FileStatus[] found, SweepConfig.Data data, Source source,
                       List<String> expected) {
        return open(fs, found, data, source, expected, SPLIT_BYTES);
    }

    /** @param splitBytes files larger than this are read a row group per task */
    static Direct open(FileSystem fs, FileStatus[] found, SweepConfig.Data data, Source source,
                       List<String> expected, long splitBytes) {
        if (!data.format().equals("parquet") || !data.options().isEmpty() || data.dropInvalid()
                || data.vectorColumn() != null) {
            return null;
        }
        try {
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus root : found) {
                if (root.isFile()) {
                    files.add(root);
                    continue;
                }
                for (FileStatus f : fs.listStatus(root.getPath())) {
                    if (hidden(f.getPath().getName())) {
                        continue;
                    }
                    if (!f.isFile()) {
                        return null; // partition directories: Spark discovers their columns
                    }
                    files.add(f);
                }
            }
            if (files.isEmpty() || files.stream().anyMatch(f -> f.getLen() == 0)) {
                return null;
            }
            files.sort(Comparator.comparing(f -> f.getPath().toString()));
            MessageType first = null;
            List<Part> parts = new ArrayList<>();
            for (FileStatus f : files) {
                String file = f.getPath().toString();
                String shown = source.name(file).isEmpty() ? file : source.name(file);
                if (first == null || f.getLen() > splitBytes) {
                    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(f,
                            fs.getConf()))) {
                        if (first == null) {
                            first = r.getFooter().getFileMetaData().getSchema();
                        }
                        if (f.getLen() > splitBytes) {
                            List<BlockMetaData> groups = r.getRowGroups();
                            for (int g = 0; g < groups.size(); g++) {
                                parts.add(new Part(file, shown, g, groups.get(g).getStartingPos()));
                            }
                            continue;
                        }
                    }
                }
                parts.add(new Part(file, shown, -1, 0));
            }
            StructType schema = schema(first);
            if (schema == null || !TextColumns.candidates(schema, data, expected).isEmpty()) {
                return null;
            }
            return new Direct(schema, parts);
        } catch (IOException | RuntimeException e) {
            throw new DataException(source.key() + " " + source.path() + " cannot be read as parquet: "
                    + Errors.oneLine(e), e);
        }
    }

    /** As Spark lists a directory: names starting with {@code _} or {@code .} are not data. */
    private static boolean hidden(String name) {
        return name.startsWith("_") && !name.contains("=") || name.startsWith(".") || name.endsWith("._COPYING_");
    }

    /** The Spark schema of a flat Parquet schema whose every column this reader knows, else null. */
    static StructType schema(MessageType message) {
        List<StructField> fields = new ArrayList<>();
        for (Type t : message.getFields()) {
            DataType type = t.isPrimitive() && !t.isRepetition(Type.Repetition.REPEATED)
                    ? sparkType(t.asPrimitiveType()) : null;
            if (type == null) {
                return null;
            }
            fields.add(DataTypes.createStructField(t.getName(), type, !t.isRepetition(Type.Repetition.REQUIRED)));
        }
        return DataTypes.createStructType(fields);
    }

    /** The type Spark gives a column, for the columns read here; null for any other. */
    static DataType sparkType(PrimitiveType p) {
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        return switch (p.getPrimitiveTypeName()) {
            case DOUBLE -> a == null ? DataTypes.DoubleType : null;
            case FLOAT -> a == null ? DataTypes.FloatType : null;
            case BOOLEAN -> a == null ? DataTypes.BooleanType : null;
            case INT32 -> a == null ? DataTypes.IntegerType
                    : a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.isSigned()
                    ? switch (i.getBitWidth()) {
                        case 8 -> DataTypes.ByteType;
                        case 16 -> DataTypes.ShortType;
                        case 32 -> DataTypes.IntegerType;
                        default -> null;
                    } : null;
            case INT64 -> a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
                    && i.isSigned() && i.getBitWidth() == 64 ? DataTypes.LongType : null;
            case BINARY -> a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation ? DataTypes.StringType
                    : null;
            default -> null;
        };
    }

    /** The path of a part as Hadoop reads it. */
    static Path path(Part part) {
        return new Path(part.file());
    }
}
