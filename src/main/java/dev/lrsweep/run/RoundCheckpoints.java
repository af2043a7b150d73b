package dev.lrsweep.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The sharded layout's wave in progress, in the work directory's {@code progress/wave-NNNNN/}: at each commit
 * (every few rounds, {@link ShardedWaveTrainer}) the curve segments of the rounds since the last one
 * ({@code rounds/round-RRRRRR/}, R the commit's round), then its blocks' states ({@code state-RRRRRR}, written
 * under another name and renamed, the one before deleted). A lost driver loses at most the rounds since the last
 * commit: {@code --resume} reads the last states, drops the curves of any later round and continues the wave from
 * there, and the rounds it trains again repeat their bits.
 */
final class RoundCheckpoints {
    static final String PROGRESS = "progress";
    private static final Pattern STATE = Pattern.compile("state-(\\d+)");

    private final WorkDirectory work;
    private final FileSystem fs;

    RoundCheckpoints(WorkDirectory work) {
        this.work = work;
        this.fs = work.fileSystem();
    }

    /**
     * A wave's blocks after a round.
     *
     * @param wave   the wave's number
     * @param round  the last round whose curves and states are committed (0: none yet)
     * @param trials the wave's trials, as indices into the sweep's trials
     * @param blocks the wave's blocks, where each stands
     */
    record Checkpoint(int wave, int round, int[] trials, List<BlockProgress> blocks) implements Serializable {
    }

    /** The wave's directory while it is in progress. */
    Path wave(int number) {
        return new Path(new Path(work.path(), PROGRESS), String.format(WorkDirectory.WAVE_FORMAT, number));
    }

    /** Where round r's curve segments go. */
    Path round(int wave, int round) {
        return new Path(new Path(wave(wave), "rounds"), String.format("round-%06d", round));
    }

    /** Commits the states after a round: written under another name, renamed, and the earlier state deleted. */
    void save(Checkpoint c) {
        Path dir = wave(c.wave());
        Path fresh = new Path(dir, "state.new");
        Path state = new Path(dir, String.format("state-%06d", c.round()));
        try {
            try (OutputStream out = fs.create(fresh, true); ObjectOutputStream o = new ObjectOutputStream(out)) {
                o.writeObject(c);
            }
            if (!fs.rename(fresh, state)) {
                throw new IOException("cannot rename " + fresh + " to " + state);
            }
            for (FileStatus f : fs.listStatus(dir)) {
                Matcher m = STATE.matcher(f.getPath().getName());
                if (m.matches() && Integer.parseInt(m.group(1)) < c.round()) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot commit the states of round " + c.round() + " of wave "
                    + c.wave() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The last committed states of the wave in progress, with any later round's curves dropped; null when no wave
     * is in progress.
     */
    Checkpoint latest() {
        try {
            Path progress = new Path(work.path(), PROGRESS);
            if (!fs.exists(progress)) {
                return null;
            }
            Checkpoint last = null;
            for (FileStatus wave : fs.listStatus(progress)) {
                for (FileStatus f : fs.listStatus(wave.getPath())) {
                    Matcher m = STATE.matcher(f.getPath().getName());
                    if (m.matches()) {
                        Checkpoint c = read(f.getPath());
                        last = last == null || c.round() > last.round() ? c : last;
                    }
                }
            }
            if (last == null) {
                fs.delete(progress, true);
                return null;
            }
            Path rounds = new Path(wave(last.wave()), "rounds");
            if (fs.exists(rounds)) {
                for (FileStatus r : fs.listStatus(rounds)) {
                    if (Integer.parseInt(r.getPath().getName().substring("round-".length())) > last.round()) {
                        fs.delete(r.getPath(), true);
                    }
                }
            }
            return last;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the states of the wave in progress: " + e.getMessage(), e);
        }
    }

    private Checkpoint read(Path file) throws IOException, ClassNotFoundException {
        try (InputStream in = fs.open(file); ObjectInputStream o = new ObjectInputStream(in)) {
            return (Checkpoint) o.readObject();
        }
    }

    /** Deletes the wave's states, before the wave is committed. */
    void clear(int wave) {
        try {
            for (FileStatus f : fs.listStatus(wave(wave))) {
                String name = f.getPath().getName();
                if (name.startsWith("state")) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear the states of wave " + wave + ": " + e.getMessage(), e);
        }
    }
}
