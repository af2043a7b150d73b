#!/usr/bin/env python3
"""Generate the golden reference values for lrsweep's optimizers, LR schedules and trainer.

Produces one JSON file holding
  * three small deterministic data sets ("linear", "logistic", "softmax"),
  * "schedule_cases": learning-rate sequences taken from the real
    torch.optim.lr_scheduler classes (plus the LambdaLR forms of the Keras
    inverse-time decay and the HuggingFace cosine-with-warm-up schedule),
  * "cases": full training trajectories (per-update lr, batch loss, gradient
    norm before clipping, and the flat parameter vector after every update)
    computed with torch autograd and torch.optim, for every optimizer variant
    and every schedule variant lrsweep supports.

Requires PyTorch 1.13 (the Debian package python3-torch) and numpy; everything
runs on the CPU in float64, deterministically, without network access.

Regenerate from the repository root with:

    /usr/bin/python3 src/test/golden/make_golden.py src/test/resources/golden/torch_optim.json

(Debian installs torch for the system interpreter, /usr/bin/python3.)
"""

import json
import math
import sys
import warnings
from fractions import Fraction

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
torch.manual_seed(0)
warnings.filterwarnings("ignore")  # scheduler.step() before optimizer.step() etc.

DT = torch.float64
STEPS = 40            # updates per trajectory case
N, D, C = 24, 4, 3    # rows, features, softmax classes
FULL_BATCH, MINI_BATCH = 24, 7

NADAM_NOTE = (
    "NAdam follows the PyTorch 2.x _single_tensor_nadam (non-capturable, non-differentiable) "
    "update; PyTorch 1.13's NAdam differs because it computes "
    "mu_product_next = mu_product * mu * mu_next after mu_product has already been multiplied by mu "
    "(so mu enters twice), whereas 2.x uses mu_product_next = mu_product * mu_next; "
    "1.13 also updates exp_avg with mul_(beta1).add_(grad, alpha=1-beta1) instead of lerp_(grad, 1-beta1)."
)

NOTES = [
    NADAM_NOTE,
    "All values are float64. Parameters start at zero. Flat parameter layout: linear/logistic "
    "[w_0..w_{d-1}, b]; softmax W row-major ([C, d], W[c, j] at c*d + j) then b[0..C-1].",
    "Losses: linear = MSELoss (mean of (z - y)^2, no 1/2); logistic = BCEWithLogitsLoss (mean); "
    "softmax = CrossEntropyLoss (mean) with Z = X W^T + b.",
    "Training loop: update k (0-based) uses rows [(k mod ceil(n/B))*B, min(n, (k mod ceil(n/B))*B + B)) "
    "in input order; lr_k is set on the optimizer, loss.backward(), batch_loss and grad_norm "
    "(sqrt of the sum of squares of all gradient elements, before clipping) are recorded, then "
    "torch.nn.utils.clip_grad_norm_ if clip_grad_norm is not null, optimizer.step(), zero_grad(); "
    "params[k] is the flat vector after update k. initial_loss is the loss over all rows at zero.",
    "clip_grad_norm_ (PyTorch 1.13): total_norm = ||(||g_w||, ||g_b||)|| (norm of the per-tensor norms; "
    "for softmax the tensors are W and b), coef = max_norm / (total_norm + 1e-6), "
    "every gradient is multiplied by min(coef, 1.0).",
    "CPU elementwise kernels of the generating build (x86-64 with FMA) round as follows: "
    "add(t, alpha) = fma(alpha, t, self); lerp(end, w) with w < 0.5 = fma(w, end - self, self); "
    "addcmul(t1, t2, value) = fma(value * t1, t2, self); addcdiv(t1, t2, value) = self + (value * t1) / t2. "
    "Reductions (matmul, mean, norms) may sum in a different order, so compare with a small relative "
    "tolerance rather than bit-for-bit.",
    "The optimizer objects omit lr: the rate of update k is lr[k]. optimizer.step() uses the "
    "single-tensor (foreach=False) PyTorch code paths.",
    "Schedules: lr[k] is the rate used by update k. Chainable torch schedulers (StepLR, MultiStepLR, "
    "ExponentialLR, PolynomialLR, CosineAnnealingLR, LinearLR) produce their values recursively from "
    "the previous lr, so they agree with the closed forms only to rounding (a few ulps).",
    "inverse_time: lr_k = alpha * (1 / (1 + decay_rate * p)), p = k / decay_steps, floored when staircase "
    "(LambdaLR, so base_lr times the factor).",
    "warmup_cosine: LambdaLR with factor k / max(1, W) for k < W, else "
    "max(0, 0.5 * (1 + cos(pi * 0.5 * 2 * progress))), progress = (k - W) / max(1, T - W); "
    "W = warmup_steps, or floor(warmup_fraction * T).",
    "polynomial = PolynomialLR(total_iters=T, power); cosine = CosineAnnealingLR(T_max=T, eta_min) "
    "with eta_min absolute; one_cycle = OneCycleLR(max_lr=alpha, total_steps=T, cycle_momentum=False); "
    "cyclic = CyclicLR(base_lr=base_lr*alpha, max_lr=alpha, cycle_momentum=False), base_lr being a fraction of alpha.",
    "warmup_steps/warmup_start_factor appear only on schedules wrapped by the linear warm-up: "
    "lr[k] for k < W comes from LinearLR(start_factor=s, end_factor=1, total_iters=W) on alpha, and "
    "lr[k] for k >= W is the main schedule (built for T - W updates) at k - W. "
    "warmup_cosine's own warmup_steps is not this wrapper.",
]

