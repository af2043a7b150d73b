/**
 * The sweep job on Spark: trials fanned out as tasks over a broadcast of the packed data, trained in waves whose
 * curves and evidence are committed to a work directory as each ends (so that {@code run --resume} carries on
 * after a lost driver), verdicts and ranks computed with Spark SQL windows once every wave is in, and the whole
 * result committed to its output directory by one rename. Also the reading side: the results directory as SQL
 * views, and the query output formats.
 */
package dev.lrsweep.spark;
