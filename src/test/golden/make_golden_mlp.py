#!/usr/bin/env python3
"""Generate the golden trajectories of lrsweep's multi-layer perceptrons (model.type: mlp).

Produces one JSON file of training trajectories computed by PyTorch in float64: torch.nn.Linear layers with
relu, tanh or the exact gelu between them, the loss of a linear, logistic or softmax output (MSELoss,
BCEWithLogitsLoss, CrossEntropyLoss), torch.optim's optimizers (every variant of make_golden.py), clipping with
torch.nn.utils.clip_grad_norm_, one or two hidden layers, full batch and mini-batches.

The initial parameters are lrsweep's own: this script draws them exactly as MultiLayerPerceptron.initialParameters
does (SplitMix64 from the case's seed, nn.Linear's default bounds 1/sqrt(fan_in), the weights times init_scale),
records them, and loads them into the nn.Linear layers, so the Java test checks its initialisation bit for bit
and then trains from the same start.

The data sets, optimizers, schedules and the training loop are those of make_golden.py (imported from beside
this file); see its notes. Regenerate from the repository root with:

    /usr/bin/python3 src/test/golden/make_golden_mlp.py src/test/resources/golden/torch_mlp.json
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_golden as g  # noqa: E402  (sets float64, one thread and the seed on import)
import torch  # noqa: E402

STEPS = 30
MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15

NOTES = [
    "Trajectories of multi-layer perceptrons in float64, from torch.nn.Linear layers; see torch_optim.json's "
    "notes for the data sets, the training loop (input order, lr[k] for update k, batch_loss and grad_norm "
    "before clipping, clip_grad_norm_, optimizer.step()) and the optimizers (foreach=False; NAdam as PyTorch 2.x).",
    "Flat parameter layout (lrsweep's): layer by layer from the input, weight.T row-major (the weight from input "
    "j to output h at off + j*out + h), then the layer's biases.",
    "initial_params: SplitMix64(init_seed) (Steele, Lea and Flood; nextDouble = (nextLong >>> 11) * 2^-53); in the "
    "layout's order, each value (1/sqrt(fan_in)) * (2u - 1), a weight then times init_scale.",
    "Activations: torch.relu, torch.tanh, torch.nn.functional.gelu (approximate='none', the erf form). Outputs: "
    "linear (1 unit, MSELoss against y), logistic (1 unit, BCEWithLogitsLoss), softmax (C units, CrossEntropyLoss).",
]


class SplitMix64:
    """lrsweep's generator, dev.lrsweep.core.data.SplitMix64, on Python's integers."""

    def __init__(self, seed):
        self.state = seed & MASK

    @staticmethod
    def mix(z):
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next_long(self):
        self.state = (self.state + GOLDEN_GAMMA) & MASK
        return self.mix(self.state)

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53


def widths_of(features, hidden, output, classes):
    return [features] + list(hidden) + [classes if output == "softmax" else 1]


def initial_params(widths, seed, scale):
    """MultiLayerPerceptron.initialParameters(seed, scale), value for value."""
    random = SplitMix64(seed)
    out = []
    for l in range(1, len(widths)):
        bound = 1.0 / math.sqrt(widths[l - 1])
        weights = widths[l - 1] * widths[l]
        for i in range(weights + widths[l]):
            u = bound * (2.0 * random.next_double() - 1.0)
            out.append(u * scale if i < weights else u)
    return out


class Perceptron(torch.nn.Module):
    def __init__(self, widths, activation):
        super().__init__()
        self.layers = torch.nn.ModuleList(
            torch.nn.Linear(widths[l - 1], widths[l]) for l in range(1, len(widths)))
        self.activation = {"relu": torch.relu, "tanh": torch.tanh,
                           "gelu": torch.nn.functional.gelu}[activation]

    def load_flat(self, flat):
        at = 0
        with torch.no_grad():
            for layer in self.layers:
                n_out, n_in = layer.weight.shape
                w = torch.tensor(flat[at:at + n_in * n_out], dtype=g.DT).reshape(n_in, n_out)
                layer.weight.copy_(w.t())
                at += n_in * n_out
                layer.bias.copy_(torch.tensor(flat[at:at + n_out], dtype=g.DT))
                at += n_out
        assert at == len(flat)

    def flat(self, grads=False):
        out = []
        for layer in self.layers:
            w = layer.weight.grad if grads else layer.weight
            b = layer.bias.grad if grads else layer.bias
            out += [float(v) for v in w.detach().t().reshape(-1).tolist()]
            out += [float(v) for v in b.detach().reshape(-1).tolist()]
        return out

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = self.activation(layer(x))
        return self.layers[-1](x)


def loss_of(net, output, x, y):
    z = net(x)
    if output == "softmax":
        return torch.nn.CrossEntropyLoss()(z, y)
    z = z.squeeze(1)
    if output == "logistic":
        return torch.nn.BCEWithLogitsLoss()(z, y)
    return torch.nn.MSELoss()(z, y)


def run_case(name, datasets, dataset, output, hidden, activation, batch_size, opt_spec, sched, alpha,
             clip=None, init_seed=1, init_scale=1.0, steps=STEPS):
    ds = datasets[dataset]
    x = torch.tensor(ds["x"], dtype=g.DT)
    y = torch.tensor(ds["y"], dtype=torch.long if output == "softmax" else g.DT)
    widths = widths_of(x.shape[1], hidden, output, ds.get("classes", 0))
    init = initial_params(widths, init_seed, init_scale)
    net = Perceptron(widths, activation)
    net.load_flat(init)
    assert net.flat() == init
    params = list(net.parameters())
    opt = g.make_optimizer(opt_spec, params)
    lrs = g.schedule_lrs(sched, alpha, steps)
    with torch.no_grad():
        initial_loss = float(loss_of(net, output, x, y))
    n = x.shape[0]
    per_epoch = -(-n // batch_size)
    rec = {"lr": [], "batch_loss": [], "grad_norm": [], "params": []}
    for k in range(steps):
        start = (k % per_epoch) * batch_size
        end = min(n, start + batch_size)
        for group in opt.param_groups:
            group["lr"] = lrs[k]
        loss = loss_of(net, output, x[start:end], y[start:end])
        loss.backward()
        grad_norm = math.sqrt(sum(v * v for v in net.flat(grads=True)))
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(params, clip)
        opt.step()
        opt.zero_grad()
        rec["lr"].append(float(lrs[k]))
        rec["batch_loss"].append(float(loss.item()))
        rec["grad_norm"].append(grad_norm)
        rec["params"].append(net.flat())
    case = {"name": name, "dataset": dataset, "output": output, "hidden": list(hidden),
            "activation": activation, "batch_size": batch_size, "steps": steps, "learning_rate": alpha,
            "optimizer": opt_spec, "schedule": sched, "clip_grad_norm": clip, "init_seed": init_seed,
            "init_scale": init_scale, "initial_params": init, "initial_loss": initial_loss}
    case.update(rec)
    assert g.all_finite(case), name
    return case


def learning_rate_for(opt_type):
    """A rate at which the small networks train without ringing: where the loss oscillates, rounding differences
    grow faster than the tolerance allows (RMSprop with momentum at 0.01 rang on the gelu network)."""
    if opt_type in ("sgd", "momentum", "nesterov"):
        return 0.2
    if opt_type == "adagrad":
        return 0.1
    if opt_type == "rmsprop":
        return 0.004
    return 0.03


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: make_golden_mlp.py OUTPUT.json\n")
        return 2
    datasets = g.make_datasets()
    cases = []
    seed = 0
    # every activation and output, one and two hidden layers, full batch and mini-batches, with and without clipping
    mom = g.sgd(momentum=0.9, type="momentum")
    adam = g.adam()
    for activation in ("relu", "tanh", "gelu"):
        for output in ("linear", "logistic", "softmax"):
            for hidden in ((6,), (5, 4)):
                for mode, bs in (("full", g.FULL_BATCH), ("mini", g.MINI_BATCH)):
                    seed += 1
                    depth = "%d-hidden" % len(hidden)
                    spec, alpha = (mom, 0.05) if mode == "mini" else (adam, 0.03)
                    if output == "linear":
                        alpha /= 5
                    cases.append(run_case(f"{activation}/{output}/{depth}/{mode}", datasets, output, output,
                                          hidden, activation, bs, spec, g.CONSTANT, alpha, init_seed=seed))
                    seed += 1
                    # the clip threshold: the median gradient norm of the same run unclipped (a higher quantile
                    # where clipping there would clip every update), to 2 digits
                    args = (datasets, output, output, hidden, activation, bs, g.sgd(), g.CONSTANT,
                            4 * learning_rate_for("sgd") / (10 if output == "linear" else 1))
                    free = sorted(run_case("", *args, init_seed=seed, init_scale=1.5)["grad_norm"])
                    for quantile in (STEPS // 2, 2 * STEPS // 3, 5 * STEPS // 6):
                        clip = float("%.2g" % free[quantile])
                        case = run_case(f"{activation}/{output}/{depth}/{mode}/clip", *args, clip=clip,
                                        init_seed=seed, init_scale=1.5)
                        if sum(n > clip for n in case["grad_norm"]) < STEPS:
                            break
                    cases.append(case)
    # every optimizer variant, on a tanh and a gelu network of two hidden layers with a softmax output
    for activation, mode, bs in (("tanh", "mini", g.MINI_BATCH), ("gelu", "full", g.FULL_BATCH)):
        for vname, spec in g.OPTIMIZER_VARIANTS:
            seed += 1
            cases.append(run_case(f"optimizer/{activation}/{mode}/{vname}", datasets, "softmax", "softmax",
                                  (5, 4), activation, bs, spec, g.CONSTANT, learning_rate_for(spec["type"]),
                                  init_seed=seed))
    # two schedules and a large initial scale, for good measure
    for sname in ("one_cycle", "cosine_warmup"):
        sched = next(s for n, s, _, _ in g.SCHEDULE_VARIANTS if n == sname)
        seed += 1
        cases.append(run_case(f"schedule/relu/mini/{sname}", datasets, "logistic", "logistic", (6,), "relu",
                              g.MINI_BATCH, adam, sched, 0.05, init_seed=seed, init_scale=2.0))

    clipped = [c for c in cases if c["clip_grad_norm"] is not None]
    for c in clipped:
        hits = sum(n > c["clip_grad_norm"] for n in c["grad_norm"])
        assert 0 < hits < c["steps"], c["name"] + " clips never or always"
    for c in cases:
        assert max(abs(v) for v in c["params"][-1]) < 100, c["name"]
        assert c["batch_loss"][-1] < 1.5 * c["batch_loss"][0] or c["batch_loss"][-1] < c["initial_loss"], c["name"]

    doc = {
        "generator": "src/test/golden/make_golden_mlp.py",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "notes": NOTES,
        "datasets": datasets,
        "cases": cases,
    }
    size = g.write_json(argv[1], doc)
    print(f"torch {torch.__version__}; wrote {argv[1]} ({size} bytes): {len(cases)} cases, "
          f"{len(clipped)} with clipping")
    for c in clipped:
        hits = sum(n > c["clip_grad_norm"] for n in c["grad_norm"])
        print(f"  {c['name']}: clipped on {hits}/{c['steps']} updates")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
