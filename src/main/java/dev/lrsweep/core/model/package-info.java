/**
 * Models with PyTorch's loss reductions (MSELoss without a ½ factor, BCEWithLogitsLoss, CrossEntropyLoss): the mean loss over a mini-batch and its gradient, on a flat parameter vector or on a block of trials' parameters in block layout (parameter i of trial t at {@code [i·T + t]}).
 */
package dev.lrsweep.core.model;
