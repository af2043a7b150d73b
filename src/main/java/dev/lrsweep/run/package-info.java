/**
 * Running a sweep on Spark: the data prepared once, trials fanned out as tasks that train fused blocks through the
 * core's kernel, in waves whose curves and evidence are committed to a work directory (so a lost driver resumes),
 * the range test and the landscape before them, the verdicts a group at a time on the executors, and the final
 * commit that renames the results into place. Reading results back lives in {@code dev.lrsweep.results}.
 */
package dev.lrsweep.run;
