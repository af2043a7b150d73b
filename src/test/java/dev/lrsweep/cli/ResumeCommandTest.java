package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResumeCommandTest {

    @Test
    @DisplayName("the resume command repeats the launcher's command line without --overwrite and with --resume")
    void theResumeCommandRepeatsTheLaunchersCommandLine() {
        String launched = String.join("\u001f", "submit/lrsweep", "--driver-memory", "8g", "run", "conf/quickstart.yaml",
                "--overwrite", "--wave-trials", "30");
        assertEquals("submit/lrsweep --driver-memory 8g run conf/quickstart.yaml --wave-trials 30 --resume",
                RunCommand.resumeCommand(launched, List.of("run", "conf/quickstart.yaml", "--overwrite",
                        "--wave-trials", "30")));
    }

    @Test
    @DisplayName("without the launcher's command line it is lrsweep and the arguments, quoted for the shell")
    void withoutTheLaunchersCommandLineItIsLrsweepAndTheArgumentsQuoted() {
        assertEquals("lrsweep run 'my sweep.yaml' --output 'it'\\''s here' --resume",
                RunCommand.resumeCommand(null, List.of("run", "my sweep.yaml", "--output", "it's here", "--resume")));
    }

    @Test
    @DisplayName("a launcher command line of another command is not taken for this one")
    void aLauncherCommandLineOfAnotherCommandIsNotTakenForThisOne() {
        assertEquals("lrsweep run a.yaml --resume",
                RunCommand.resumeCommand(String.join("\u001f", "submit/lrsweep", "query", "results/x"),
                        List.of("run", "a.yaml")));
    }
}
