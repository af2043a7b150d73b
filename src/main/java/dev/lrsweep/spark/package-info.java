/**
 * The sweep job on Spark: trials fanned out as tasks over a broadcast of the packed data, curves and trial
 * summaries written as Parquet straight from the executors, verdicts and ranks computed with Spark SQL windows,
 * and the whole result committed to its output directory by one rename. Also the reading side: the results
 * directory as SQL views, and the query output formats.
 */
package dev.lrsweep.spark;
