# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   mkdocs:
#     description: >-
#       The mean and variance of the activations through 100 layers of a LeCun-initialised
#       network, for SELU, ReLU, tanh and ELU, measured and next to the fixed point the
#       activations package computes: SELU holds variance 1, the others fade away.
#     tags:
#       - experiment
#       - deep learning
#       - smooth rectifier
#       - hidden layer
# ---

# %% [markdown]
# # SELU's self-normalisation through 100 layers
#
# [SELU](../functions/selu.md) is $\lambda\,\mathrm{ELU}_\alpha$ with two constants that
# Klambauer et al. chose for one purpose: in a deep network whose weights are drawn with
# variance $1/n_\text{in}$ (LeCun-normal initialisation), the activations of every layer
# should have mean 0 and variance 1, and a layer that strays from that should be pulled
# back. They called such networks
# [self-normalising](../glossary.md#self-normalising). This notebook checks the claim: it
# computes the fixed point from SELU's own kernel, then sends data through 100 layers and
# measures the mean and variance at each, for SELU and for [ReLU](../functions/relu.md),
# [tanh](../functions/tanh.md) and [ELU](../functions/elu.md) with the same weights.

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib_inline.backend_inline import set_matplotlib_formats

import activations

# %% tags=["remove-input"]
# Figures: SVG on a transparent background, text and axes in a neutral grey, mid-tone
# colours. They stay readable on light and dark backgrounds alike. (On the website this
# grey is drawn in the page's text colour.)
set_matplotlib_formats("svg", metadata={"Date": None, "Creator": None})
GREY = "#808080"
COLOURS = ["#3d7fe0", "#d9730d", "#2e9e4f", "#e0457b", "#9b6be0", "#1c9aa5"]
plt.rcParams.update({
    "figure.facecolor": "none", "axes.facecolor": "none", "savefig.facecolor": "none",
    "text.color": GREY, "axes.labelcolor": GREY, "axes.edgecolor": GREY,
    "xtick.color": GREY, "ytick.color": GREY, "grid.color": GREY, "grid.alpha": 0.25,
    "legend.frameon": False, "axes.prop_cycle": plt.cycler(color=COLOURS),
    "svg.hashsalt": "activations", "font.size": 11, "savefig.dpi": 160,
})  # fmt: skip

# %% [markdown]
# ## What one layer does to the size of the signal
#
# Take a layer $z = W a$ with no bias and weights drawn independently from
# $\mathcal{N}(0, 1/n)$, $n$ the number of inputs. Whatever the previous layer's outputs
# $a$ are, each $z_j$ is then a sum of many small independent terms: close to normal, with
# mean 0 and variance
#
# $$
# q = \frac{1}{n}\sum_i a_i^2 = \mu^2 + \nu,
# $$
#
# the second moment of the outputs ($\mu$ their mean, $\nu$ their variance). The next
# outputs $f(z)$ then have the mean and variance of $f(\sqrt{q}\,Z)$ for a standard normal
# $Z$, and their second moment is $\mathbb{E}\,f(\sqrt{q}\,Z)^2$. So layer after layer the
# second moment follows the map
#
# $$
# q \;\mapsto\; \mathbb{E}\,f\big(\sqrt{q}\,Z\big)^2 ,
# $$
#
# and a **fixed point** is a $q^\ast > 0$ that the map sends to itself: a network that
# reaches it keeps the size of its signal however deep it is. The package computes the
# moments by quadrature on the activation's kernel (`activations.gaussian_moments`; with
# $q = 1$ they are the mean and variance on each function page's properties table) and
# finds the fixed point by solving $\mathbb{E}\,f(\sqrt{q}\,Z)^2 = q$
# (`activations.moment_fixed_point`).

# %%
SLUGS = ["selu", "relu", "tanh", "elu"]
ACTS = {slug: activations.get(slug) for slug in SLUGS}
fixed = {slug: activations.moment_fixed_point(act) for slug, act in ACTS.items()}
for slug, point in fixed.items():
    name = ACTS[slug].name
    if point is None:
        print(f"{name:<5} no fixed point for q in [1e-4, 1e4]")
    else:
        print(f"{name:<5} fixed point q* = {point.input_variance:.12f}: outputs of mean "
              f"{point.mean:.1e} and variance {point.variance:.12f}; "
              f"slope of the map there {point.slope:.3f}")  # fmt: skip