# --------------------------------------------------------------------------------------------
# Data sets
# --------------------------------------------------------------------------------------------


def _r(v):
    return float(round(float(v), 4))


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def make_datasets():
    # linear: ill-conditioned features, y = X w* + b* + noise
    rng = np.random.default_rng(1301)
    scales = np.array([1.0, 2.0, 0.5, 1.5])
    x = rng.standard_normal((N, D)) * scales
    w_star = np.array([1.5, -0.7, 2.0, 0.4])
    y = x @ w_star + 0.8 + 0.1 * rng.standard_normal(N)
    linear = {"x": [[_r(v) for v in row] for row in x], "y": [_r(v) for v in y]}

    # logistic: noisy logistic model, 0/1 labels
    rng = np.random.default_rng(1302)
    x = rng.standard_normal((N, D)) * np.array([1.0, 1.5, 0.7, 1.2])
    w_star = np.array([1.2, -0.8, 0.5, 0.0])
    p = _sigmoid(x @ w_star - 0.2)
    y = (rng.uniform(size=N) < p).astype(float)
    logistic = {"x": [[_r(v) for v in row] for row in x], "y": [float(v) for v in y]}

    # softmax: 3 classes sampled from a softmax model
    rng = np.random.default_rng(1305)
    x = rng.standard_normal((N, D))
    w_star = np.array([[1.0, -0.5, 0.3, 0.0], [-0.4, 0.8, 0.0, 0.5], [0.0, 0.0, -0.6, -0.7]])
    b_star = np.array([0.1, 0.0, -0.1])
    z = x @ w_star.T + b_star
    pr = np.exp(z - z.max(axis=1, keepdims=True))
    pr /= pr.sum(axis=1, keepdims=True)
    u = rng.uniform(size=N)
    y = [int(min(np.searchsorted(np.cumsum(pr[i]), u[i]), C - 1)) for i in range(N)]
    softmax = {"x": [[_r(v) for v in row] for row in x], "y": y, "classes": C}

    assert sorted(set(logistic["y"])) == [0.0, 1.0], "logistic needs both classes"
    assert sorted(set(softmax["y"])) == [0, 1, 2], "softmax needs all classes"
    return {"linear": linear, "logistic": logistic, "softmax": softmax}


def tensors(ds, model):
    x = torch.tensor(ds["x"], dtype=DT)
    if model == "softmax":
        y = torch.tensor(ds["y"], dtype=torch.long)
    else:
        y = torch.tensor(ds["y"], dtype=DT)
    return x, y


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------

LOSSES = {
    "linear": torch.nn.MSELoss(),
    "logistic": torch.nn.BCEWithLogitsLoss(),
    "softmax": torch.nn.CrossEntropyLoss(),
}


def init_params(model):
    if model == "softmax":
        w = torch.zeros(C, D, dtype=DT, requires_grad=True)
        b = torch.zeros(C, dtype=DT, requires_grad=True)
    else:
        w = torch.zeros(D, dtype=DT, requires_grad=True)
        b = torch.zeros(1, dtype=DT, requires_grad=True)
    return [w, b]


def loss_of(model, params, x, y):
    w, b = params
    if model == "softmax":
        z = x @ w.t() + b          # [n, C]
    else:
        z = x @ w + b              # [n]
    return LOSSES[model](z, y)


def flat(params):
    return [float(v) for p in params for v in p.detach().reshape(-1).tolist()]


def flat_grad(params):
    return [float(v) for p in params for v in p.grad.detach().reshape(-1).tolist()]


