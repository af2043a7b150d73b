package dev.lrsweep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The assumed FP64 peak of one core: clock × vector lanes × 2 (an FMA is two flops) × 2 FMA units. The clock
 * is the CPU's maximum frequency ({@code cpufreq/cpuinfo_max_freq}) when the kernel reports it, else the highest
 * {@code cpu MHz} of {@code /proc/cpuinfo}; the lanes are 8 doubles with AVX-512F, 4 with AVX2 or FMA, 2
 * otherwise (SSE2, NEON). Machines without {@code /proc/cpuinfo} need an explicit peak.
 *
 * @param perCoreGflops the peak of one core in GFLOP/s, or NaN when unknown
 * @param assumption    how it was reached, in words
 */
public record Peak(double perCoreGflops, String assumption) {
    static final Path MAX_FREQ = Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
    static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** The peak across {@code cores} cores, NaN when unknown. */
    public double gflops(int cores) {
        return perCoreGflops * cores;
    }

    /** A given peak per core, or the one this machine's CPU description implies. */
    public static Peak of(Double override) {
        if (override != null) {
            return new Peak(override, String.format(Locale.ROOT, "%.1f GFLOP/s per core (--peak-gflops)", override));
        }
        List<String> cpuinfo = lines(CPUINFO);
        double ghz = Double.NaN;
        String clockSource = "";
        List<String> maxFreq = lines(MAX_FREQ);
        if (!maxFreq.isEmpty()) {
            try {
                ghz = Long.parseLong(maxFreq.get(0).strip()) / 1e6;
                clockSource = "cpuinfo_max_freq";
            } catch (NumberFormatException ignored) {
                // fall back to /proc/cpuinfo
            }
        }
        if (Double.isNaN(ghz)) {
            for (String line : cpuinfo) {
                if (line.startsWith("cpu MHz")) {
                    double mhz = Double.parseDouble(value(line));
                    ghz = Double.isNaN(ghz) ? mhz / 1000 : Math.max(ghz, mhz / 1000);
                    clockSource = "cpu MHz";
                }
            }
        }
        if (Double.isNaN(ghz)) {
            return new Peak(Double.NaN, "unknown (no CPU clock found; give --peak-gflops)");
        }
        String flags = " " + field(cpuinfo, "flags") + " ";
        int lanes;
        String why;
        if (flags.contains(" avx512f ")) {
            lanes = 8;
            why = "avx512f";
        } else if (flags.contains(" avx2 ") || flags.contains(" fma ")) {
            lanes = 4;
            why = flags.contains(" avx2 ") ? "avx2" : "fma";
        } else {
            lanes = 2;
            why = "no avx2";
        }
        String assumption = String.format(Locale.ROOT,
                "%.2f GHz (%s) × %d lanes (%s) × 2 (FMA) × 2 units = %.1f GFLOP/s per core, assumed",
                ghz, clockSource, lanes, why, ghz * lanes * 4);
        if (lanes == 8 && field(cpuinfo, "vendor_id").equals("AuthenticAMD") && field(cpuinfo, "cpu family").equals("25")) {
            assumption += " (AMD family 19h is Zen 3/4: Zen 4 runs 512-bit FMAs as two 256-bit halves, which halves"
                    + " this at the same clock, while a boost clock above the one read here raises it)";
        }
        return new Peak(ghz * lanes * 4, assumption);
    }

    private static String field(List<String> cpuinfo, String key) {
        for (String line : cpuinfo) {
            if (line.startsWith(key) && line.substring(key.length()).strip().startsWith(":")) {
                return value(line);
            }
        }
        return "";
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
