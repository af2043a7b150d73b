/**
 * Training rows packed into primitive arrays, and the portable seeded generator behind every shuffle, subset and initialisation.
 */
package dev.lrsweep.core.data;
