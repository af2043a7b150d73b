/**
 * Learning rate against batch size: the rules that scale a rate with the batch (linear, square-root) and the
 * log–log fit of a sweep's stable rates against its batch sizes that says which rule the data follow.
 */
package dev.lrsweep.core.batch;
