/**
 * The numeric core of lrsweep, free of Spark: models, optimizers, schedules, the training kernel and the
 * diagnostics. Nothing here imports Spark, Scala or Hadoop (a test checks), so the same code trains a trial on
 * a laptop, in a unit test and on an executor.
 */
package dev.lrsweep.core;
