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
#       Twelve activations trained on handwritten digits, five seeds each, in a shallow and a
#       10-layer network with backpropagation written out: test accuracy and loss with
#       confidence intervals, epochs to a target, dead units, and which differences are
#       significant.
#     tags:
#       - experiment
#       - backpropagation
#       - deep learning
#       - hidden layer
# ---

# %% [markdown]
# # Twelve activations on handwritten digits
#
# Which activation should a network use? The other experiments isolate one mechanism each;
# this one measures what the choice does to training on real data. It trains the same two
# networks, a shallow one and a deep one, with twelve activations and five random seeds
# each, and asks of every difference it finds whether it is larger than the seed-to-seed
# noise.
#
# The data are scikit-learn's handwritten digits: 1,797 images of 8 × 8 pixels, shipped
# inside the scikit-learn package (nothing is downloaded). As in
# [backpropagation by hand](backpropagation.ipynb), the networks are plain numpy, and the
# backward pass multiplies by the activation's derivative $f'$ from the `activations`
# package.

# %%
import importlib.util
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib_inline.backend_inline import set_matplotlib_formats
from scipy import special

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
# ## Data
#
# The digits are read from the file scikit-learn ships (the one its `load_digits` reads;
# reading it directly spares the seconds that importing scikit-learn takes). A fixed random
# split keeps 1,000 images for training and 797 for testing; pixels are standardised with
# the training set's statistics.

# %%
sklearn = Path(importlib.util.find_spec("sklearn").origin).parent
table = np.loadtxt(sklearn / "datasets" / "data" / "digits.csv.gz", delimiter=",")
images, labels = (table[:, :-1] / 16).astype(np.float32), table[:, -1].astype(int)
order = np.random.default_rng(0).permutation(len(labels))
TRAIN, TEST = order[:1000], order[1000:]
centre, scale = images[TRAIN].mean(axis=0), images[TRAIN].std(axis=0) + 0.1
X = (images - centre) / scale
T = np.eye(10, dtype=np.float32)[labels]  # one-hot targets
print(f"{len(labels)} images of {images.shape[1]} pixels; {len(TRAIN)} for training, "
      f"{len(TEST)} for testing")  # fmt: skip

# %% [markdown]
# ## Networks, activations and their initialisation
#
# Two networks, both ending in a softmax over the ten digits and trained on the
# cross-entropy loss:
#
# - **shallow**: 64 inputs → 32 hidden units → 10 outputs;
# - **deep**: 64 inputs → 10 hidden layers of 10 units → 10 outputs.
#
# The twelve activations: [ReLU](../functions/relu.md),
# [leaky ReLU](../functions/leaky_relu.md), [ELU](../functions/elu.md),
# [SELU](../functions/selu.md), [GELU](../functions/gelu.md), [SiLU](../functions/silu.md),
# [Mish](../functions/mish.md), [tanh](../functions/tanh.md),
# [sigmoid](../functions/sigmoid.md), [softplus](../functions/softplus.md),
# [squared ReLU](../functions/relu2.md) and [SwiGLU](../vector.md). SwiGLU is not
# elementwise: a SwiGLU layer computes twice as many pre-activations, $(a, b)$, and outputs
# $a \odot \mathrm{SiLU}(b)$, so its layers have twice the weights; its backward pass uses
# SiLU's $f$ and $f'$ for the two halves.
#
# Each activation gets the initialisation it is usually paired with, weights drawn from a
# normal distribution with variance
#
# - $2/n_\text{in}$ (He) for ReLU and the functions shaped like it, ELU, GELU, SiLU, Mish
#   and softplus, and $2/((1+\alpha^2)\,n_\text{in})$ for leaky ReLU: the factor 2 makes
#   up for the half of the inputs the negative side flattens;
# - $1/n_\text{in}$ (LeCun) for SELU, whose constants assume it (see
#   [SELU's self-normalisation](self-normalisation.ipynb));
# - $2/(n_\text{in} + n_\text{out})$ (Glorot) for tanh and the sigmoid, which are close
#   to linear, slope $f'(0)$ aside, for small inputs;
# - $1/(n_\text{in}\,\mathbb{E} f(Z)^2)$ for squared ReLU and SwiGLU, which have no
#   customary one: the variance that keeps the second moment of standard normal
#   pre-activations at 1 from one layer to the next (for ReLU this rule gives He's
#   $2/n_\text{in}$). The package computes $\mathbb{E} f(Z)^2$
#   (`activations.gaussian_moments`).
#
# The output layer always has variance $1/n_\text{in}$, and biases start at 0. Every
# activation sees the same random draws, rescaled.