def check_not_separable(model, x, y):
    """Newton's method must converge to a finite minimiser (data not separable)."""
    # softmax is invariant to adding the same vector to every class, so the last class is pinned
    # at zero to make the minimiser unique
    k = C - 1 if model == "softmax" else 1
    theta = torch.zeros(k * (D + 1), dtype=DT)

    def f(t):
        if model == "softmax":
            w = torch.cat([t[:k * D].reshape(k, D), torch.zeros(1, D, dtype=DT)])
            b = torch.cat([t[k * D:], torch.zeros(1, dtype=DT)])
        else:
            w, b = t[:D], t[D:]
        return loss_of(model, [w, b], x, y)

    for _ in range(60):  # damped Newton
        g = torch.autograd.functional.jacobian(f, theta)
        h = torch.autograd.functional.hessian(f, theta)
        step = torch.linalg.solve(h, g)
        t = 1.0
        while f(theta - t * step) > f(theta):
            t /= 2
        theta = theta - t * step
    g = torch.autograd.functional.jacobian(f, theta)
    assert float(g.norm()) < 1e-10, f"{model}: Newton did not converge, data may be separable"
    assert float(theta.abs().max()) < 50, f"{model}: minimiser too large, data may be separable"
    assert float(f(theta)) > 0.05, f"{model}: loss near zero, data may be separable"
    return float(f(theta))


# --------------------------------------------------------------------------------------------
# NAdam as in PyTorch 2.x (torch.optim.nadam._single_tensor_nadam, non-capturable branch)
# --------------------------------------------------------------------------------------------
# torch.optim.NAdam of 1.13 is not used: it computes `mu_product_next = mu_product * mu * mu_next`
# after `mu_product *= mu`, so mu is counted twice in the second bias correction (2.x:
# `mu_product_next = _get_value(mu_product) * mu_next`), and it updates exp_avg with
# mul_(beta1).add_(grad, alpha=1 - beta1) where 2.x uses lerp_(grad, 1 - beta1).


class NAdam2(torch.optim.Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 momentum_decay=4e-3):
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        momentum_decay=momentum_decay)
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, eps = group["lr"], group["eps"]
            weight_decay, momentum_decay = group["weight_decay"], group["momentum_decay"]
            for param in group["params"]:
                if param.grad is None:
                    continue
                grad = param.grad
                state = self.state[param]
                if len(state) == 0:
                    state["step"] = torch.tensor(0.0, dtype=DT)
                    state["mu_product"] = torch.tensor(1.0, dtype=DT)
                    state["exp_avg"] = torch.zeros_like(param, memory_format=torch.preserve_format)
                    state["exp_avg_sq"] = torch.zeros_like(param, memory_format=torch.preserve_format)
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                mu_product, step_t = state["mu_product"], state["step"]

                step_t += 1
                step = step_t.item()
                bias_correction2 = 1 - beta2 ** step
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                mu = beta1 * (1. - 0.5 * (0.96 ** (step * momentum_decay)))
                mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
                mu_product *= mu
                exp_avg.lerp_(grad, 1 - beta1)
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = exp_avg_sq.div(bias_correction2).sqrt()
                mu_product_next = mu_product.item() * mu_next
                denom.add_(eps)
                param.addcdiv_(grad, denom, value=(-lr * (1. - mu) / (1. - mu_product.item())))
                param.addcdiv_(exp_avg, denom, value=(-lr * mu_next) / (1. - mu_product_next))
        return None


# --------------------------------------------------------------------------------------------
# Optimizers
# --------------------------------------------------------------------------------------------


def sgd(momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0, type="sgd"):
    return {"type": type, "momentum": momentum, "dampening": dampening,
            "nesterov": nesterov, "weight_decay": weight_decay}


def adagrad(lr_decay=0.0, initial_accumulator_value=0.0, eps=1e-10, weight_decay=0.0):
    return {"type": "adagrad", "lr_decay": lr_decay,
            "initial_accumulator_value": initial_accumulator_value, "eps": eps,
            "weight_decay": weight_decay}


def rmsprop(alpha=0.99, eps=1e-8, centered=False, momentum=0.0, weight_decay=0.0):
    return {"type": "rmsprop", "alpha": alpha, "eps": eps, "centered": centered,
            "momentum": momentum, "weight_decay": weight_decay}


def adam(betas=(0.9, 0.999), eps=1e-8, amsgrad=False, weight_decay=0.0, type="adam"):
    return {"type": type, "betas": list(betas), "eps": eps, "amsgrad": amsgrad,
            "weight_decay": weight_decay}


def nadam(betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3):
    return {"type": "nadam", "betas": list(betas), "eps": eps, "weight_decay": weight_decay,
            "momentum_decay": momentum_decay}


