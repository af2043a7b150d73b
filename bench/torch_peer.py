#!/usr/bin/env python3
"""The PyTorch peer of `lrsweep bench`: the same kind of problem and grid, trained as a plain PyTorch loop.

With --kind mlp it is the perceptron problem of `lrsweep bench --kind mlp` (784–128–10 by default: relu hidden
layers, a softmax output, CrossEntropyLoss) on an MNIST-shaped set (Gaussian features, 10 classes drawn from a
softmax model), and the trials are fused by hand as lrsweep fuses them: all T trials share the mini-batches and
each step runs one matmul per layer for all trials. The first layer's weights of all trials lie side by side as
one [d, T·n1] matrix, so the shared batch's product with it is one addmm (its weight gradient one mm); the later
layers' weights are stacked as [T, n, m] and multiplied with one baddbmm. The summed loss's gradient reaches every
trial's weights at once; the update is SGD with each trial's rate, p -= lr[t] * grad, one in-place addcmul_ per
tensor. Initialised as nn.Linear (uniform ±1/sqrt(fan_in)). (Broadcasting the batch to [T, B, d] for a baddbmm
in the first layer ran 4× slower than the one addmm on PyTorch 1.13.)

It builds a synthetic problem of the same shape as `lrsweep bench` (Gaussian features with identity covariance,
which is what `bench`'s condition-1 problem has whatever its rotation; true weights scaled so that x·w has
variance 1; 0/1 labels drawn from sigmoid(3·x·w + b) for logistic, y = x·w + b + 0.1·noise for linear), in
float64. It need not be bit-identical to lrsweep's rows: only the shapes and the kind of problem matter here.

Then, for each of the T learning rates log-spaced from 1e-4 to 1, one trial after another, as a PyTorch user
would write it: nn.Linear(d, 1) starting from zeros, torch.optim.SGD(lr=α), BCEWithLogitsLoss (MSELoss for
linear), mini-batches of the given size in a shuffled order (a fresh shuffle each epoch, the same for every
trial, as lrsweep's trials of one block see), for the same number of updates. Only the training loops are timed
(not the data); the figures are printed in the format of `lrsweep bench`, counting 4·d flops per
sample-gradient (one row's gradient for one trial).

Usage:
    /usr/bin/python3 bench/torch_peer.py [--kind logistic|linear|mlp] [--rows 200000] [--features 100] [--batch 64]
        [--trials 64] [--epochs 1 | --steps N] [--threads 2] [--seed 0] [--peak-gflops X] [--lrsweep-rate M]
        [--hidden 128] [--classes 10]

(--kind mlp defaults to --rows 60000 --features 784 --batch 128 --hidden 128 --classes 10.)

--steps bounds the run (each trial makes N updates); --lrsweep-rate (lrsweep's M trial-sample-gradients/s from
`lrsweep bench`) adds the ratio; --peak-gflops replaces the FP64 peak of one core that the CPU's description
implies (clock × lanes × 2 (FMA) × 2 units, as `lrsweep bench` describes it). `lrsweep bench` measures the peak
and prints it; pass that figure here to compare like with like.

Needs PyTorch (1.13 or later) for the system Python.
"""
import argparse
import math
import time

import torch
from torch import nn


def peak_per_core():
    """The FP64 peak of one core in GFLOP/s that the CPU's description implies, and how, as `lrsweep bench` gives it."""
    ghz = None
    source = ""
    try:
        with open("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq") as f:
            ghz = int(f.read().strip()) / 1e6
            source = "cpuinfo_max_freq"
    except (OSError, ValueError):
        pass
    flags = ""
    vendor = family = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "cpu MHz" and source != "cpuinfo_max_freq":
                    ghz = max(ghz or 0.0, float(value) / 1000)
                    source = "cpu MHz"
                elif key == "flags" and not flags:
                    flags = " " + value.strip() + " "
                elif key == "vendor_id" and not vendor:
                    vendor = value.strip()
                elif key == "cpu family" and not family:
                    family = value.strip()
    except OSError:
        pass
    if ghz is None:
        return float("nan"), "unknown (no CPU clock found; give --peak-gflops)"
    if " avx512f " in flags and vendor == "AuthenticAMD" and family == "25":
        lanes, why = 4, "avx512f, but AMD family 19h (Zen 4) runs each 512-bit FMA as two 256-bit halves"
    elif " avx512f " in flags:
        lanes, why = 8, "avx512f"
    elif " avx2 " in flags or " fma " in flags:
        lanes, why = 4, "avx2" if " avx2 " in flags else "fma"
    else:
        lanes, why = 2, "no avx2"
    peak = ghz * lanes * 4
    assumption = "%.1f GFLOP/s per core at %.2f GHz (%s) × %d lanes (%s) × 2 (FMA) × 2 units" % (
        peak, ghz, source, lanes, why)
    return peak, assumption


