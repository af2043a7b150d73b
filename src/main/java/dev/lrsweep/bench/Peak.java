package dev.lrsweep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The FP64 peak of one core. Unless given, it is measured ({@link FmaPeak}: chains of FMAs in registers on every
 * core at once), which includes the clock the cores really run at. The CPU's description gives a second figure,
 * printed beside it: clock × flops per cycle, with the clock the CPU's maximum frequency ({@code
 * cpufreq/cpuinfo_max_freq}) when the kernel reports it, else the highest {@code cpu MHz} of {@code
 * /proc/cpuinfo}, and two FMA units of 8 doubles with AVX-512F, 4 with AVX2 or FMA, 2 otherwise; AMD's family
 * 19h (Zen 4 is the one with AVX-512) splits each 512-bit FMA into two 256-bit halves, so 4 there. Without the
 * Vector API module, or without {@code /proc/cpuinfo}, the figure that can be had is used.
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

    /** A given peak per core, or this machine's, measured on {@code cores} cores at once. */
    public static Peak of(Double override, int cores) throws InterruptedException {
        if (override != null) {
            return new Peak(override, String.format(Locale.ROOT, "%.1f GFLOP/s per core (--peak-gflops)", override));
        }
        Peak described = described();
        double measured;
        int lanes;
        try {
            measured = FmaPeak.perCoreGflops(cores);
            lanes = FmaPeak.lanes();
        } catch (LinkageError noVectorModule) {
            return described;
        }
        return new Peak(measured, String.format(Locale.ROOT, "%.1f GFLOP/s per core, measured (12 chains of"
                        + " %d-lane FMAs in registers, on %d %s at once); the CPU's description gives %s", measured,
                lanes, cores, cores == 1 ? "core" : "cores", described.assumption()));
    }

    /** The peak the CPU's description implies. */
    static Peak described() {
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
        if (flags.contains(" avx512f ") && field(cpuinfo, "vendor_id").equals("AuthenticAMD")
                && field(cpuinfo, "cpu family").equals("25")) {
            lanes = 4;
            why = "avx512f, but AMD family 19h (Zen 4) runs each 512-bit FMA as two 256-bit halves";
        } else if (flags.contains(" avx512f ")) {
            lanes = 8;
            why = "avx512f";
        } else if (flags.contains(" avx2 ") || flags.contains(" fma ")) {
            lanes = 4;
            why = flags.contains(" avx2 ") ? "avx2" : "fma";
        } else {
            lanes = 2;
            why = "no avx2";
        }
        return new Peak(ghz * lanes * 4, String.format(Locale.ROOT,
                "%.1f GFLOP/s per core at %.2f GHz (%s) × %d lanes (%s) × 2 (FMA) × 2 units",
                ghz * lanes * 4, ghz, clockSource, lanes, why));
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
