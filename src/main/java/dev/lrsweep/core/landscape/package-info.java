/**
 * The loss landscape at the initial weights, from the data alone: the Hessian's largest eigenvalue by power
 * iteration with Hessian–vector products (and a condition-number estimate from a Lanczos run over the same
 * products), the stability edges it implies for gradient descent and heavy-ball momentum, the gain standardising
 * the features would bring, and the gradient noise scale. The products are sums over rows, computed by an
 * aggregator that adds rows and merges partial results, so that any engine can distribute them.
 */
package dev.lrsweep.core.landscape;
