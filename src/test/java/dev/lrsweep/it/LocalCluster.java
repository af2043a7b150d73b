package dev.lrsweep.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A standalone cluster of {@code submit/local-cluster} (a Master and Workers on loopback, from Maven's Spark jars)
 * and the scripts' subprocesses, for the integration tests. Ports are picked free, so a cluster on the default
 * ports (someone's own) is left alone.
 */
final class LocalCluster implements AutoCloseable {
    /** The repository: failsafe runs the tests in the project's base directory. */
    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path STATE = REPO.resolve("target/local-cluster");
    static final Path SPARK_HOME = REPO.resolve("target/spark-home");

    final int port;
    final int webuiPort;
    final int workers;
    private boolean stopped;

    private LocalCluster(int port, int webuiPort, int workers) {
        this.port = port;
        this.webuiPort = webuiPort;
        this.workers = workers;
    }

    /**
     * Starts a cluster of this many one-core Workers (the script refuses when one runs already, e.g. a developer's
     * own), allowing five minutes, as a machine busy with other builds may need; a JVM shutdown hook stops it if the
     * tests cannot.
     */
    static LocalCluster start(int workers, Path logs) {
        int port = freePorts(1);
        int webui = freePorts(workers + 1);
        Result r = run(REPO, Map.of(), logs.resolve("local-cluster-start"), null, 10,
                "submit/local-cluster", "start", "--workers", String.valueOf(workers),
                "--port", String.valueOf(port), "--webui-port", String.valueOf(webui), "--timeout", "300");
        if (r.code() != 0) {
            // The script has stopped what it started; a cluster that was already running is someone else's.
            throw new IllegalStateException("submit/local-cluster start exited with " + r.code() + ":\n" + r.tail());
        }
        LocalCluster cluster = new LocalCluster(port, webui, workers);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "local-cluster stop"));
        return cluster;
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** The PID of Worker n (from 1), as the script recorded it. */
    long workerPid(int n) {
        try {
            return Long.parseLong(Files.readString(STATE.resolve("worker-" + n + ".pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The executor JVMs Worker n runs now: its child processes running CoarseGrainedExecutorBackend. */
    List<ProcessHandle> executors(int n) {
        return ProcessHandle.of(workerPid(n)).map(w -> w.children()
                        .filter(c -> c.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                        .toList())
                .orElse(List.of());
    }

    /** An executor's Spark id, from its command line ({@code --executor-id N}). */
    static String executorId(ProcessHandle executor) {
        String[] args = executor.info().arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--executor-id")) {
                return args[i + 1];
            }
        }
        throw new IllegalStateException("no --executor-id in " + executor.info().commandLine().orElse("?"));
    }

    /** Stops the cluster (idempotent; the script stops the executors too). */
    @Override
    public synchronized void close() {
        if (!stopped) {
            stopped = true;
            run(REPO, Map.of(), STATE.getParent().resolve("local-cluster-stop"), null, 2,
                    "submit/local-cluster", "stop");
        }
    }

    /** A finished subprocess: its exit code and where its output went. */
    record Result(int code, Path stdout, Path stderr) {
        String out() {
            return read(stdout);
        }

        /** The last lines of both streams, for failure messages. */
        String tail() {
            return "--- stdout (" + stdout + ")\n" + last(out(), 30) + "--- stderr (" + stderr + ")\n"
                    + last(read(stderr), 30);
        }

        private static String last(String text, int lines) {
            List<String> all = text.lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    /**
     * Runs a command of the repository (a path relative to it, e.g. {@code submit/lrsweep}) in a directory, without
     * SPARK_HOME unless {@code env} gives one; stdout and stderr go to {@code logs}.out and .err, and each stdout
     * line also to {@code onLine}. Kills it after the timeout.
     */
    static Result run(Path dir, Map<String, String> env, Path logs, Consumer<String> onLine, int timeoutMinutes,
                      String... command) {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, REPO.resolve(command[0]).toString());
        Path out = Path.of(logs + ".out");
        Path err = Path.of(logs + ".err");
        try {
            Files.createDirectories(out.getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().remove("SPARK_HOME");
            pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            pb.environment().putAll(env);
            Process p = pb.start();
            Thread reader = new Thread(() -> copyLines(p, out, onLine), "subprocess stdout");
            reader.start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                reader.join(10_000);
                throw new IllegalStateException(String.join(" ", command) + " ran longer than " + timeoutMinutes
                        + " minutes:\n" + new Result(-1, out, err).tail());
            }
            reader.join();
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyLines(Process p, Path out, Consumer<String> onLine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var file = Files.newBufferedWriter(out)) {
            String line;
            while ((line = in.readLine()) != null) {
                file.write(line);
                file.newLine();
                file.flush();
                if (onLine != null) {
                    onLine.accept(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of {@code count} consecutive free ports on 127.0.0.1 (free now; the script checks again). */
    static int freePorts(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = oneFreePort();
            if (first + count > 65535) {
                continue;
            }
            boolean free = true;
            for (int p = first + 1; p < first + count && free; p++) {
                free = isFree(p);
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("found no " + count + " consecutive free ports");
    }

    private static int oneFreePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
