"""The package against PyTorch: f and autograd's f′ in float64, for every activation it has.

PyTorch is an optional dependency: without it this module is skipped as a whole
(see the reason below). With it, every activation whose catalog entry names a
PyTorch function is called with PyTorch's own defaults, so a default that
drifted apart fails here too, and with a few other parameter values. The grid
has every order of magnitude of z with both signs, 0, random points, and each
breakpoint with its neighbours, where the value autograd returns at a kink is
the convention the package documents (ReLU′(0) = 0).

Agreement means within TOLERANCE ULP. PyTorch computes several functions and
gradients with the textbook formulas (σ′ = y(1 − y), tanh′ = 1 − y², GELU with
1 + erf), which lose digits or return an exact 0 in the tails, and it has
conventions of its own (softplus returns z once βz > threshold). Each such
region is listed in KNOWN with the reason; inside it the package must instead
be within 8 ULP of the 50-digit reference (so the disagreement is PyTorch's
error, not the package's), and every listed region must still show a
disagreement, so the list cannot go stale.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

import activations
from activations import reference

torch = pytest.importorskip(
    "torch",
    reason="PyTorch is an optional dependency; install torch to compare the package with it",
)
F = torch.nn.functional

TOLERANCE = 4  # ULP of the larger of the two values
REFERENCE_ULPS = 8  # the package's own accuracy bound (tests/test_accuracy.py)
MAGNITUDES = [1e-300, 1e-30, 1e-12, 1e-8, 1e-6, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5,
              2.0, 2.5, 3.0, 4.0, 5.0, 7.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 50.0, 100.0,
              300.0, 700.0, 709.78, 710.0, 745.0, 800.0, 1e4, 1e10, 1e100]  # fmt: skip
RANDOM = np.random.default_rng(20261123).uniform(-10, 10, 24).round(6).tolist()

# slug -> (parameters of the package, the same function in PyTorch); {} means PyTorch's defaults,
# and PyTorch is then called without arguments, so its defaults are checked against ours.
Call = Callable[["torch.Tensor"], "torch.Tensor"]
CASES: list[tuple[str, dict, Call]] = [
    ("linear", {}, lambda t: torch.nn.Identity()(t)),
    ("sigmoid", {}, F.sigmoid),
    ("tanh", {}, F.tanh),
    ("hard_sigmoid", {}, F.hardsigmoid),
    ("hard_tanh", {}, F.hardtanh),
    ("softsign", {}, F.softsign),
    ("log_sigmoid", {}, F.logsigmoid),
    ("tanhshrink", {}, F.tanhshrink),
    ("relu", {}, F.relu),
    ("leaky_relu", {}, F.leaky_relu),
    ("leaky_relu", {"alpha": 0.2}, lambda t: F.leaky_relu(t, 0.2)),
    ("prelu", {}, lambda t: torch.nn.PReLU().double()(t)),
    ("prelu", {"alpha": 0.1}, lambda t: F.prelu(t, torch.tensor([0.1], dtype=t.dtype))),
    ("rrelu", {}, F.rrelu),  # training=False by default: the fixed mean slope
    ("relu6", {}, F.relu6),
    ("threshold", {"threshold": 1.0, "value": 0.0}, lambda t: F.threshold(t, 1.0, 0.0)),
    ("threshold", {"threshold": -0.5, "value": 2.0}, lambda t: F.threshold(t, -0.5, 2.0)),
    ("hardshrink", {}, F.hardshrink),
    ("hardshrink", {"lambd": 1.5}, lambda t: F.hardshrink(t, 1.5)),
    ("softshrink", {}, F.softshrink),
    ("softshrink", {"lambd": 1.5}, lambda t: F.softshrink(t, 1.5)),
    ("softplus", {}, F.softplus),
    ("softplus", {"beta": 2.0}, lambda t: F.softplus(t, 2.0)),
    ("elu", {}, F.elu),
    ("elu", {"alpha": 0.5}, lambda t: F.elu(t, 0.5)),
    ("selu", {}, F.selu),
    ("celu", {}, F.celu),
    ("celu", {"alpha": 0.5}, lambda t: F.celu(t, 0.5)),
    ("gelu", {}, F.gelu),
    ("gelu_tanh", {}, lambda t: F.gelu(t, approximate="tanh")),
    ("silu", {}, F.silu),
    ("mish", {}, F.mish),
    ("hard_swish", {}, F.hardswish),
]


# (slug, "f" or "df") -> regions of z where PyTorch's float64 value is known to be off:
# (a test of z and the parameters, the reason).
Region = tuple[Callable[[float, dict], bool], str]
KNOWN: dict[tuple[str, str], list[Region]] = {
    ("sigmoid", "f"): [(lambda z, p: z < -709, "e^(-z) overflows: 1/(1 + inf) = 0")],
    ("sigmoid", "df"): [
        (lambda z, p: z > 1, "autograd uses y(1 - y): 1 - y cancels, then is 0"),
        (lambda z, p: z < -709, "y is already 0 (e^(-z) overflowed)"),
    ],
    ("tanh", "df"): [(lambda z, p: abs(z) > 2, "autograd uses 1 - y²: it cancels")],
    ("hard_sigmoid", "df"): [
        (lambda z, p: abs(z) < 3, "its slope is float32(1/6) = 0.1666666716..., in float64")
    ],
    ("softsign", "df"): [
        (lambda z, p: abs(z) > 5, "the quotient rule's terms cancel in the tails")
    ],
    ("tanhshrink", "f"): [(lambda z, p: 0 < abs(z) < 1, "z - tanh z cancels near 0")],
    ("tanhshrink", "df"): [(lambda z, p: 0 < abs(z) < 1, "1 - (1 - y²) cancels near 0")],
    ("softplus", "f"): [
        (lambda z, p: p["beta"] * z > 20, "threshold=20: it returns z itself there")
    ],
    ("softplus", "df"): [
        (lambda z, p: p["beta"] * z > 20, "threshold=20: its gradient is 1 there")
    ],
    ("gelu", "f"): [(lambda z, p: z < -1, "1 + erf(z/√2) cancels, then is 0")],
    ("gelu", "df"): [(lambda z, p: z < -0.5, "cancellation in the lower tail")],
    ("gelu_tanh", "f"): [(lambda z, p: z < -1, "1 + tanh(u) cancels, then is 0")],
    ("gelu_tanh", "df"): [
        (lambda z, p: z < -0.5, "cancellation in the lower tail"),
        (lambda z, p: z > 5, "1 - tanh²(u) cancels in the upper tail"),
    ],
    ("silu", "f"): [(lambda z, p: z < -709, "σ(z) is 0 once e^(-z) overflows")],
    ("silu", "df"): [
        (lambda z, p: z < -709, "σ(z) is 0 once e^(-z) overflows"),
        (lambda z, p: -1.6 < z < -1.0, "cancellation around the root of f′"),
        (lambda z, p: z > 10, "1 - σ(z) cancels"),
    ],
    ("mish", "f"): [(lambda z, p: z < -709, "the tail underflows to 0")],
    ("mish", "df"): [
        (lambda z, p: z < -709, "the tail underflows, even to the wrong sign"),
        (lambda z, p: -1.5 < z < -0.9, "cancellation around the root of f′"),
    ],
}


def points(act: activations.Activation) -> list[float]:
    near = [b + s * d for b in act.breakpoints for s in (-1, 1) for d in (1e-9, 1e-3)]
    xs = [0.0, *MAGNITUDES, *(-m for m in MAGNITUDES), *RANDOM, *act.breakpoints, *near]
    return sorted(set(xs))


def ulps_apart(a: float, b: float) -> float:
    if a == b or (math.isnan(a) and math.isnan(b)):
        return 0.0
    if not (math.isfinite(a) and math.isfinite(b)):
        return math.inf
    return abs(a - b) / reference.ulp(max(abs(a), abs(b)))


def torch_values(call: Call, xs: list[float]) -> tuple[list[float], list[float]]:
    """f and autograd's f′ at ``xs``, in float64."""
    t = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    y = call(t)
    (grad,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy().tolist(), grad.numpy().tolist()


def test_every_pytorch_activation_is_covered():
    have = {
        a.slug for a in activations.catalog() if any(f.framework == "PyTorch" for f in a.frameworks)
    }
    assert have == {slug for slug, _, _ in CASES}


@pytest.mark.parametrize(
    ("slug", "params", "call"),
    CASES,
    ids=[f"{s}-{'-'.join(f'{k}={v:g}' for k, v in p.items()) or 'defaults'}" for s, p, _ in CASES],
)
def test_matches_pytorch(slug, params, call):
    act = activations.get(slug, **params)
    bound = dict(act.params)
    xs = points(act)
    torch_f, torch_df = torch_values(call, xs)
    ours = {"f": act.f(np.array(xs)).tolist(), "df": act.df(np.array(xs)).tolist()}
    theirs = {"f": torch_f, "df": torch_df}
    problems = []
    for which, order in (("f", 0), ("df", 1)):
        regions = KNOWN.get((slug, which), [])
        used = [False] * len(regions)
        for x, mine, other in zip(xs, ours[which], theirs[which]):
            apart = ulps_apart(mine, other)
            if apart <= TOLERANCE:
                continue
            inside = [k for k, (test, _) in enumerate(regions) if test(x, bound)]
            if not inside:
                problems.append(f"{which}({x!r}): package {mine!r}, PyTorch {other!r}")
                continue
            for k in inside:
                used[k] = True
            error = reference.ulp_error(mine, reference.evaluate(slug, order, x, bound))
            if error > REFERENCE_ULPS:
                problems.append(
                    f"{which}({x!r}): package {mine!r} is {error:.3g} ULP from the reference "
                    f"(PyTorch {other!r}, excused as: {regions[inside[0]][1]})"
                )
        problems += [
            f"{which}: the known difference {why!r} no longer shows: remove it from KNOWN"
            for (_, why), seen in zip(regions, used)
            if not seen and not params
        ]
    assert not problems, "\n".join(problems)
