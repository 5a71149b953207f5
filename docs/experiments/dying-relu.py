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
#       How many units of a small network die (receive no gradient on any example) after
#       training with a large learning rate, for ReLU, leaky ReLU and ELU; and whether dead
#       units ever come back.
#     tags:
#       - experiment
#       - ReLU family
#       - backpropagation
#       - hidden layer
# ---

# %% [markdown]
# # Dying ReLU: units lost to a large learning rate
#
# [ReLU](../functions/relu.md)'s derivative is exactly zero for every negative input. A
# unit whose input is negative for *every* example in the data set therefore passes back
# no gradient at all, its weights stop changing, and nothing pulls it back: the unit is
# dead. This is the [dying ReLU](../glossary.md#dying-relu) problem. A common way to get
# there is a learning rate that is too large, whose first big steps knock some units'
# weights and biases so far that their input never turns positive again.
#
# This notebook trains the same small network on the same toy data with a sensible and a
# large learning rate, for ReLU, [leaky ReLU](../functions/leaky_relu.md) and
# [ELU](../functions/elu.md), and counts the dead units. The backward pass is written out;
# the activation and its derivative come from the `activations` package.

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

# %%
for slug in ("relu", "leaky_relu", "elu"):
    act = activations.get(slug)
    print(f"{act.name:<11} f'(z) at z = -5, -1, -0.1: {act.df(np.array([-5.0, -1.0, -0.1]))}")

# %% [markdown]
# The three differ exactly where it matters. On the negative side ReLU's slope is 0,
# leaky ReLU's is a small constant $\alpha$ (0.01 by default), and ELU's is
# $\alpha e^{z}$: small far out, but never zero.
#
# ## Data, network and what "dead" means
#
# The data are two interleaving half-moons, 512 points, the classic toy problem for a
# binary classifier. The network has two hidden layers of 64 units (128 hidden units in
# all), He initialisation and a sigmoid output unit for the probability of class 1,
# trained with the cross-entropy loss.
#
# A hidden unit is counted as **dead** when $f'(z) = 0$ for its input $z$ on every one of
# the 512 examples. Such a unit sends no gradient back and gets none for its own weights
# and bias. It is a precise version of "never activates" for ReLU, and it makes the
# comparison fair: a leaky ReLU or ELU unit that is negative on every example still has a
# non-zero slope, still learns, and so is not dead.


# %%
def moons(n=512, noise=0.1, seed=0):
    """Two interleaving half-circles with noise, standardised; labels 0 and 1."""
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, np.pi, n)
    upper = rng.random(n) < 0.5
    x = np.where(upper, np.cos(angle), 1 - np.cos(angle))
    y = np.where(upper, np.sin(angle), 0.5 - np.sin(angle))
    X = np.column_stack([x, y]) + noise * rng.standard_normal((n, 2))
    return (X - X.mean(axis=0)) / X.std(axis=0), upper * 1.0


X, y = moons()
HIDDEN = 64
sigmoid = activations.get("sigmoid")


def init(seed):
    """He initialisation for 2 → 64 → 64 → 1, zero biases."""
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((2, HIDDEN)) * np.sqrt(2 / 2), np.zeros(HIDDEN),
            rng.standard_normal((HIDDEN, HIDDEN)) * np.sqrt(2 / HIDDEN), np.zeros(HIDDEN),
            rng.standard_normal((HIDDEN, 1)) * np.sqrt(1 / HIDDEN), np.zeros(1)]  # fmt: skip


def forward(params, act, X):
    W1, b1, W2, b2, W3, b3 = params
    Z1 = X @ W1 + b1
    A1 = act.f(Z1)
    Z2 = A1 @ W2 + b2
    A2 = act.f(Z2)
    p = sigmoid.f(A2 @ W3 + b3)[:, 0]
    return p, (Z1, A1, Z2, A2)