# %% [markdown]
# SELU's constants put its fixed point exactly at inputs of variance 1 and outputs of
# mean 0 and variance 1, to the precision of the quadrature. The slope of the map there is
# below 1, so the fixed point attracts: a second moment a little off is mapped closer to
# it at every layer. ReLU, tanh and ELU have no fixed point at all, apart from the trivial
# $q = 0$. The figure shows why: it plots the ratio of the second moment a layer puts out
# to the one it takes in.


# %%
def second_moment(act, q):
    """E f(√q Z)²: the second moment of a layer's outputs when its inputs have variance q."""
    mean, variance = activations.gaussian_moments(act, q)
    return mean * mean + variance


q = np.logspace(-3, 3, 61)
ratio = {slug: np.array([second_moment(act, v) / v for v in q]) for slug, act in ACTS.items()}
he_ratio = np.array([second_moment(ACTS["selu"], 2 * v) / v for v in q])  # weights of variance 2/n
fig, ax = plt.subplots(figsize=(7, 3.8))
for (slug, r), style in zip(ratio.items(), ["-", "--", "-.", ":"]):
    ax.semilogx(q, r, style, lw=2, label=ACTS[slug].name)
ax.axhline(1, color=GREY, lw=0.8)
ax.semilogx(q, he_ratio, color=COLOURS[0], lw=1, alpha=0.6, label="SELU, He weights")
ax.set_xlabel("second moment q of a layer's outputs")
ax.set_ylabel("next layer's q / this q")
ax.set_title("How one LeCun-initialised layer changes the signal's size")
ax.grid(True)
ax.legend()
plt.show()
print(
    f"SELU: ratio above 1 for every q < 1: {bool(np.all(ratio['selu'][q < 1] > 1))}, "
    f"below 1 for every q > 1: {bool(np.all(ratio['selu'][q > 1] < 1))}"
)
print(f"ReLU: ratio between {ratio['relu'].min():.6f} and {ratio['relu'].max():.6f}")
for slug in ("tanh", "elu"):
    print(
        f"{ACTS[slug].name}: ratio below 1 everywhere: {bool(np.all(ratio[slug] < 1))}, "
        f"{ratio[slug][0]:.4f} at q = {q[0]:g}"
    )
print(f"SELU with He weights: smallest ratio {he_ratio.min():.3f}")

# %% [markdown]
# Above the line a layer enlarges the signal, below it shrinks it. ReLU halves the second
# moment at every size, as it zeroes half of a centred input (the factor 2 of He
# initialisation is there to undo exactly that). Tanh and ELU are close to the identity
# near 0, so for small signals their ratio tends to 1 from below: they shrink the signal
# ever more slowly, but never stop shrinking it. SELU's curve crosses the line at $q = 1$,
# from above: small signals grow (its negative side has slope up to
# $\lambda\alpha \approx 1.76$), large ones shrink (its positive side has slope
# $\lambda \approx 1.05$ but only half the inputs use it). That crossing is the
# self-normalisation. The thin line is SELU with He initialisation's weights of variance
# $2/n$: it never comes down to 1, so there is no fixed point and the signal grows with
# depth, by a factor tending to $\lambda^2 \approx 1.10$ per layer for large signals.
#
# ## 100 layers, measured
#
# Now the real thing: a network of 100 layers of 256 units each, with LeCun-normal weights
# and no biases, fed 64 inputs whose entries are standard normal. At every layer we
# record the mean and the variance of all its activations (over units and inputs). Every
# activation gets the very same weights. The dashed lines are the prediction of the map
# above, iterated from the package's moments; it treats the layers as infinitely wide.

# %%
DEPTH, WIDTH, BATCH = 100, 256, 64
rng = np.random.default_rng(0)
X = rng.standard_normal((BATCH, WIDTH), dtype=np.float32)  # float32: twice as fast, and
WEIGHTS = rng.standard_normal((DEPTH, WIDTH, WIDTH), dtype=np.float32)  # precise enough here
WEIGHTS /= np.sqrt(WIDTH)  # LeCun-normal: variance 1/n


