package dev.lrsweep.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads {@link ParquetFiles.Part parts} of Parquet files on an executor ({@link ColumnPages}), as the rows
 * {@link SourceRows} reads: the label and the features as doubles (null where the file has none; integers and
 * floats widened exactly, as Spark's cast to double does), then the part's file and start. One row object is
 * reused: a consumer copies what it keeps, as it does with Spark SQL's rows.
 */
final class ParquetRows implements FlatMapFunction<Iterator<ParquetFiles.Part>, InternalRow> {
    private static final long serialVersionUID = 1L;
    /** Values decoded at a time, column after column: a batch's arrays stay below 1 MB, which G1 keeps cheap. */
    static final int BATCH_VALUES = 1 << 16;

    private final Broadcast<SerializableConfiguration> conf;
    /** The label, then the features. */
    private final List<String> columns;

    ParquetRows(Broadcast<SerializableConfiguration> conf, List<String> columns) {
        this.conf = conf;
        this.columns = List.copyOf(columns);
    }

    @Override
    public Iterator<InternalRow> call(Iterator<ParquetFiles.Part> parts) {
        Configuration c = conf.value().value();
        return new Iterator<>() {
            private final StructType rowType = rowType(columns.size());
            private final SpecificInternalRow row = new SpecificInternalRow(rowType);
            private PartReader reader;

            @Override
            public boolean hasNext() {
                while (reader == null || !reader.hasNext()) {
                    if (reader != null) {
                        reader.close();
                        reader = null;
                    }
                    if (!parts.hasNext()) {
                        return false;
                    }
                    reader = new PartReader(parts.next(), c, columns);
                }
                return true;
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                reader.next(row);
                return row;
            }
        };
    }

    static StructType rowType(int columns) {
        StructType t = new StructType();
        for (int i = 0; i < columns; i++) {
            t = t.add("c" + i, DataTypes.DoubleType);
        }
        return t.add(DataReader.FILE, DataTypes.StringType).add(DataReader.BLOCK, DataTypes.LongType);
    }

    /** The rows of one part, row group after row group. */
    private static final class PartReader implements AutoCloseable {
        private final ParquetFileReader file;
        private final MessageType schema;
        private final ColumnDescriptor[] descriptors;
        private final ColumnPages[] decoders;
        private final UTF8String name;
        private final long start;
        private final boolean oneGroup;
        private int groupsLeft;
        private long rowsLeft;
        /** A batch of rows, row after row: values, and whether each is null. */
        private final double[] values;
        private final boolean[] nulls;
        private final int batch;
        private int batchRows;
        private int batchAt;

        PartReader(ParquetFiles.Part part, Configuration conf, List<String> columns) {
            try {
                file = ParquetFileReader.open(HadoopInputFile.fromPath(ParquetFiles.path(part), conf));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + part.shown() + ": " + e.getMessage(), e);
            }
            schema = file.getFooter().getFileMetaData().getSchema();
            descriptors = new ColumnDescriptor[columns.size()];
            for (int i = 0; i < descriptors.length; i++) {
                String column = columns.get(i);
                String problem = ParquetFiles.columnProblem(part.shown(), schema, column);
                if (problem != null) {
                    close(); // the driver checked every file's columns: this file changed since
                    throw new IllegalStateException(problem);
                }
                descriptors[i] = schema.getColumnDescription(new String[] {column});
            }
            decoders = new ColumnPages[descriptors.length];
            batch = Math.max(1, BATCH_VALUES / descriptors.length);
            values = new double[batch * descriptors.length];
            nulls = new boolean[batch * descriptors.length];
            name = UTF8String.fromString(part.file());
            start = part.start();
            oneGroup = part.rowGroup() >= 0;
            groupsLeft = oneGroup ? 1 : file.getRowGroups().size();
            if (oneGroup) {
                open(part.rowGroup());
            }
        }

        boolean hasNext() {
            while (rowsLeft == 0) {
                if (oneGroup || groupsLeft == 0) {
                    return false;
                }
                open(-1);
            }
            return true;
        }

        private void open(int index) {
            try {
                PageReadStore pages = index >= 0 ? file.readRowGroup(index) : file.readNextRowGroup();
                groupsLeft--;
                for (int i = 0; i < decoders.length; i++) {
                    decoders[i] = new ColumnPages(pages.getPageReader(descriptors[i]), descriptors[i]);
                }
                rowsLeft = pages.getRowCount();
                batchRows = 0;
                batchAt = 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void next(SpecificInternalRow row) {
            if (batchAt == batchRows) {
                readBatch();
            }
            int c = decoders.length;
            int at = batchAt * c;
            for (int i = 0; i < c; i++) {
                if (nulls[at + i]) {
                    row.setNullAt(i);
                } else {
                    row.setDouble(i, values[at + i]);
                }
            }
            row.update(c, name);
            row.setLong(c + 1, start);
            batchAt++;
            rowsLeft--;
        }

        /** The next rows of the row group, column after column. */
        private void readBatch() {
            int c = decoders.length;
            batchRows = (int) Math.min(batch, rowsLeft);
            batchAt = 0;
            for (int i = 0; i < c; i++) {
                decoders[i].read(values, nulls, i, c, batchRows);
            }
        }

        @Override
        public void close() {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