def backward(params, act, X, y, p, cache):
    W1, b1, W2, b2, W3, b3 = params
    Z1, A1, Z2, A2 = cache
    D3 = ((p - y) / len(y))[:, None]  # sigmoid + cross-entropy
    D2 = (D3 @ W3.T) * act.df(Z2)  # a unit with f'(z) = 0 passes nothing back
    D1 = (D2 @ W2.T) * act.df(Z1)
    return [X.T @ D1, D1.sum(0), A1.T @ D2, D2.sum(0), A2.T @ D3, D3.sum(0)]


def dead_units(params, act):
    """Per hidden unit (layer 1, then layer 2): is f'(z) = 0 on every example?"""
    _, (Z1, _, Z2, _) = forward(params, act, X)
    return np.concatenate([np.all(act.df(Z1) == 0, axis=0), np.all(act.df(Z2) == 0, axis=0)])


def never_positive(params, act):
    _, (Z1, _, Z2, _) = forward(params, act, X)
    return np.concatenate([np.all(Z1 <= 0, axis=0), np.all(Z2 <= 0, axis=0)])


# %% [markdown]
# ## Training with Adam
#
# The optimiser is Adam, the most widely used one. It divides each parameter's step by a
# running estimate of that parameter's gradient size, so every weight and bias moves by
# up to about the learning rate per step, however small or large its gradient.
# Its usual learning rate is 0.001; the large one here is 0.1, a hundred times more.
# Each run takes 500 steps on mini-batches of 32 examples, and records the share of dead
# units every 10 steps.


# %%
def train(act, lr, seed, steps=500, batch=32, params=None):
    params = init(seed) if params is None else [p.copy() for p in params]
    m = [np.zeros_like(p) for p in params]  # Adam's running mean of the gradient
    v = [np.zeros_like(p) for p in params]  # and of its square
    rng = np.random.default_rng(1000 + seed)
    history = [(0, dead_units(params, act).mean())]
    for step in range(1, steps + 1):
        rows = rng.integers(0, len(X), batch)
        p, cache = forward(params, act, X[rows])
        grads = backward(params, act, X[rows], y[rows], p, cache)
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            m_hat, v_hat = m[i] / (1 - 0.9**step), v[i] / (1 - 0.999**step)
            params[i] -= lr * m_hat / (np.sqrt(v_hat) + 1e-8)
        if step % 10 == 0:
            history.append((step, dead_units(params, act).mean()))
    return params, np.array(history)


def accuracy(params, act):
    return float(np.mean((forward(params, act, X)[0] > 0.5) == (y == 1)))


SLUGS = ["relu", "leaky_relu", "elu"]
RATES = {"usual": 0.001, "large": 0.1}
SEEDS = range(3)
runs = {(slug, rate, seed): train(activations.get(slug), RATES[rate], seed)
        for slug in SLUGS for rate in RATES for seed in SEEDS}  # fmt: skip

# %%
fig, ax = plt.subplots(figsize=(7.5, 4.2))
for slug, colour in zip(SLUGS, COLOURS):
    name = activations.get(slug).name
    for rate, style in (("large", "-"), ("usual", ":")):
        history = runs[slug, rate, 0][1]
        ax.plot(history[:, 0], 100 * history[:, 1], style, color=colour, lw=2,
                label=f"{name}, learning rate {RATES[rate]:g}")  # fmt: skip
ax.set_xlabel("training step")
ax.set_ylabel("dead hidden units (%)")
ax.set_title("Units with f′(z) = 0 on every example, during training")
ax.set_ylim(bottom=-2)
ax.grid(True)
ax.legend(fontsize=9)
plt.show()

# %% [markdown]
# With the large learning rate, ReLU loses a large share of its units within the first
# few dozen steps, and they stay lost. Leaky ReLU and ELU lose none, at either learning
# rate (their four lines lie on top of each other at zero): their derivative is never
# zero, so by the definition above they cannot die.
# (ReLU starts with a few dead units even before training: with random weights, some
# second-layer units happen to get a negative input for every example.)
#
# The same experiment over three random initialisations, averaged:

# %%
print(f"{'activation':<11} {'rate':>6} {'dead at start':>14} {'dead after':>11} "
      f"{'never positive':>15} {'accuracy':>9}")  # fmt: skip