OPTIMIZER_VARIANTS = [
    ("sgd", sgd()),
    ("sgd_wd", sgd(weight_decay=0.01)),
    ("sgd_mom0.5_damp0.1", sgd(momentum=0.5, dampening=0.1)),
    ("momentum", sgd(momentum=0.9, type="momentum")),
    ("nesterov", sgd(momentum=0.9, nesterov=True, type="nesterov")),
    ("nesterov_wd", sgd(momentum=0.9, nesterov=True, weight_decay=0.001, type="nesterov")),
    ("adagrad", adagrad()),
    ("adagrad_decay_acc_wd", adagrad(lr_decay=0.01, initial_accumulator_value=0.1, weight_decay=0.01)),
    ("rmsprop", rmsprop()),
    ("rmsprop_centered", rmsprop(centered=True)),
    ("rmsprop_mom0.9", rmsprop(momentum=0.9)),
    ("rmsprop_centered_mom0.5_wd", rmsprop(centered=True, momentum=0.5, weight_decay=0.01)),
    ("adam", adam()),
    ("adam_wd", adam(weight_decay=0.01)),
    ("adam_amsgrad", adam(amsgrad=True)),
    ("adam_betas_eps", adam(betas=(0.8, 0.99), eps=1e-6)),
    ("adamw", adam(weight_decay=0.01, type="adamw")),
    ("adamw_wd0.1_amsgrad", adam(weight_decay=0.1, amsgrad=True, type="adamw")),
    ("nadam", nadam()),
    ("nadam_wd_md", nadam(weight_decay=0.01, momentum_decay=0.008)),
]


def learning_rate_for(opt_type, model):
    if opt_type in ("sgd", "momentum", "nesterov"):
        return 0.05 if model == "linear" else 0.5
    if opt_type == "adagrad":
        return 0.1
    if opt_type == "rmsprop":
        return 0.01
    return 0.05  # adam, adamw, nadam


def make_optimizer(spec, params):
    t = spec["type"]
    if t in ("sgd", "momentum", "nesterov"):
        return torch.optim.SGD(params, lr=1.0, momentum=spec["momentum"], dampening=spec["dampening"],
                               nesterov=spec["nesterov"], weight_decay=spec["weight_decay"],
                               foreach=False)
    if t == "adagrad":
        return torch.optim.Adagrad(params, lr=1.0, lr_decay=spec["lr_decay"],
                                   initial_accumulator_value=spec["initial_accumulator_value"],
                                   eps=spec["eps"], weight_decay=spec["weight_decay"], foreach=False)
    if t == "rmsprop":
        return torch.optim.RMSprop(params, lr=1.0, alpha=spec["alpha"], eps=spec["eps"],
                                   centered=spec["centered"], momentum=spec["momentum"],
                                   weight_decay=spec["weight_decay"], foreach=False)
    if t == "adam":
        return torch.optim.Adam(params, lr=1.0, betas=tuple(spec["betas"]), eps=spec["eps"],
                                amsgrad=spec["amsgrad"], weight_decay=spec["weight_decay"],
                                foreach=False)
    if t == "adamw":
        return torch.optim.AdamW(params, lr=1.0, betas=tuple(spec["betas"]), eps=spec["eps"],
                                 amsgrad=spec["amsgrad"], weight_decay=spec["weight_decay"],
                                 foreach=False)
    if t == "nadam":
        return NAdam2(params, lr=1.0, betas=tuple(spec["betas"]), eps=spec["eps"],
                      weight_decay=spec["weight_decay"], momentum_decay=spec["momentum_decay"])
    raise ValueError(t)


# --------------------------------------------------------------------------------------------
# Schedules
# --------------------------------------------------------------------------------------------


def _dummy_optimizer(alpha):
    return torch.optim.SGD([torch.zeros(1, dtype=DT, requires_grad=True)], lr=alpha)


def _collect(opt, sched, count):
    """lr_k = the group's lr before the k-th scheduler.step(), for k = 0..count-1."""
    out = []
    for k in range(count):
        out.append(float(opt.param_groups[0]["lr"]))
        if k < count - 1:
            sched.step()
    return out