def figure(v):
    """Three decimals from 1 up, else four significant figures, as `lrsweep bench` prints them."""
    return "%.3f" % v if v >= 1 else "%.4g" % v


def rates(count):
    """count learning rates log-spaced from 1e-4 to 1, both included."""
    if count == 1:
        return [1e-2]
    return [10 ** (-4 + 4 * k / (count - 1)) for k in range(count)]


def problem(kind, rows, features, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(rows, features, generator=g)
    w = torch.randn(features, generator=g)
    w /= w.norm()
    b = (0.25 if kind == "logistic" else 0.5) * torch.randn(1, generator=g).item()
    signal = x @ w
    if kind == "logistic":
        y = torch.bernoulli(torch.sigmoid(3.0 * signal + b), generator=g)
    else:
        y = signal + b + 0.1 * torch.randn(rows, generator=g)
    return x, y


def mlp_problem(rows, features, classes, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(rows, features, generator=g)
    w = torch.randn(features, classes, generator=g) / math.sqrt(features)
    logits = 3.0 * (x @ w)
    y = torch.multinomial(torch.softmax(logits, dim=1), 1, generator=g).squeeze(1)
    return x, y


def mlp_flops(widths):
    """4 flops per weight (forward and its gradient), 2 more per weight of the later layers (input slopes)."""
    return sum((4 if l == 1 else 6) * widths[l - 1] * widths[l] for l in range(1, len(widths)))


def train_mlp_fused(x, y, widths, lrs, batch, steps, seed):
    """All trials at once: one matmul per layer and step. Returns the sample-gradients made (rows × trials).

    The first layer's weights of all trials lie side by side, [d, T·n1], so its product for all trials is one
    addmm of the shared batch (and its weight gradient one mm); the later layers are one baddbmm each over the
    trials, [T, B, n] @ [T, n, m]."""
    rows = x.shape[0]
    trials = len(lrs)
    g = torch.Generator().manual_seed(seed + 1)
    d, first = widths[0], widths[1]
    bound = 1.0 / math.sqrt(d)
    w1 = ((torch.rand(d, trials * first, generator=g) * 2 - 1) * bound).requires_grad_()
    b1 = ((torch.rand(trials * first, generator=g) * 2 - 1) * bound).requires_grad_()
    weights, biases = [], []
    for l in range(2, len(widths)):
        bound = 1.0 / math.sqrt(widths[l - 1])
        weights.append(((torch.rand(trials, widths[l - 1], widths[l], generator=g) * 2 - 1) * bound).requires_grad_())
        biases.append(((torch.rand(trials, 1, widths[l], generator=g) * 2 - 1) * bound).requires_grad_())
    lr = torch.tensor(lrs)
    lr_first = lr.repeat_interleave(first)               # column t·n1 + h of the first layer belongs to trial t
    order_g = torch.Generator().manual_seed(seed)
    made = 0
    step = 0
    while step < steps:
        order = torch.randperm(rows, generator=order_g)
        for start in range(0, rows, batch):
            if step == steps:
                break
            idx = order[start:start + batch]
            xb, yb = x[idx], y[idx]
            h = torch.relu(torch.addmm(b1, xb, w1))           # [B, T·n1]: one product for all trials
            h = h.view(len(idx), trials, first).transpose(0, 1)  # [T, B, n1], a view
            for l in range(len(weights)):
                h = torch.baddbmm(biases[l], h, weights[l])  # [T, B, m]: one batched matmul for all trials
                if l < len(weights) - 1:
                    h = torch.relu(h)
            # each trial's mean loss over its batch, summed over trials: every trial gets its own gradient
            loss = nn.functional.cross_entropy(h.reshape(-1, widths[-1]), yb.repeat(trials),
                                               reduction="sum") / len(idx)
            loss.backward()
            with torch.no_grad():
                w1.addcmul_(w1.grad, lr_first, value=-1.0)  # p -= lr[t]·grad in one pass, no temporary
                b1.addcmul_(b1.grad, lr_first, value=-1.0)
                w1.grad = None
                b1.grad = None
                for p in weights + biases:
                    p.addcmul_(p.grad, lr.view(trials, 1, 1), value=-1.0)
                    p.grad = None
            made += len(idx) * trials
            step += 1
    return made


def train(x, y, kind, lr, batch, steps, seed):
    """One trial; returns the number of sample-gradients it made."""
    rows, d = x.shape
    model = nn.Linear(d, 1)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss() if kind == "logistic" else nn.MSELoss()
    g = torch.Generator().manual_seed(seed)
    made = 0
    step = 0
    while step < steps:
        order = torch.randperm(rows, generator=g)
        for start in range(0, rows, batch):
            if step == steps:
                break
            idx = order[start:start + batch]
            xb, yb = x[idx], y[idx]
            optimizer.zero_grad()
            loss = loss_fn(model(xb).squeeze(1), yb)
            loss.backward()
            optimizer.step()
            made += len(idx)
            step += 1
    return made


def main():
    p = argparse.ArgumentParser(description="PyTorch peer of lrsweep bench")
    p.add_argument("--kind", choices=["logistic", "linear", "mlp"], default="logistic")
    p.add_argument("--rows", type=int)
    p.add_argument("--features", type=int)
    p.add_argument("--batch", type=int)
    p.add_argument("--hidden", type=lambda v: [int(w) for w in v.split(",")], default=[128])
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--trials", type=int, default=64)
    length = p.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=int)
    length.add_argument("--steps", type=int)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--peak-gflops", type=float)
    p.add_argument("--lrsweep-rate", type=float, help="lrsweep's M trial-sample-gradients/s, for the ratio")
    a = p.parse_args()
    mlp = a.kind == "mlp"
    a.rows = a.rows or (60000 if mlp else 200000)
    a.features = a.features or (784 if mlp else 100)
    a.batch = a.batch or (128 if mlp else 64)
    if not 1 <= a.batch <= a.rows:
        p.error("--batch must lie in 1 … rows")

    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(a.threads)
    steps_per_epoch = math.ceil(a.rows / a.batch)
    steps = a.steps if a.steps is not None else (a.epochs or 1) * steps_per_epoch
    if a.peak_gflops is not None:
        peak, assumption = a.peak_gflops, "%.1f GFLOP/s per core (--peak-gflops)" % a.peak_gflops
    else:
        peak, assumption = peak_per_core()

    trial_rates = rates(a.trials)
    if mlp:
        widths = [a.features] + a.hidden + [a.classes]
        flops = mlp_flops(widths)
        x, y = mlp_problem(a.rows, a.features, a.classes, a.seed)
        train_mlp_fused(x, y, widths, trial_rates, a.batch, min(steps, 10), a.seed)  # warm-up, untimed
        started = time.perf_counter()
        made = train_mlp_fused(x, y, widths, trial_rates, a.batch, steps, a.seed)
        seconds = time.perf_counter() - started
    else:
        flops = 4 * a.features
        x, y = problem(a.kind, a.rows, a.features, a.seed)
        train(x, y, a.kind, trial_rates[0], a.batch, min(steps, 200), a.seed)  # warm-up, untimed
        made = 0
        started = time.perf_counter()
        for lr in trial_rates:
            made += train(x, y, a.kind, lr, a.batch, steps, a.seed)
        seconds = time.perf_counter() - started

    rate = made / seconds
    gflops = rate * flops / 1e9
    fraction = gflops / (peak * a.threads)
    percent = "n/a" if math.isnan(fraction) else (
        "%.2g%%" if fraction < 0.001 else "%.2f%%" if fraction < 0.1 else "%.1f%%") % (100 * fraction)
    ratio = "n/a" if a.lrsweep_rate is None else "%.3g×" % (rate / 1e6 / a.lrsweep_rate)
    threads = "%d thread%s" % (a.threads, "" if a.threads == 1 else "s")
    length = ("%d epoch%s = " % (a.epochs or 1, "" if (a.epochs or 1) == 1 else "s") if a.steps is None else "") \
        + "%d steps" % steps
    shape = ", perceptron %s (relu, softmax output)" % "–".join(str(w) for w in widths) if mlp else ""
    print("bench    %d rows × %d features (%s, identity covariance, seed %d)%s, batch %d, %s per trial; torch %s"
          % (a.rows, a.features, "softmax with %d classes" % a.classes if mlp else a.kind, a.seed, shape, a.batch,
             length, torch.__version__))
    print("peak     " + assumption)
    print("counting %d flops per sample-gradient" % flops)
    print("%-8s %10s M trial-sample-gradients/s %8s GFLOP/s %7s of peak (%d %s) %8s lrsweep"
          % ("torch", figure(rate / 1e6), figure(gflops), percent, a.threads, "core" if a.threads == 1 else "cores", ratio))
    if mlp:
        print("         %d trials fused by hand (one matmul per layer and step for all trials, CrossEntropyLoss,"
              " SGD per trial's rate, float64, %s): %.2f M in %.2f s of training" % (a.trials, threads, made / 1e6,
                                                                                     seconds))
    else:
        print("         %d trials one after another (nn.Linear, SGD, %s, float64, %s): %.2f M in %.2f s of"
              " training" % (a.trials, "BCEWithLogitsLoss" if a.kind == "logistic" else "MSELoss", threads,
                              made / 1e6, seconds))


if __name__ == "__main__":
    main()