table = {}
for slug in SLUGS:
    act = activations.get(slug)
    for rate in RATES:
        trained = [runs[slug, rate, seed][0] for seed in SEEDS]
        row = {
            "dead_start": np.mean([dead_units(init(s), act).mean() for s in SEEDS]),
            "dead": np.mean([dead_units(p, act).mean() for p in trained]),
            "never_positive": np.mean([never_positive(p, act).mean() for p in trained]),
            "accuracy": np.mean([accuracy(p, act) for p in trained]),
        }
        table[slug, rate] = row
        print(f"{act.name:<11} {RATES[rate]:6g} {row['dead_start']:14.1%} {row['dead']:11.1%}"
              f" {row['never_positive']:15.1%} {row['accuracy']:9.1%}")  # fmt: skip

# %% [markdown]
# Two things stand out. First, the large learning rate kills a large share of the ReLU
# units and none of the others. Second, it does not ruin the accuracy: two moons are
# easy, and the surviving units suffice. That is what makes dying ReLU treacherous in
# practice. Nothing fails loudly; the network just quietly runs on a fraction of the
# capacity you paid for.
#
# The "never positive" column shows that the large steps push leaky ReLU's units into
# negative territory almost as often as ReLU's. The difference is what happens next: a
# leaky unit there still has slope $\alpha$, gets a (small) gradient and keeps learning,
# while a ReLU unit gets nothing.
#
# ## Do dead units come back?
#
# Take the networks trained with the large learning rate and continue training at the
# usual rate for another 500 steps, with a fresh optimiser. For ReLU, check whether the
# units that were dead have moved at all; for leaky ReLU, check the units that were never
# positive.

# %%
revival = {}
for slug in ("relu", "leaky_relu"):
    act = activations.get(slug)
    before = runs[slug, "large", 0][0]
    after, _ = train(act, RATES["usual"], seed=0, params=before)
    stuck = never_positive(before, act)
    first, second = stuck[:HIDDEN], stuck[HIDDEN:]
    moved_first = np.abs(after[0] - before[0])[:, first].max(initial=0.0)  # incoming weights
    moved_second = np.abs(after[2] - before[2])[:, second].max(initial=0.0)
    still = never_positive(after, act)[stuck].mean() if stuck.any() else 0.0
    revival[slug] = {"stuck": int(stuck.sum()), "moved_first": float(moved_first),
                     "moved_second": float(moved_second), "still_stuck": float(still)}  # fmt: skip
    print(
        f"{act.name}: {stuck.sum()} units never positive after the large rate "
        f"({first.sum()} in layer 1, {second.sum()} in layer 2)"
    )
    print(
        f"  largest change of their incoming weights: layer 1 {moved_first:.2e}, "
        f"layer 2 {moved_second:.2e}"
    )
    print(f"  still never positive after 500 more steps: {still:.0%}")

# %% [markdown]
# The dead ReLU units in the first layer have not moved at all: their weights changed by
# exactly zero, because every gradient they received was multiplied by $f'(z) = 0$. That
# is permanent, since the first layer's inputs are the fixed data. A dead unit in the
# second layer could in principle be revived if the first layer changed so much that
# some example gave it a positive input again; within these 500 steps that has not
# happened either. The leaky ReLU units stuck on the negative side did get updates: their
# weights moved. With $\alpha = 0.01$ the pull is a hundred times weaker than on the
# positive side, and within these 500 steps none of them has crossed back to positive
# inputs, but they are still learning, which a dead ReLU unit never does again.
#
# ## What to take away
#
# - A large learning rate can silently kill a sizeable share of a ReLU network's units.
#   Watch for it by counting units whose output is zero on a whole batch or data set.
# - Leaky ReLU, [PReLU](../functions/prelu.md) and ELU cannot die in this sense: their
#   slope on the negative side is small but never zero.
# - ReLU remains a fine default; a sensible learning rate (or a warm-up that starts small),
#   He initialisation, and normalisation layers keep the casualties low. The page on
#   [choosing an activation](../choosing.md) discusses the trade-offs.

# %% tags=["remove-input"]
RESULTS = {
    "table": {f"{slug}/{rate}": row for (slug, rate), row in table.items()},
    "revival": revival,
}