# %%
SLUGS = ["relu", "leaky_relu", "elu", "selu", "gelu", "silu", "mish", "tanh", "sigmoid",
         "softplus", "relu2", "swiglu"]  # fmt: skip
ACTS = {slug: activations.get(slug) for slug in SLUGS if slug != "swiglu"}
silu = ACTS["silu"]
NAMES = {slug: activations.get(slug).name for slug in SLUGS}
NETWORKS = {"shallow": [64, 32, 10], "deep": [64] + [10] * 10 + [10]}


def scheme(slug):
    if slug == "selu":
        return "LeCun"
    if slug in ("tanh", "sigmoid"):
        return "Glorot"
    return "moments" if slug in ("relu2", "swiglu") else "He"


def init_variance(slug, n_in, n_out):
    kind = scheme(slug)
    if kind == "LeCun":
        return 1 / n_in
    if kind == "Glorot":
        return 2 / (n_in + n_out)
    if kind == "He":
        alpha = ACTS[slug].params["alpha"] if slug == "leaky_relu" else 0.0
        return 2 / ((1 + alpha**2) * n_in)
    mean, variance = activations.gaussian_moments(ACTS["silu" if slug == "swiglu" else slug])
    return 1 / (n_in * (mean * mean + variance))


for slug in SLUGS:  # a hidden layer of the deep network: 10 inputs, 10 outputs
    scaled = 10 * init_variance(slug, 10, 10)
    print(f"{NAMES[slug]:<13} {scheme(slug):<8} variance × n_in = {scaled:.3f}")

# %% [markdown]
# ## Training, five seeds at once
#
# Training is mini-batch Adam (learning rate 0.005, batches of 50, 3 epochs for the shallow
# network and 4 for the deep one). The five seeds are trained side by side: every array has
# a leading axis of length 5, one slice per seed, so one matrix product serves all five.
# A seed fixes the weights' random draw and the order of the mini-batches. The forward pass
# keeps each layer's $f'(Z)$; the backward pass is the chain rule of
# [backpropagation by hand](backpropagation.ipynb),
# $\Delta_{l-1} = (\Delta_l W_l^\top) \odot f'(Z_{l-1})$. After every epoch the networks
# are evaluated on the test set.

# %%
SEEDS, BATCH, LEARNING_RATE = 5, 50, 0.005
EPOCHS = {"shallow": 3, "deep": 4}


def views(flat, shapes):
    """Consecutive pieces of the 1-D array ``flat``, reshaped to ``shapes`` (views, not copies)."""
    ends = np.cumsum([np.prod(shape) for shape in shapes])
    return [piece.reshape(shape) for piece, shape in zip(np.split(flat, ends[:-1]), shapes)]


def init(slug, sizes):
    """Weights (seeds × n_in × n_out) and biases (seeds × 1 × n_out) for every layer, all
    views into one flat array (so that Adam updates every parameter in one operation)."""
    params = []
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        last = layer == len(sizes) - 2
        width = 2 * n_out if slug == "swiglu" and not last else n_out
        variance = 1 / n_in if last else init_variance(slug, n_in, n_out)
        draw = [np.random.default_rng([seed, layer]).standard_normal((n_in, width), np.float32)
                for seed in range(SEEDS)]  # fmt: skip
        params += [np.stack(draw) * np.float32(np.sqrt(variance)),
                   np.zeros((SEEDS, 1, width), np.float32)]  # fmt: skip
    flat = np.concatenate([p.ravel() for p in params])
    return flat, views(flat, [p.shape for p in params])


