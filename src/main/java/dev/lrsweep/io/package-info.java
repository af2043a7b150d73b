/**
 * Reading and checking a sweep's data with Spark: the training (and validation) rows are read from any Hadoop
 * file system, checked on the executors in one aggregate pass, collected once and packed into the core's
 * {@link dev.lrsweep.core.data.DataBlock}s, with a seeded validation split, optional standardisation and the
 * seeded subset of rows that the training loss is evaluated on.
 */
package dev.lrsweep.io;
