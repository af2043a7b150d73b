/**
 * The sweep file: strict reading, grid expansion into trials with stable ids, training plans once the data's shape is known, cost estimates, and the errors a user can fix (exit codes 2 and 3).
 */
package dev.lrsweep.sweep;
