/**
 * The command line: {@link dev.lrsweep.cli.Main} ({@code lrsweep}) and its verbs {@code run}, {@code grid},
 * {@code query}, {@code generate} and {@code bench}. Commands print through picocli's {@code getOut()}/
 * {@code getErr()} and report problems the user can fix by throwing a {@link dev.lrsweep.errors.SweepException};
 * {@code Main} turns it into one line and its exit code.
 */
package dev.lrsweep.cli;
