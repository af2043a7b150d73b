/**
 * The problems lrsweep reports in one line with an exit code: a wrong sweep file or usage
 * ({@link dev.lrsweep.errors.ConfigException}, exit 2), bad data ({@link dev.lrsweep.errors.DataException}, exit 3),
 * and the one-line rendering of any other exception ({@link dev.lrsweep.errors.Errors}). Shared by the sweep file,
 * the data reader, the run and the results.
 */
package dev.lrsweep.errors;