def nonlinearity(slug, Z, slopes=True):
    """f(Z), and what the backward pass needs: f'(Z), or SwiGLU's (a, SiLU(b), SiLU'(b))."""
    if slug == "swiglu":
        a, b = np.split(Z, 2, axis=-1)
        gate = silu.f(b)
        return a * gate, (a, gate, silu.df(b) if slopes else None)
    act = ACTS[slug]
    return act.f(Z), act.df(Z) if slopes else None


def back_through(slug, G, saved):
    """∂L/∂Z from ∂L/∂(output) G."""
    if slug == "swiglu":
        a, gate, slope = saved
        return np.concatenate([G * gate, G * a * slope], axis=-1)
    return G * saved


def softmax(Z):
    """Softmax along the last axis, from scores shifted by their maximum. (The package's
    `activations.softmax` is exact to the last bit and handles infinite scores, but on
    arrays this small it costs a tenth of the whole training; this one is close enough.)"""
    with np.errstate(invalid="ignore"):  # the scores of a diverged run: nan, as they should
        E = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


def forward(slug, params, A, slopes=True):
    """Class probabilities, each layer's input, and each hidden layer's saved slopes."""
    inputs, saved = [], []
    for W, b in zip(params[0::2], params[1::2]):
        inputs.append(A)
        Z = A @ W + b
        if len(inputs) == len(params) // 2:
            return softmax(Z), inputs, saved
        A, s = nonlinearity(slug, Z, slopes)
        saved.append(s)


def gradients(slug, params, P, inputs, saved, targets, grads):
    """∂L/∂(every parameter), written into ``grads`` (arrays shaped like ``params``)."""
    D = (P - targets) / targets.shape[1]  # softmax + cross-entropy
    for i in range(len(inputs) - 1, -1, -1):
        np.matmul(inputs[i].transpose(0, 2, 1), D, out=grads[2 * i])
        D.sum(axis=1, keepdims=True, out=grads[2 * i + 1])
        if i > 0:
            D = back_through(slug, D @ params[2 * i].transpose(0, 2, 1), saved[i - 1])


def evaluate(slug, params, rows):
    """Accuracy and mean cross-entropy per seed on ``rows``."""
    P = forward(slug, params, np.broadcast_to(X[rows], (SEEDS, *X[rows].shape)), False)[0]
    correct = P.argmax(axis=-1) == labels[rows]
    with np.errstate(divide="ignore"):
        loss = -np.log(P[:, np.arange(len(rows)), labels[rows]]).mean(axis=1)
    return correct.mean(axis=1), loss


def train(slug, network):
    flat, params = init(slug, NETWORKS[network])
    g = np.zeros_like(flat)  # the gradient, and Adam's running means of it and of its square
    grads, m, v = views(g, [p.shape for p in params]), np.zeros_like(flat), np.zeros_like(flat)
    step, curve = 0, []
    for epoch in range(EPOCHS[network]):
        batches = np.stack([np.random.default_rng([seed, epoch, 1]).permutation(TRAIN)
                            for seed in range(SEEDS)])  # fmt: skip
        for start in range(0, len(TRAIN), BATCH):
            rows = batches[:, start : start + BATCH]
            P, inputs, saved = forward(slug, params, X[rows])
            gradients(slug, params, P, inputs, saved, T[rows], grads)
            step += 1
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            m_hat, v_hat = m / (1 - 0.9**step), v / (1 - 0.999**step)
            flat -= LEARNING_RATE * m_hat / (np.sqrt(v_hat) + 1e-8)  # in place: updates params
        curve.append(evaluate(slug, params, TEST))
    return params, np.array(curve)  # curve: epochs × (accuracy, loss) × seeds


with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is reported, not hidden
    runs = {(slug, net): train(slug, net) for net in NETWORKS for slug in SLUGS}