def measured(act, inputs):
    """Mean and variance of the activations at layer 0 (the inputs), 1, …, DEPTH."""
    a, moments = inputs, [(inputs.mean(), inputs.var())]
    for W in WEIGHTS:
        a = act.f(a @ W)
        moments.append((a.mean(), a.var()))
    return np.array(moments).T


def predicted(act, mean, variance):
    """The same, from the map q ↦ E f(√q Z)² of the package's Gaussian moments."""
    moments = [(mean, variance)]
    for _ in range(DEPTH):
        m, v = moments[-1]
        moments.append(activations.gaussian_moments(act, m * m + v))
    return np.array(moments).T


runs = {slug: (measured(act, X), predicted(act, 0.0, 1.0)) for slug, act in ACTS.items()}

# %%
layer = np.arange(DEPTH + 1)
fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.5, 7), sharex=True)
for (slug, (seen, expected)), colour in zip(runs.items(), COLOURS):
    top.plot(layer, seen[0], color=colour, lw=1.8, label=ACTS[slug].name)
    top.plot(layer, expected[0], "--", color=colour, lw=1)
    bottom.semilogy(layer, seen[1], color=colour, lw=1.8, label=ACTS[slug].name)
    bottom.semilogy(layer, expected[1], "--", color=colour, lw=1)
top.set_ylabel("mean of the activations")
bottom.set_ylabel("variance of the activations")
bottom.set_xlabel("layer")
top.set_title("Through 100 LeCun-initialised layers (dashed: the package's prediction)")
for ax in (top, bottom):
    ax.grid(True)
top.legend(ncol=4, fontsize=9)
fig.tight_layout()
plt.show()

# %%
summary = {}
print(f"{'':<5} {'layer 100: mean':>16} {'variance':>10} {'predicted variance':>19}")
for slug, (seen, expected) in runs.items():
    summary[slug] = {
        "mean": float(seen[0, -1]),
        "variance": float(seen[1, -1]),
        "predicted_variance": float(expected[1, -1]),
        "variance_range": [float(seen[1, 1:].min()), float(seen[1, 1:].max())],
        "largest_mean": float(np.abs(seen[0, 1:]).max()),
        "factor_per_layer": float((seen[1, -1] / seen[1, 1]) ** (1 / (DEPTH - 1))),
    }
    row = summary[slug]
    print(f"{ACTS[slug].name:<5} {row['mean']:16.3f} {row['variance']:10.2e} "
          f"{row['predicted_variance']:19.2e}")  # fmt: skip
low, high = summary["selu"]["variance_range"]
print(f"\nSELU's variance over layers 1-100: between {low:.2f} and {high:.2f}")
print(f"ReLU's variance, average factor per layer: {summary['relu']['factor_per_layer']:.3f}")

# %% [markdown]
# SELU's variance stays at 1 from the first layer to the hundredth, and its mean at 0: the
# fixed point, held by the real network. The small wobble is the price of finite width:
# each layer's 256 random weight vectors are not exactly of the average length, which moves
# the moments by a few percent at each layer, and the attraction of the fixed point keeps
# those errors from adding up.
#
# The others fade, each as the map predicts: at layer 100 the measured variance is
# within a factor of 2 of the prediction for all four, a good match for numbers that
# range over thirty orders of magnitude. ReLU's variance halves at every layer, so after
# 100 layers it is about $2^{-100} \approx 10^{-30}$ times what it was; only He
# initialisation's factor 2 would keep it. Tanh and ELU decay far more slowly, as their
# ratio curves tend to 1 near 0, but they decay all the same: after 100 layers their
# variance is below a hundredth of what it started with, and a network this deep would
# need a rescaling or normalisation layers to train. (ELU's mean starts positive, as its
# outputs are not centred, and is pulled towards 0 as the signal shrinks into the region
# where ELU is nearly linear.)
#
# ## Starting off the fixed point
#
# Self-normalisation is a claim about *attraction*: a layer whose inputs are off should
# pass on something closer to mean 0 and variance 1. Feed the same SELU network inputs of
# variance 0.1, of variance 3, and of mean 1, and watch the first 30 layers.

