package dev.lrsweep.results;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.lrsweep.core.spec.Format;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Prints a query result as an aligned table (like Spark's {@code show}, without truncation, capped), as CSV
 * (a header line, RFC 4180 quoting) or as JSON lines (one object per row, nulls kept). Numbers print as the
 * shortest text that reads back exactly; nested values print as JSON.
 */
public final class QueryOutput {
    /** The output formats. */
    public enum Style { TABLE, CSV, JSON }

    /** The most rows the table format prints. */
    public static final int TABLE_ROWS = 1000;

    private static final JsonFactory JSON = new JsonFactory();

    private QueryOutput() {
    }

    /** Prints the result; returns the rows printed. */
    public static long print(Dataset<Row> result, Style style, PrintWriter out) {
        StructType schema = result.schema();
        long printed = 0;
        switch (style) {
            case TABLE -> {
                List<Row> rows = result.limit(TABLE_ROWS + 1).collectAsList();
                boolean more = rows.size() > TABLE_ROWS;
                table(more ? rows.subList(0, TABLE_ROWS) : rows, schema, out);
                printed = Math.min(rows.size(), TABLE_ROWS);
                if (more) {
                    out.println("(only the first " + TABLE_ROWS + " rows are shown; use --format csv or json for all)");
                }
            }
            case CSV -> {
                List<String> header = new ArrayList<>();
                for (StructField f : schema.fields()) {
                    header.add(csvField(f.name()));
                }
                out.println(String.join(",", header));
                Iterator<Row> it = result.toLocalIterator();
                while (it.hasNext()) {
                    Row r = it.next();
                    List<String> cells = new ArrayList<>();
                    for (int i = 0; i < schema.size(); i++) {
                        cells.add(r.isNullAt(i) ? "" : csvField(text(r.get(i), schema.fields()[i].dataType())));
                    }
                    out.println(String.join(",", cells));
                    printed++;
                }
            }
            case JSON -> {
                Iterator<Row> it = result.toLocalIterator();
                while (it.hasNext()) {
                    out.println(json(it.next(), schema));
                    printed++;
                }
            }
        }
        out.flush();
        return printed;
    }

    /** An aligned table: numbers right-aligned, everything else left-aligned, nulls as NULL. */
    public static void table(List<Row> rows, StructType schema, PrintWriter out) {
        int n = schema.size();
        String[][] cells = new String[rows.size()][n];
        boolean[] right = new boolean[n];
        for (int j = 0; j < n; j++) {
            right[j] = schema.fields()[j].dataType() instanceof NumericType;
        }
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < n; j++) {
                Row r = rows.get(i);
                String s = r.isNullAt(j) ? "NULL" : text(r.get(j), schema.fields()[j].dataType());
                cells[i][j] = s.replace("\r", "\\r").replace("\n", "\\n");
            }
        }
        String[] header = new String[n];
        for (int j = 0; j < n; j++) {
            header[j] = schema.fields()[j].name();
        }
        grid(header, List.of(cells), right, out);
    }

    /** An aligned table of text cells under a header; the columns marked {@code right} are right-aligned. */
    public static void grid(String[] header, List<String[]> cells, boolean[] right, PrintWriter out) {
        int n = header.length;
        int[] width = new int[n];
        for (int j = 0; j < n; j++) {
            width[j] = header[j].length();
            for (String[] row : cells) {
                width[j] = Math.max(width[j], row[j].length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int j = 0; j < n; j++) {
            rule.append("-".repeat(width[j])).append('+');
        }
        out.println(rule);
        out.println(line(header, width, right));
        out.println(rule);
        for (String[] row : cells) {
            out.println(line(row, width, right));
        }
        out.println(rule);
    }

    private static String line(String[] cells, int[] width, boolean[] right) {
        StringBuilder b = new StringBuilder("|");
        for (int j = 0; j < cells.length; j++) {
            String pad = " ".repeat(width[j] - cells[j].length());
            b.append(right[j] ? pad + cells[j] : cells[j] + pad).append('|');
        }
        return b.toString();
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
    public static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** A non-null value as text: scalars plainly, nested values as JSON. */
    static String text(Object v, DataType type) {
        if (v instanceof Double d) {
            return Format.number(d);
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) && f != Math.rint(f) ? Float.toString(f) : Format.number(f);
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (type instanceof StructType || type instanceof ArrayType || type instanceof MapType) {
            return jsonValue(v, type);
        }
        return String.valueOf(v);
    }

    /** One row as a JSON object. */
    static String json(Row r, StructType schema) {
        return jsonValue(r, schema);
    }

    private static String jsonValue(Object v, DataType type) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            write(g, v, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, Object v, DataType type) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Row r && type instanceof StructType s) {
            g.writeStartObject();
            for (int i = 0; i < s.size(); i++) {
                g.writeFieldName(s.fields()[i].name());
                write(g, r.isNullAt(i) ? null : r.get(i), s.fields()[i].dataType());
            }
            g.writeEndObject();
        } else if (type instanceof ArrayType a) {
            g.writeStartArray();
            for (Object e : list(v)) {
                write(g, e, a.elementType());
            }
            g.writeEndArray();
        } else if (type instanceof MapType m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map(v).entrySet()) {
                g.writeFieldName(text(e.getKey(), m.keyType()));
                write(g, e.getValue(), m.valueType());
            }
            g.writeEndObject();
        } else if (v instanceof Double d) {
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeString(d.toString());
            }
        } else if (v instanceof Float f) {
            if (Float.isFinite(f)) {
                g.writeNumber(f);
            } else {
                g.writeString(f.toString());
            }
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(text(v, type));
        }
    }

    private static Iterable<?> list(Object v) {
        if (v instanceof scala.collection.Iterable<?> s) {
            return CollectionConverters.asJava(s);
        }
        if (v instanceof Iterable<?> i) {
            return i;
        }
        throw new IllegalArgumentException("not an array value: " + v.getClass().getName());
    }

    private static Map<?, ?> map(Object v) {
        if (v instanceof scala.collection.Map<?, ?> m) {
            return CollectionConverters.asJava(m);
        }
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException("not a map value: " + v.getClass().getName());
    }
}