# %% [markdown]
# ## Test accuracy and loss
#
# For each activation and network, the mean over the five seeds with a 95% confidence
# interval (Student's $t$ with 4 degrees of freedom: mean $\pm\, 2.78\, s/\sqrt{5}$). The
# last column compares each activation with ReLU by a paired $t$-test on the five seeds'
# accuracies (paired, since seed $k$ has the same random draws and batch order for every
# activation), with Holm's correction for the eleven comparisons per network; "yes" means
# significant at the 5% level.


# %%
# Student's t distribution from scipy.special (stdtr, stdtrit), which the activations
# package imports anyway: scipy.stats would add a second of imports for two formulas.
def interval(values):
    """Mean and half-width of its 95% confidence interval."""
    mean = float(np.mean(values))
    half = float(special.stdtrit(len(values) - 1, 0.975) * np.std(values, ddof=1))
    return mean, half / float(np.sqrt(len(values)))


def paired_p(a, b):
    """Two-sided p-value of the paired t-test of a against b (as scipy.stats.ttest_rel)."""
    d = a - b
    if not d.any():  # identical accuracies: no evidence of a difference
        return 1.0
    t = d.mean() / np.sqrt(d.var(ddof=1) / len(d))
    return float(2 * special.stdtr(len(d) - 1, -abs(t)))


def holm(p_values):
    """Which of the hypotheses are rejected at the 5% level, by Holm's step-down rule."""
    keys = sorted(p_values, key=p_values.get)
    rejected = {}
    for rank, key in enumerate(keys):
        if p_values[key] > 0.05 / (len(keys) - rank):
            rejected.update({k: False for k in keys[rank:]})
            break
        rejected[key] = True
    return rejected


table = {}
for net in NETWORKS:
    final = {slug: runs[slug, net][1][-1] for slug in SLUGS}  # (accuracy, loss) × seeds
    p_values = {slug: paired_p(final[slug][0], final["relu"][0]) for slug in SLUGS[1:]}
    significant = holm(p_values)
    print(f"{net} network, after {EPOCHS[net]} epochs")
    print(
        f"{'':<13} {'test accuracy':>16} {'test loss':>15} {'vs ReLU: p':>11} {'significant':>12}"
    )
    for slug in SLUGS:
        diverged = int(np.sum(~np.isfinite(final[slug][1])))
        accuracy = interval(final[slug][0])
        loss = interval(final[slug][1]) if not diverged else (float("nan"), float("nan"))
        table[net, slug] = {
            "accuracy": accuracy,
            "loss": loss,
            "diverged": diverged,
            "p": p_values.get(slug),
            "significant": significant.get(slug),
        }
        row = table[net, slug]
        loss_text = f"{loss[0]:6.3f} ± {loss[1]:.3f}" if not diverged else f"{'diverged':>15}"
        verdict = "" if slug == "relu" else ("yes" if row["significant"] else "no")
        p_text = "" if slug == "relu" else f"{row['p']:.1e}"
        print(f"{NAMES[slug]:<13} {accuracy[0]:8.1%} ± {accuracy[1]:5.1%} {loss_text:>15}"
              f" {p_text:>11} {verdict:>12}")  # fmt: skip
    print()

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 4.6), sharey=True)
for ax, net in zip(axes, NETWORKS):
    for i, slug in enumerate(SLUGS):
        mean, half = table[net, slug]["accuracy"]
        colour = COLOURS[0] if slug == "relu" else (COLOURS[1] if table[net, slug]["significant"]
                                                    else GREY)  # fmt: skip
        ax.errorbar(100 * mean, i, xerr=100 * half, fmt="o", color=colour, capsize=3, ms=5)
        ax.plot(100 * runs[slug, net][1][-1][0], np.full(SEEDS, i), "|", color=colour, ms=8)
    ax.set_title(f"{net} network")
    ax.set_xlabel("test accuracy (%)")
    ax.grid(True, axis="x")