def _main_lrs(s, alpha, T):
    """The schedule without any warm-up wrapper, for a run of T updates."""
    S = torch.optim.lr_scheduler
    t = s["type"]
    opt = _dummy_optimizer(alpha)
    if t == "constant":
        sched = S.LambdaLR(opt, lambda k: 1.0)
    elif t == "step":
        sched = S.StepLR(opt, step_size=s["step_size"], gamma=s["gamma"])
    elif t == "multistep":
        sched = S.MultiStepLR(opt, milestones=s["milestones"], gamma=s["gamma"])
    elif t == "exponential":
        sched = S.ExponentialLR(opt, gamma=s["gamma"])
    elif t == "inverse_time":
        rate, dsteps, stair = s["decay_rate"], s["decay_steps"], s["staircase"]

        def inv(k):
            p = k / dsteps
            if stair:
                p = math.floor(p)
            return 1.0 / (1.0 + rate * p)
        sched = S.LambdaLR(opt, inv)
    elif t == "polynomial":
        sched = S.PolynomialLR(opt, total_iters=T, power=s["power"])
    elif t == "cosine":
        sched = S.CosineAnnealingLR(opt, T_max=T, eta_min=s["eta_min"])
    elif t == "warmup_cosine":
        W = s["warmup_steps"] if "warmup_steps" in s else math.floor(s["warmup_fraction"] * T)
        num_cycles = 0.5

        def hf(k):
            if k < W:
                return float(k) / float(max(1, W))
            progress = float(k - W) / float(max(1, T - W))
            return max(0.0, 0.5 * (1.0 + math.cos(math.pi * float(num_cycles) * 2.0 * progress)))
        sched = S.LambdaLR(opt, hf)
    elif t == "one_cycle":
        sched = S.OneCycleLR(opt, max_lr=alpha, total_steps=T, pct_start=s["pct_start"],
                             anneal_strategy=s["anneal_strategy"], cycle_momentum=False,
                             div_factor=s["div_factor"], final_div_factor=s["final_div_factor"],
                             three_phase=s["three_phase"])
    elif t == "cyclic":
        sched = S.CyclicLR(opt, base_lr=s["base_lr"] * alpha, max_lr=alpha,
                           step_size_up=s["step_size_up"], step_size_down=s["step_size_down"],
                           mode=s["mode"], gamma=s["gamma"], cycle_momentum=False)
    else:
        raise ValueError(t)
    return _collect(opt, sched, T)


def schedule_lrs(s, alpha, T):
    W = s.get("warmup_steps", 0) if s["type"] != "warmup_cosine" else 0
    if W <= 0:
        return _main_lrs(s, alpha, T)
    assert 0 < W < T
    opt = _dummy_optimizer(alpha)
    warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=s["warmup_start_factor"],
                                             end_factor=1.0, total_iters=W)
    head = _collect(opt, warm, W)
    return head + _main_lrs(s, alpha, T - W)


SCHEDULE_VARIANTS = [
    # (name, schedule, alpha, T)
    ("constant", {"type": "constant"}, 0.1, 30),
    ("step", {"type": "step", "step_size": 7, "gamma": 0.5}, 0.1, 40),
    ("multistep", {"type": "multistep", "milestones": [5, 12, 20], "gamma": 0.3}, 0.2, 30),
    ("exponential", {"type": "exponential", "gamma": 0.95}, 0.1, 50),
    ("inverse_time", {"type": "inverse_time", "decay_rate": 0.5, "decay_steps": 4,
                      "staircase": False}, 0.1, 40),
    ("inverse_time_staircase", {"type": "inverse_time", "decay_rate": 0.5, "decay_steps": 4,
                                "staircase": True}, 0.1, 40),
    ("polynomial_p1", {"type": "polynomial", "power": 1.0}, 0.1, 45),
    ("polynomial_p2", {"type": "polynomial", "power": 2.0}, 0.1, 45),
    ("cosine", {"type": "cosine", "eta_min": 0.0}, 0.1, 50),
    ("cosine_eta_min", {"type": "cosine", "eta_min": 0.001}, 0.1, 37),
    ("warmup_cosine_steps", {"type": "warmup_cosine", "warmup_steps": 5}, 0.1, 50),
    ("warmup_cosine_fraction", {"type": "warmup_cosine", "warmup_fraction": 0.1}, 0.1, 45),
    ("one_cycle", {"type": "one_cycle", "pct_start": 0.3, "div_factor": 25.0,
                   "final_div_factor": 1e4, "anneal_strategy": "cos", "three_phase": False}, 0.1, 50),
    ("one_cycle_linear", {"type": "one_cycle", "pct_start": 0.3, "div_factor": 25.0,
                          "final_div_factor": 1e4, "anneal_strategy": "linear",
                          "three_phase": False}, 0.1, 45),
    ("one_cycle_three_phase", {"type": "one_cycle", "pct_start": 0.3, "div_factor": 25.0,
                               "final_div_factor": 1e4, "anneal_strategy": "cos",
                               "three_phase": True}, 0.1, 50),
    ("cyclic_triangular", {"type": "cyclic", "mode": "triangular", "step_size_up": 5,
                           "step_size_down": 5, "gamma": 1.0, "base_lr": 0.1}, 0.1, 40),
    ("cyclic_triangular2", {"type": "cyclic", "mode": "triangular2", "step_size_up": 4,
                            "step_size_down": 6, "gamma": 1.0, "base_lr": 0.2}, 0.1, 50),
    ("cyclic_exp_range", {"type": "cyclic", "mode": "exp_range", "step_size_up": 5,
                          "step_size_down": 5, "gamma": 0.97, "base_lr": 0.1}, 0.1, 40),
    ("cosine_warmup", {"type": "cosine", "eta_min": 0.0, "warmup_steps": 6,
                       "warmup_start_factor": 0.1}, 0.1, 50),
    ("exponential_warmup", {"type": "exponential", "gamma": 0.9, "warmup_steps": 4,
                            "warmup_start_factor": 0.5}, 0.1, 40),
    ("step_warmup", {"type": "step", "step_size": 7, "gamma": 0.5, "warmup_steps": 5,
                     "warmup_start_factor": 0.25}, 0.1, 60),
]

