/**
 * Models with PyTorch's loss reductions (MSELoss without a ½ factor, BCEWithLogitsLoss, CrossEntropyLoss): the mean loss over a mini-batch and its gradient, on a flat parameter vector.
 */
package dev.lrsweep.core.model;