axes[0].set_yticks(range(len(SLUGS)), [NAMES[s] for s in SLUGS])
axes[0].invert_yaxis()
fig.suptitle("Mean and 95% interval over five seeds (ticks: each seed); orange: differs from ReLU")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Learning curves
#
# Test accuracy after each epoch; the line is the mean over the seeds, the band spans the
# lowest to the highest seed.

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 4.8), sharey=True)
styles = ["-", "--"]
for ax, net in zip(axes, NETWORKS):
    epochs = np.arange(1, EPOCHS[net] + 1)
    for i, slug in enumerate(SLUGS):
        accuracy = 100 * runs[slug, net][1][:, 0]  # epochs × seeds
        colour, style = COLOURS[i % len(COLOURS)], styles[i // len(COLOURS)]
        ax.plot(epochs, accuracy.mean(axis=1), style, color=colour, lw=1.6, label=NAMES[slug])
        ax.fill_between(epochs, accuracy.min(axis=1), accuracy.max(axis=1), color=colour,
                        alpha=0.12, lw=0)  # fmt: skip
    ax.set_title(f"{net} network")
    ax.set_xlabel("epoch")
    ax.set_xticks(epochs)
    ax.grid(True)
axes[0].set_ylabel("test accuracy (%)")
fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=6, fontsize=8)
fig.tight_layout(rect=(0, 0.1, 1, 1))
plt.show()

# %% [markdown]
# ## Epochs to a target, and dead units
#
# How many epochs each run needed to reach a test accuracy of 90% (shallow) or 70% (deep),
# as the median over the seeds that reached it; and the share of hidden units that are
# **dead** at the end, with $f'(z) = 0$ on every training image, so that they pass no
# gradient back (for SwiGLU, whose layers have no such unit, a unit counts as dead when
# both its halves pass nothing back).

# %%
TARGET = {"shallow": 0.9, "deep": 0.7}


def dead_share(slug, params):
    """Per seed: the share of hidden units with zero slope on every training image."""
    _, _, saved = forward(slug, params, np.broadcast_to(X[TRAIN], (SEEDS, *X[TRAIN].shape)))
    if slug == "swiglu":  # no gradient to a (gate 0) and none to b (a·SiLU'(b) = 0)
        saved = [(gate == 0) & (a * slope == 0) for a, gate, slope in saved]
    else:
        saved = [s == 0 for s in saved]
    dead = np.concatenate([np.all(s, axis=1) for s in saved], axis=-1)
    return dead.mean(axis=1)


print(f"{'':<13} {'epochs to 90% (shallow)':>24} {'to 70% (deep)':>14}"
      f" {'dead: shallow':>14} {'deep':>6}")  # fmt: skip
for slug in SLUGS:
    texts = []
    for net in NETWORKS:
        accuracy = runs[slug, net][1][:, 0]  # epochs × seeds
        reached = accuracy >= TARGET[net]
        first = [int(np.argmax(r)) + 1 for r in reached.T if r.any()]
        dead = dead_share(slug, runs[slug, net][0])
        table[net, slug].update(epochs_to_target=float(np.median(first)) if first else None,
                                reached=len(first), dead=float(dead.mean()))  # fmt: skip
        texts.append(f"{np.median(first):.0f} ({len(first)}/5 seeds)" if first else "never")
    print(f"{NAMES[slug]:<13} {texts[0]:>24} {texts[1]:>14} "
          f"{table['shallow', slug]['dead']:14.1%} {table['deep', slug]['dead']:6.1%}")  # fmt: skip

# %% [markdown]
# ## What is significant, and what is noise
#
# The verdicts of the paired tests, after Holm's correction:

# %%
verdicts = {}
for net in NETWORKS:
    relu_mean = table[net, "relu"]["accuracy"][0]
    groups = {"better": [], "worse": [], "not distinguishable": []}
    for slug in SLUGS[1:]:
        row = table[net, slug]
        side = "better" if row["accuracy"][0] > relu_mean else "worse"
        groups[side if row["significant"] else "not distinguishable"].append(slug)
    verdicts[net] = groups
    print(f"{net} network (ReLU: {relu_mean:.1%})")
    for verdict, slugs in groups.items():
        print(f"  {verdict + ' than ReLU' if verdict != 'not distinguishable' else verdict}: "
              f"{', '.join(NAMES[s] for s in slugs) or 'none'}")  # fmt: skip
