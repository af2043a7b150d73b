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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
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
 * Plain Parquet files read without Spark SQL: their schema and row counts from their footers, read on the driver
 * (a few kilobytes a file, {@value #FOOTER_THREADS} at a time), their rows by {@link ParquetRows} on the executors,
 * one task per file (per row group for a file above {@value #SPLIT_BYTES} bytes). Spark SQL's reader gives the same
 * rows; it is skipped because planning and compiling a query over many columns costs seconds on the driver, more
 * than reading the rows. As the footers give every part's rows, the rows are read only once: the data checks are
 * made while the rows are packed ({@link RowPacker}), not in a pass of their own.
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
    /** Footers read at once on the driver: enough to hide an object store's latency, few enough to be polite. */
    static final int FOOTER_THREADS = 8;

    private ParquetFiles() {
    }

    /**
     * A part of the input one task reads: a whole file ({@code rowGroup} -1) or one row group of it.
     *
     * @param shown the file as messages name it ({@link Source#name})
     * @param start the row group's first byte, or 0 for a whole file: with the file, it names the part's rows
     *              (as an input split's start does in Spark's reading)
     * @param rows  the part's rows, as its file's footer gives them
     */
    @DefaultSerializer(JavaSerializer.class)
    record Part(String file, String shown, int rowGroup, long start, long rows) implements Serializable {
    }

    /**
     * The files' Spark schema (the first file's), their parts in file order, and each file's own schema, by the
     * name messages give it ({@link Part#shown}).
     */
    record Direct(StructType schema, List<Part> parts, Map<String, MessageType> fileSchemas) {

        /** Refuses, in one line, a file that lacks one of these columns or holds it as a type not read here. */
        void requireColumns(List<String> columns, Source source) {
            for (Map.Entry<String, MessageType> file : fileSchemas.entrySet()) {
                for (String column : columns) {
                    String problem = columnProblem(file.getKey(), file.getValue(), column);
                    if (problem != null) {
                        throw new DataException(source.key() + " " + source.path() + " cannot be read as parquet: "
                                + problem);
                    }
                }
            }
        }
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
            List<ParquetMetadata> footers = footers(fs, files);
            MessageType first = footers.get(0).getFileMetaData().getSchema();
            List<Part> parts = new ArrayList<>();
            Map<String, MessageType> schemas = new LinkedHashMap<>();
            for (int i = 0; i < files.size(); i++) {
                FileStatus f = files.get(i);
                String file = f.getPath().toString();
                String shown = source.name(file).isEmpty() ? file : source.name(file);
                schemas.put(shown, footers.get(i).getFileMetaData().getSchema());
                List<BlockMetaData> groups = footers.get(i).getBlocks();
                if (f.getLen() > splitBytes) {
                    for (int g = 0; g < groups.size(); g++) {
                        BlockMetaData group = groups.get(g);
                        parts.add(new Part(file, shown, g, group.getStartingPos(), group.getRowCount()));
                    }
                } else {
                    long rows = groups.stream().mapToLong(BlockMetaData::getRowCount).sum();
                    parts.add(new Part(file, shown, -1, 0, rows));
                }
            }
            StructType schema = schema(first);
            if (schema == null || !TextColumns.candidates(schema, data, expected).isEmpty()) {
                return null;
            }
            return new Direct(schema, parts, schemas);
        } catch (IOException | RuntimeException e) {
            throw new DataException(source.key() + " " + source.path() + " cannot be read as parquet: "
                    + Errors.oneLine(e), e);
        }
    }

    /** The files' footers, in the files' order, read {@value #FOOTER_THREADS} at a time. */
    private static List<ParquetMetadata> footers(FileSystem fs, List<FileStatus> files) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(FOOTER_THREADS, files.size()), r -> {
            Thread t = new Thread(r, "lrsweep-parquet-footers");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ParquetMetadata>> read = new ArrayList<>();
            for (FileStatus f : files) {
                read.add(pool.submit(() -> {
                    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(f, fs.getConf()))) {
                        return r.getFooter();
                    } catch (IOException | RuntimeException e) {
                        throw new IOException(f.getPath().getName() + ": " + Errors.oneLine(e), e);
                    }
                }));
            }
            List<ParquetMetadata> footers = new ArrayList<>(files.size());
            for (Future<ParquetMetadata> f : read) {
                footers.add(f.get());
            }
            return footers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the footers", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Why this file's column cannot be read here ("part-1.parquet has no column f, unlike the data set's first
     * file"), or null when it can.
     */
    static String columnProblem(String file, MessageType schema, String column) {
        Type t = schema.containsField(column) ? schema.getType(column) : null;
        if (t != null && t.isPrimitive() && !t.isRepetition(Type.Repetition.REPEATED)
                && sparkType(t.asPrimitiveType()) != null) {
            return null;
        }
        return file + " has " + (t == null ? "no column " + column : "column " + column + " of another type ("
                + t + ")") + ", unlike the data set's first file";
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