CONSTANT = {"type": "constant"}


# --------------------------------------------------------------------------------------------
# Trajectories
# --------------------------------------------------------------------------------------------


def run_case(name, model, ds, batch_size, opt_spec, sched, alpha, clip=None, steps=STEPS):
    x, y = tensors(ds, model)
    params = init_params(model)
    opt = make_optimizer(opt_spec, params)
    lrs = schedule_lrs(sched, alpha, steps)
    with torch.no_grad():
        initial_loss = float(loss_of(model, params, x, y))
    per_epoch = -(-N // batch_size)
    rec = {"lr": [], "batch_loss": [], "grad_norm": [], "params": []}
    for k in range(steps):
        start = (k % per_epoch) * batch_size
        end = min(N, start + batch_size)
        for g in opt.param_groups:
            g["lr"] = lrs[k]
        loss = loss_of(model, params, x[start:end], y[start:end])
        loss.backward()
        gn = math.sqrt(sum(v * v for v in flat_grad(params)))
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(params, clip)
        opt.step()
        opt.zero_grad()
        rec["lr"].append(float(lrs[k]))
        rec["batch_loss"].append(float(loss.item()))
        rec["grad_norm"].append(gn)
        rec["params"].append(flat(params))
    case = {"name": name, "model": model, "dataset": model, "batch_size": batch_size,
            "steps": steps, "learning_rate": alpha, "optimizer": opt_spec, "schedule": sched,
            "clip_grad_norm": clip, "initial_loss": initial_loss}
    case.update(rec)
    return case


def all_finite(obj):
    if isinstance(obj, float):
        return math.isfinite(obj)
    if isinstance(obj, dict):
        return all(all_finite(v) for v in obj.values())
    if isinstance(obj, list):
        return all(all_finite(v) for v in obj)
    return True


# --------------------------------------------------------------------------------------------
# Self-checks
# --------------------------------------------------------------------------------------------


def _fma(x, y, z):
    """Correctly rounded x * y + z."""
    return float(Fraction(x) * Fraction(y) + Fraction(z))


def self_checks(datasets, schedule_cases, cases):
    by_name = {c["name"]: c for c in cases}
    sched_by_name = {c["name"]: c for c in schedule_cases}

    # sgd on linear, full batch: first update is -lr * grad at zero (grad = -2/n X^T y, -2/n sum y)
    c = by_name["linear/full/sgd"]
    x = np.array(datasets["linear"]["x"])
    y = np.array(datasets["linear"]["y"])
    g = np.concatenate([-2.0 / N * (x.T @ y), [-2.0 / N * y.sum()]])
    assert np.allclose(c["params"][0], -c["learning_rate"] * g, rtol=1e-13, atol=0)
    assert abs(c["initial_loss"] - float(np.mean(y * y))) < 1e-13
    assert abs(c["grad_norm"][0] - float(np.linalg.norm(g))) < 1e-12

    # adam, first update: m_hat = g, v_hat = g^2 -> step -lr * g / (|g| + eps)
    c = by_name["linear/full/adam"]
    assert np.allclose(c["params"][0], -c["learning_rate"] * g / (np.abs(g) + 1e-8), rtol=1e-13)

    # logistic at zero: loss = log 2
    assert abs(by_name["logistic/full/sgd"]["initial_loss"] - math.log(2.0)) < 1e-15
    assert abs(by_name["softmax/full/sgd"]["initial_loss"] - math.log(3.0)) < 1e-15

    # mini batches of 7, 7, 7, 3: the 4th batch loss of sgd at update 3 uses rows 21..23
    c = by_name["linear/mini/sgd"]
    assert c["batch_size"] == MINI_BATCH and -(-N // MINI_BATCH) == 4
    for k, rows in ((3, slice(21, 24)), (4, slice(0, 7))):
        p = np.array(c["params"][k - 1])
        r = x[rows] @ p[:D] + p[D] - y[rows]
        assert abs(c["batch_loss"][k] - float(np.mean(r * r))) < 1e-13, k

    # the elementwise rounding described in NOTES
    gen = torch.Generator().manual_seed(7)
    a, t1 = torch.randn(64, generator=gen), torch.randn(64, generator=gen)
    t2 = torch.rand(64, generator=gen) + 0.5
    w = 1 - 0.9
    for i, (r, ai, bi) in enumerate(zip(a.clone().lerp_(t1, w).tolist(), a.tolist(), t1.tolist())):
        assert r == _fma(w, bi - ai, ai), i
    for i, (r, ai, bi) in enumerate(zip(a.clone().add_(t1, alpha=w).tolist(), a.tolist(), t1.tolist())):
        assert r == _fma(w, bi, ai), i
    for i, (r, ai, bi, ci) in enumerate(zip(a.clone().addcmul_(t1, t2, value=w).tolist(), a.tolist(),
                                            t1.tolist(), t2.tolist())):
        assert r == _fma(w * bi, ci, ai), i
    for i, (r, ai, bi, ci) in enumerate(zip(a.clone().addcdiv_(t1, t2, value=-w).tolist(), a.tolist(),
                                            t1.tolist(), t2.tolist())):
        assert r == ai + (-w * bi) / ci, i

    # schedules
    s = sched_by_name["cosine"]
    assert s["lr"][0] == s["learning_rate"]
    for k, v in enumerate(s["lr"]):
        closed = 0.5 * s["learning_rate"] * (1 + math.cos(math.pi * k / s["total_steps"]))
        assert abs(v - closed) < 1e-15, (k, v, closed)
    s = sched_by_name["one_cycle"]
    assert abs(s["lr"][0] - s["learning_rate"] / 25.0) < 1e-17
    assert max(s["lr"]) <= s["learning_rate"]
    s = sched_by_name["warmup_cosine_steps"]
    assert s["lr"][0] == 0.0 and s["lr"][5] == s["learning_rate"]
    s = sched_by_name["step"]
    for k, v in enumerate(s["lr"]):
        assert abs(v - s["learning_rate"] * 0.5 ** (k // 7)) < 1e-15
    s = sched_by_name["exponential_warmup"]
    for k in range(4):
        assert abs(s["lr"][k] - 0.1 * (0.5 + 0.5 * k / 4)) < 1e-15
    for k in range(4, s["total_steps"]):
        assert abs(s["lr"][k] - 0.1 * 0.9 ** (k - 4)) < 1e-15
    s = sched_by_name["cyclic_triangular"]
    assert abs(s["lr"][0] - 0.01) < 1e-17 and abs(s["lr"][5] - 0.1) < 1e-16
    s = sched_by_name["polynomial_p2"]
    for k, v in enumerate(s["lr"]):
        assert abs(v - 0.1 * (1 - k / 45) ** 2) < 1e-15

    # clipping happens in the clip cases (and not on every step)
    for c in cases:
        if c["clip_grad_norm"] is not None:
            hits = sum(gn > c["clip_grad_norm"] for gn in c["grad_norm"])
            assert 0 < hits < c["steps"], c["name"]

    # nothing diverged
    for c in cases:
        assert all_finite(c), c["name"]
        assert max(abs(v) for v in c["params"][-1]) < 100, c["name"]

    # NAdam2 against an element-wise re-implementation in plain Python floats
    c = by_name["softmax/mini/nadam_wd_md"]
    xs = torch.tensor(datasets["softmax"]["x"], dtype=DT)
    ys = torch.tensor(datasets["softmax"]["y"], dtype=torch.long)
    o = c["optimizer"]
    b1, b2 = o["betas"]
    theta = [0.0] * (C * D + C)
    m = [0.0] * len(theta)
    v = [0.0] * len(theta)
    mu_prod = 1.0
    for k in range(c["steps"]):
        start = (k % 4) * 7
        end = min(N, start + 7)
        ps = [torch.tensor(theta[:C * D], dtype=DT).reshape(C, D).requires_grad_(),
              torch.tensor(theta[C * D:], dtype=DT).requires_grad_()]
        loss_of("softmax", ps, xs[start:end], ys[start:end]).backward()
        grad = flat_grad(ps)
        lr = c["lr"][k]
        step = k + 1.0
        bc2 = 1 - b2 ** step
        mu = b1 * (1. - 0.5 * (0.96 ** (step * o["momentum_decay"])))
        mu_next = b1 * (1. - 0.5 * (0.96 ** ((step + 1) * o["momentum_decay"])))
        mu_prod *= mu
        mpn = mu_prod * mu_next
        for i in range(len(theta)):
            gi = grad[i] + o["weight_decay"] * theta[i]
            m[i] = m[i] + (1 - b1) * (gi - m[i])
            v[i] = v[i] * b2 + (1 - b2) * (gi * gi)
            den = math.sqrt(v[i] / bc2) + o["eps"]
            theta[i] = theta[i] + (-lr * (1. - mu) / (1. - mu_prod)) * (gi / den)
            theta[i] = theta[i] + ((-lr * mu_next) / (1. - mpn)) * (m[i] / den)
        assert np.allclose(theta, c["params"][k], rtol=1e-12, atol=1e-15), k


def nadam_113_difference(datasets):
    """Max |param| difference after 40 updates between our NAdam (2.x) and torch 1.13's NAdam."""
    model = "logistic"
    x, y = tensors(datasets[model], model)
    out = []
    for cls in (NAdam2, torch.optim.NAdam):
        params = init_params(model)
        opt = cls(params, lr=0.05)
        for _ in range(STEPS):
            loss_of(model, params, x, y).backward()
            opt.step()
            opt.zero_grad()
        out.append(flat(params))
    return max(abs(a - b) for a, b in zip(*out))


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), allow_nan=False)


def write_json(path, doc):
    parts = ["{"]
    keys = list(doc.keys())
    for i, key in enumerate(keys):
        val = doc[key]
        comma = "," if i < len(keys) - 1 else ""
        if key in ("schedule_cases", "cases", "notes"):
            parts.append(f" {json.dumps(key)}: [")
            parts.append(",\n".join("  " + dumps(v) for v in val))
            parts.append(" ]" + comma)
        elif key == "datasets":
            parts.append(f" {json.dumps(key)}: {{")
            names = list(val.keys())
            parts.append(",\n".join(f"  {json.dumps(n)}: {dumps(val[n])}" for n in names))
            parts.append(" }" + comma)
        else:
            parts.append(f" {json.dumps(key)}: {dumps(val)}{comma}")
    parts.append("}")
    text = "\n".join(parts) + "\n"
    assert json.loads(text) == doc
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return len(text.encode("utf-8"))


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: make_golden.py OUTPUT.json\n")
        return 2
    out_path = argv[1]

    datasets = make_datasets()
    for model in ("logistic", "softmax"):
        check_not_separable(model, *tensors(datasets[model], model))

    schedule_cases = []
    for name, sched, alpha, T in SCHEDULE_VARIANTS:
        schedule_cases.append({"name": name, "schedule": sched, "learning_rate": alpha,
                               "total_steps": T, "lr": schedule_lrs(sched, alpha, T)})

    cases = []
    models = ("linear", "logistic", "softmax")
    for model in models:
        for mode, bs in (("full", FULL_BATCH), ("mini", MINI_BATCH)):
            for vname, spec in OPTIMIZER_VARIANTS:
                alpha = learning_rate_for(spec["type"], model)
                cases.append(run_case(f"{model}/{mode}/{vname}", model, datasets[model], bs,
                                      spec, CONSTANT, alpha))
    mom = sgd(momentum=0.9, type="momentum")
    adam_default = adam()
    for model in models:
        for sname, sched, _, _ in SCHEDULE_VARIANTS:
            cases.append(run_case(f"{model}/mini/momentum/{sname}", model, datasets[model],
                                  MINI_BATCH, mom, sched, learning_rate_for("momentum", model)))
        for sname, sched, _, _ in SCHEDULE_VARIANTS:
            cases.append(run_case(f"{model}/full/adam/{sname}", model, datasets[model],
                                  FULL_BATCH, adam_default, sched, learning_rate_for("adam", model)))
    # (momentum mini-batch, adam full-batch, sgd mini-batch) clip thresholds: low enough that
    # some, but not all, updates are clipped
    clip = {"linear": (1.0, 0.5, 3.0), "logistic": (0.3, 0.1, 0.3), "softmax": (0.3, 0.1, 0.3)}
    for model in models:
        cm, ca, cs = clip[model]
        cases.append(run_case(f"{model}/mini/momentum/clip", model, datasets[model], MINI_BATCH,
                              mom, CONSTANT, learning_rate_for("momentum", model), clip=cm))
        cases.append(run_case(f"{model}/full/adam/clip", model, datasets[model], FULL_BATCH,
                              adam_default, CONSTANT, learning_rate_for("adam", model), clip=ca))
        cases.append(run_case(f"{model}/mini/sgd/clip", model, datasets[model], MINI_BATCH,
                              sgd(), CONSTANT, learning_rate_for("sgd", model), clip=cs))

    self_checks(datasets, schedule_cases, cases)

    doc = {
        "generator": "src/test/golden/make_golden.py",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "notes": NOTES,
        "datasets": datasets,
        "schedule_cases": schedule_cases,
        "cases": cases,
    }
    size = write_json(out_path, doc)

    clip_cases = [c for c in cases if c["clip_grad_norm"] is not None]
    print(f"torch {torch.__version__}; wrote {out_path} ({size} bytes)")
    print(f"schedule_cases: {len(schedule_cases)}, cases: {len(cases)} "
          f"({len(clip_cases)} with clipping)")
    for c in clip_cases:
        hits = sum(gn > c["clip_grad_norm"] for gn in c["grad_norm"])
        print(f"  {c['name']}: clipped on {hits}/{c['steps']} updates")
    print(f"NAdam 2.x vs torch 1.13 NAdam, logistic full batch, 40 updates: "
          f"max |param diff| = {nadam_113_difference(datasets):.3e}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
