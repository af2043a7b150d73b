package dev.lrsweep.core.spec;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Readable, stable text for numbers and specs: {@code 0.001}, {@code 1e-08}, {@code step(step_size=500,gamma=0.5)}. */
public final class Format {
    private Format() {
    }

    /** A double as short as it can be while reading back exactly, without a trailing {@code .0}. */
    public static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        if (s.contains("E")) {
            BigDecimal b = new BigDecimal(s).stripTrailingZeros();
            String mantissa = b.unscaledValue().toString();
            int exponent = mantissa.length() - 1 - b.scale() - (mantissa.startsWith("-") ? 1 : 0);
            String digits = mantissa.replace("-", "");
            String m = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + m + "e" + (exponent < 0 ? "-" : "") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        return s;
    }

    /**
     * A count and its noun, plural unless the count is 1: {@code 1 seed}, {@code 3 seeds}, {@code 2 batch sizes},
     * {@code 1 class}, {@code 10 classes}.
     */
    public static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun.endsWith("s") ? noun + "es" : noun + "s");
    }

    /** A large count in three significant figures with a unit prefix: {@code 5.76 M}, {@code 32.8 M}, {@code 912}. */
    public static String large(double n) {
        String[] prefixes = {"", " k", " M", " G", " T", " P"};
        int k = 0;
        double v = n;
        while (Math.abs(v) >= 999.5 && k < prefixes.length - 1) {
            v /= 1000;
            k++;
        }
        return significant(v, 3) + prefixes[k];
    }

    /** A double rounded to {@code digits} significant figures, for sentences: {@code 40.95}. */
    public static String significant(double d, int digits) {
        if (!Double.isFinite(d) || d == 0) {
            return number(d);
        }
        return number(new BigDecimal(d).round(new java.math.MathContext(digits)).doubleValue());
    }

    public static String value(Object v) {
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof List<?> list) {
            StringJoiner j = new StringJoiner(",", "[", "]");
            for (Object o : list) {
                j.add(value(o));
            }
            return j.toString();
        }
        return String.valueOf(v);
    }

    public static String call(String type, Map<String, Object> params) {
        if (params.isEmpty()) {
            return type;
        }
        StringJoiner j = new StringJoiner(",", type + "(", ")");
        params.forEach((k, v) -> j.add(k + "=" + value(v)));
        return j.toString();
    }
}
