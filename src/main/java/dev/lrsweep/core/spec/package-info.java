/**
 * Named components and their parameters as a sweep file writes them ({@code {type: adamw, weight_decay: 0.01}}): strict reading with defaults, resolved and readable forms, and stable number formatting.
 */
package dev.lrsweep.core.spec;
