#!/usr/bin/env python3
"""The PyTorch peer of `lrsweep bench`: the same kind of problem and grid, trained as a plain PyTorch loop.

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
    /usr/bin/python3 bench/torch_peer.py [--kind logistic|linear] [--rows 200000] [--features 100] [--batch 64]
        [--trials 64] [--epochs 1 | --steps N] [--threads 2] [--seed 0] [--peak-gflops X] [--lrsweep-rate M]

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
    p.add_argument("--kind", choices=["logistic", "linear"], default="logistic")
    p.add_argument("--rows", type=int, default=200000)
    p.add_argument("--features", type=int, default=100)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--trials", type=int, default=64)
    length = p.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=int)
    length.add_argument("--steps", type=int)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--peak-gflops", type=float)
    p.add_argument("--lrsweep-rate", type=float, help="lrsweep's M trial-sample-gradients/s, for the ratio")
    a = p.parse_args()
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

    x, y = problem(a.kind, a.rows, a.features, a.seed)
    trial_rates = rates(a.trials)
    train(x, y, a.kind, trial_rates[0], a.batch, min(steps, 200), a.seed)  # warm-up, untimed
    made = 0
    started = time.perf_counter()
    for lr in trial_rates:
        made += train(x, y, a.kind, lr, a.batch, steps, a.seed)
    seconds = time.perf_counter() - started

    rate = made / seconds
    gflops = rate * 4 * a.features / 1e9
    fraction = gflops / (peak * a.threads)
    percent = "n/a" if math.isnan(fraction) else (
        "%.2g%%" if fraction < 0.001 else "%.2f%%" if fraction < 0.1 else "%.1f%%") % (100 * fraction)
    ratio = "n/a" if a.lrsweep_rate is None else "%.3g×" % (rate / 1e6 / a.lrsweep_rate)
    threads = "%d thread%s" % (a.threads, "" if a.threads == 1 else "s")
    length = ("%d epoch%s = " % (a.epochs or 1, "" if (a.epochs or 1) == 1 else "s") if a.steps is None else "") \
        + "%d steps" % steps
    print("bench    %d rows × %d features (%s, identity covariance, seed %d), batch %d, %s per trial; torch %s"
          % (a.rows, a.features, a.kind, a.seed, a.batch, length, torch.__version__))
    print("peak     " + assumption)
    print("%-8s %10s M trial-sample-gradients/s %8s GFLOP/s %7s of peak (%d %s) %8s lrsweep"
          % ("torch", figure(rate / 1e6), figure(gflops), percent, a.threads, "core" if a.threads == 1 else "cores", ratio))
    print("         %d trials one after another (nn.Linear, SGD, %s, float64, %s): %.2f M in %.2f s of"
          " training" % (a.trials, "BCEWithLogitsLoss" if a.kind == "logistic" else "MSELoss", threads,
                          made / 1e6, seconds))


if __name__ == "__main__":
    main()
