/**
 * The result tables and reading them: every column declared once ({@link dev.lrsweep.results.ResultColumn}), the
 * rows filled in by name, the ranking and the summary, the console's report of a run, results directories opened
 * for SQL, and the schema documentation generated from the declarations.
 */
package dev.lrsweep.results;