# %%
STARTS = {"variance 0.1": (0.0, 0.1), "variance 3": (0.0, 3.0), "mean 1": (1.0, 1.0)}
selu = ACTS["selu"]
starts = {label: measured(selu, mean + np.sqrt(variance) * X)
          for label, (mean, variance) in STARTS.items()}  # fmt: skip
TOLERANCE = 0.1


def layers_to_settle(variances):
    """The first layer from which the variance stays within TOLERANCE of 1."""
    outside = np.flatnonzero(np.abs(variances - 1) > TOLERANCE)
    return int(outside[-1] + 1) if outside.size else 0


settle = {label: layers_to_settle(seen[1]) for label, seen in starts.items()}
fig, (left, right) = plt.subplots(1, 2, figsize=(8.5, 3.6), sharex=True)
for (label, seen), colour in zip(starts.items(), COLOURS[1:]):
    left.plot(layer[:31], seen[0, :31], color=colour, lw=1.8, label=label)
    right.plot(layer[:31], seen[1, :31], color=colour, lw=1.8, label=label)
for ax, title in ((left, "mean"), (right, "variance")):
    ax.axhline(0 if title == "mean" else 1, color=GREY, lw=0.8)
    ax.set_title(f"SELU: {title} of the activations")
    ax.set_xlabel("layer")
    ax.grid(True)
right.legend(fontsize=9)
fig.tight_layout()
plt.show()
for label, layers in settle.items():
    print(f"inputs of {label}: variance within {TOLERANCE:.0%} of 1 from layer {layers} on")

# %% [markdown]
# The mean never strays further than 0.2 from 0. A shift common to all inputs is gone
# after one layer (the mean drops from 1 to below 0.1): the weights are centred, so the
# shift becomes part of the next layer's variance, which the following layers then bring
# back. Within about 15 layers the variance is back within
# 10% of 1, from below and from above alike. The pull is geometric: near the fixed point
# each layer multiplies the distance of the second moment from 1 by the map's slope there,
# 0.78, computed above.
#
# ## What it takes, and what breaks it
#
# The fixed point holds under the assumptions of the map, and each of them is a condition
# in practice:
#
# - **LeCun-normal weights.** With He initialisation's variance $2/n$ the map becomes
#   $q \mapsto \mathbb{E}\,f(\sqrt{2q}\,Z)^2$, which has no fixed point (the thin line
#   above). Keras documents SELU as "to be used together with" its `LecunNormal`
#   initialiser, and PyTorch asks for `kaiming_normal` with `nonlinearity='linear'`, which
#   draws the same variance $1/n$.
# - **Weights that stay centred and of variance $1/n$.** The argument is about the weights
#   as drawn; training moves them, and the paper shows that the attraction still holds in
#   a neighbourhood of the initial statistics, not everywhere.
# - **No ordinary dropout.** Dropout sets activations to 0, which is not SELU's resting
#   value; the paper's *alpha dropout* sets them to SELU's negative saturation value and
#   rescales, so that mean and variance are kept.
# - **Wide layers.** The normal approximation of $z$ needs many inputs per unit; with 256
#   the measured curves already follow the prediction closely.
#
# Things to try: give the network He weights (`* np.sqrt(2)` on `WEIGHTS`) and watch the
# variance grow; ask `activations.moment_fixed_point` about [GELU](../functions/gelu.md),
# [SiLU](../functions/silu.md) or the [sigmoid](../functions/sigmoid.md); or make the
# layers narrower, say 16 units, and see the wobble grow.

# %% tags=["remove-input"]
RESULTS = {
    "fixed_point": {slug: None if p is None else vars(p) for slug, p in fixed.items()},
    "summary": summary,
    "settle": settle,
    "ratio": {"q": q, **ratio, "selu_he": he_ratio},
    "starts": {label: seen for label, seen in starts.items()},
    "measured": {slug: seen for slug, (seen, _) in runs.items()},
    "predicted": {slug: expected for slug, (_, expected) in runs.items()},
}
