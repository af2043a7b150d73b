package dev.lrsweep.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One flat numeric column of a row group, decoded a page at a time into doubles: a page of plain values in bulk
 * (Parquet stores them little-endian, as the CPU reads them), a dictionary-encoded or other page value by value
 * with Parquet's own decoders. Data pages of both versions; definition levels tell the nulls.
 */
final class ColumnPages {
    private final PageReader pages;
    private final ColumnDescriptor column;
    private final PrimitiveTypeName type;
    private final int maxDefinition;
    private final Dictionary dictionary;
    /** The current page: its rows left, its definition levels (null when none), its values. */
    private int left;
    private ValuesReader levelsV1;
    private RunLengthBitPackingHybridDecoder levelsV2;
    private ByteBuffer plain;
    private ValuesReader encoded;

    ColumnPages(PageReader pages, ColumnDescriptor column) {
        this.pages = pages;
        this.column = column;
        this.type = column.getPrimitiveType().getPrimitiveTypeName();
        this.maxDefinition = column.getMaxDefinitionLevel();
        if (column.getMaxRepetitionLevel() > 0) {
            throw new IllegalArgumentException("not a flat column: " + column);
        }
        DictionaryPage page = pages.readDictionaryPage();
        try {
            this.dictionary = page == null ? null : page.getEncoding().initDictionary(column, page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next {@code rows} rows into {@code out} and {@code isNull}, row k at {@code offset + k * stride}. */
    void read(double[] out, boolean[] isNull, int offset, int stride, int rows) {
        try {
            for (int k = 0, o = offset; k < rows; k++, o += stride) {
                if (left == 0) {
                    nextPage();
                }
                left--;
                int level = levelsV1 != null ? levelsV1.readInteger() : levelsV2 != null ? levelsV2.readInt()
                        : maxDefinition;
                if (level < maxDefinition) {
                    isNull[o] = true;
                    continue;
                }
                isNull[o] = false;
                out[o] = plain != null ? switch (type) {
                    case DOUBLE -> plain.getDouble();
                    case FLOAT -> plain.getFloat();
                    case INT32 -> plain.getInt();
                    default -> plain.getLong();
                } : switch (type) {
                    case DOUBLE -> encoded.readDouble();
                    case FLOAT -> encoded.readFloat();
                    case INT32 -> encoded.readInteger();
                    default -> encoded.readLong();
                };
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void nextPage() throws IOException {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new IllegalStateException("column " + column + " ended before its row group's rows");
        }
        int n = page.getValueCount();
        levelsV1 = null;
        levelsV2 = null;
        if (page instanceof DataPageV1 v1) {
            ByteBufferInputStream in = v1.getBytes().toInputStream();
            v1.getRlEncoding().getValuesReader(column, ValuesType.REPETITION_LEVEL).initFromPage(n, in);
            ValuesReader levels = v1.getDlEncoding().getValuesReader(column, ValuesType.DEFINITION_LEVEL);
            levels.initFromPage(n, in); // read past them even when the column has no nulls
            levelsV1 = maxDefinition > 0 ? levels : null;
            values(v1.getValueEncoding(), in, n);
        } else if (page instanceof DataPageV2 v2) {
            if (maxDefinition > 0) {
                levelsV2 = new RunLengthBitPackingHybridDecoder(BytesUtils.getWidthFromMaxInt(maxDefinition),
                        v2.getDefinitionLevels().toInputStream());
            }
            values(v2.getDataEncoding(), v2.getData().toInputStream(), n);
        } else {
            throw new IllegalStateException("an unknown page: " + page);
        }
        left = n;
    }

    /** Plain values are read straight from the page's bytes; others through Parquet's decoder. */
    private void values(Encoding encoding, ByteBufferInputStream in, int n) throws IOException {
        plain = null;
        encoded = null;
        if (encoding == Encoding.PLAIN) {
            plain = in.slice((int) in.available()).order(ByteOrder.LITTLE_ENDIAN);
        } else {
            encoded = encoding.usesDictionary()
                    ? encoding.getDictionaryBasedValuesReader(column, ValuesType.VALUES, dictionary)
                    : encoding.getValuesReader(column, ValuesType.VALUES);
            encoded.initFromPage(n, in);
        }
    }
}