relu2_point = activations.moment_fixed_point(ACTS["relu2"])
print(f"\nsquared ReLU: fixed point of the second moment at q = {relu2_point.input_variance:.3f}"
      f" (LeCun weights), slope of the map there {relu2_point.slope:.2f}")  # fmt: skip

# %% [markdown]
# **The shallow network** barely cares. Every activation but one ends within about two points of
# ReLU's accuracy, and none of those differences survives the correction for eleven
# comparisons: with five seeds they are noise. Some look promising (SELU and squared ReLU
# have the highest means and the lowest losses, with uncorrected $p$ near 0.01 to 0.02),
# but a difference this size would need more seeds to be told from luck. The one real
# difference is the sigmoid: lower accuracy, a test loss three times ReLU's, and no seed
# reaches 90% within the three epochs. Its slope is at most 0.25 and its outputs are all
# positive, and even one hidden layer feels both.
#
# **The deep network** separates them. Ten layers of ten units is a hard network to train
# without normalisation, and within four epochs:
#
# - ELU and SELU are significantly better than ReLU, by more than twenty points, and are
#   the only ones whose every seed (or all but one) reaches 70%. Both have a negative
#   side that keeps the mean of each layer near zero, and SELU's initialisation is the
#   one its constants were made for.
# - ReLU loses units: about 9% of its hidden units are dead at the end, with $f'(z) = 0$
#   on every training image. Leaky ReLU has none, as its slope is never zero, yet its
#   accuracy cannot be told from ReLU's here.
# - GELU, SiLU, Mish and tanh land between ReLU and ELU on average, with intervals too
#   wide to call any of them different from ReLU.
# - The sigmoid does not learn at all: its accuracy is chance, about 10%. Ten factors of
#   at most 0.25 in the backward pass leave the first layers no gradient (see
#   [vanishing gradients](vanishing-gradients.ipynb)). Softplus, whose mean output is
#   positive too, is significantly worse than ReLU.
# - Squared ReLU and SwiGLU end at chance in all five seeds: every SwiGLU run and four of
#   the five squared-ReLU runs diverged (their loss overflowed), the fifth is stuck at the
#   loss of a uniform guess. Their outputs grow like the square of their inputs, so the
#   signal's size is unstable from layer to layer. For squared
#   ReLU the package shows it: the second-moment map of
#   [SELU's self-normalisation](self-normalisation.ipynb) has a fixed point, but its slope
#   there is 2, so a layer that is a little too large makes the next one larger still.
#   Both train well in the shallow network; in the deep one they would need
#   normalisation layers, which is where they are used in practice (transformers), or a
#   smaller learning rate.
#
# ## How far this goes
#
# These are small networks trained for a few epochs, all with one learning rate that was
# tuned for none of them, on one small data set; the numbers say which activations are
# forgiving under those conditions, not which is best when each is tuned. Five seeds give
# the tests little power: a real difference of a point or two in the shallow network would
# go undetected. What they do show is that the choice matters little in a shallow network,
# a great deal in a deep one without normalisation, and that there the activation and its
# initialisation act together.
#
# Things to try: more epochs (`EPOCHS`), a learning rate per activation, a wider deep
# network, or more seeds to see whether SELU's lead in the shallow network is real.

# %% tags=["remove-input"]
RESULTS = {
    "table": {f"{net}/{slug}": row for (net, slug), row in table.items()},
    "curves": {f"{net}/{slug}": curve for (slug, net), (_, curve) in runs.items()},
    "init": {slug: [scheme(slug), 10 * init_variance(slug, 10, 10)] for slug in SLUGS},
    "verdicts": verdicts,
    "relu2_fixed_point": vars(relu2_point),
}
