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
#       The gradient norm at every layer of a 30-layer network at initialisation, for
#       sigmoid, tanh, ReLU, leaky ReLU, GELU and SELU with their usual initialisations:
#       the sigmoid's gradient vanishes by many orders of magnitude, the others' do not.
#     tags:
#       - experiment
#       - backpropagation
#       - deep learning
#       - ReLU family
# ---

# %% [markdown]
# # Vanishing gradients in a 30-layer network
#
# Backpropagation multiplies the error signal by the activation's derivative once per
# layer on its way from the output back to the input. If those factors are mostly below 1,
# the signal shrinks geometrically, and the first layers of a deep network barely learn:
# the [vanishing gradient problem](../glossary.md#vanishing-gradients). This notebook
# measures it. It builds a deep, wide network, runs one forward and one backward pass at
# initialisation, and records the size of the gradient at every layer, for six
# activations, each with the weight initialisation it is normally paired with.
#
# [Why derivatives matter](../derivatives.md#vanishing-gradients) derives the product of
# derivatives that is at work here; this is the same product, measured.

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
# ## The set-up
#
# A network of 30 layers, each with 128 units, all weight matrices square, biases zero. A
# batch of 256 random inputs goes forward; then, instead of a real loss, a fixed random
# error signal $G$ is injected at the output and sent backwards. Starting from
# $\Delta_{30} = G \odot f'(Z_{30})$, each layer $l$ computes the gradient of its weights
# and passes the signal down:
#
# $$
# \frac{\partial L}{\partial W_l} = \tfrac{1}{n} A_{l-1}^\top \Delta_l, \qquad
# \Delta_{l-1} = \left(\Delta_l W_l^\top\right) \odot f'(Z_{l-1}),
# $$
#
# with $Z_l = A_{l-1} W_l$ the layer's input to the activation, $A_l = f(Z_l)$ its output,
# and $n$ the batch size. The number we record is the size of each layer's weight gradient,
# the Frobenius norm $\lVert \partial L / \partial W_l \rVert$: it sets how far gradient
# descent would move that layer.
#
# Each activation gets the initialisation designed for it (see
# [weight initialisation](../glossary.md#weight-initialisation)): weights drawn from a
# normal distribution with standard deviation
#
# - $\sqrt{2/(n_\text{in} + n_\text{out})}$, Glorot (Xavier), for the sigmoid and tanh;
# - $\sqrt{2/n_\text{in}}$, He, for ReLU and GELU, and $\sqrt{2/((1+\alpha^2)\,n_\text{in})}$
#   for leaky ReLU with slope $\alpha$;
# - $\sqrt{1/n_\text{in}}$, LeCun-normal, for SELU.
#
# The same random draw is used for every activation, only rescaled, so the differences
# below come from the activations and their initialisations alone.

# %%
DEPTH, WIDTH, BATCH = 30, 128, 256
INIT = {"sigmoid": "Glorot", "tanh": "Glorot", "relu": "He", "leaky_relu": "He",
        "gelu": "He", "selu": "LeCun"}  # fmt: skip


def init_std(act, scheme, fan_in, fan_out):
    if scheme == "Glorot":
        return np.sqrt(2 / (fan_in + fan_out))
    if scheme == "He":
        alpha = act.params.get("alpha", 0.0) if act.slug == "leaky_relu" else 0.0
        return np.sqrt(2 / ((1 + alpha**2) * fan_in))
    return np.sqrt(1 / fan_in)  # LeCun


rng = np.random.default_rng(0)
X = rng.standard_normal((BATCH, WIDTH))
G = rng.standard_normal((BATCH, WIDTH))  # the error signal injected at the output
DRAW = rng.standard_normal((DEPTH, WIDTH, WIDTH))  # shared by every activation


def gradient_norms(act, scheme):
    """‖∂L/∂W_l‖ for l = 1 … DEPTH, and the mean |f'(Z_l)| at each layer."""
    weights = DRAW * init_std(act, scheme, WIDTH, WIDTH)
    A, Z = [X], []
    for W in weights:  # forward: keep every layer's input and pre-activation
        Z.append(A[-1] @ W)
        A.append(act.f(Z[-1]))
    slopes = [np.mean(np.abs(act.df(z))) for z in Z]
    norms = np.zeros(DEPTH)
    delta = G * act.df(Z[-1])
    for i in range(DEPTH - 1, -1, -1):  # backward, written out
        norms[i] = np.linalg.norm(A[i].T @ delta / BATCH)
        if i > 0:
            delta = (delta @ weights[i].T) * act.df(Z[i - 1])
    return norms, np.array(slopes)


results = {slug: gradient_norms(activations.get(slug), scheme) for slug, scheme in INIT.items()}

# %%
fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.5, 8), sharex=True)
styles = ["-", "--", "-", "-.", ":", "-"]
markers = ["o", "s", "^", "v", "D", "x"]
layer = np.arange(1, DEPTH + 1)
for (slug, (norms, _)), style, marker, colour in zip(results.items(), styles, markers, COLOURS):
    label = f"{activations.get(slug).name} ({INIT[slug]})"
    for ax in (top, bottom) if slug != "sigmoid" else (top,):
        ax.semilogy(layer, norms, style, marker=marker, ms=4, lw=1.8, color=colour, label=label)
top.set_title("Gradient size per layer at initialisation")
bottom.set_title("The same, without the sigmoid: a closer look")
bottom.set_xlabel("layer (1 = next to the input, 30 = next to the output)")
for ax in (top, bottom):
    ax.set_ylabel("gradient norm ‖∂L/∂W‖")
    ax.grid(True, which="major")
top.legend(fontsize=9, ncol=2)
fig.tight_layout()
plt.show()

# %% [markdown]
# Read the plots from right to left, the way the error travels. Every curve starts at layer
# 30 with a gradient of ordinary size. The sigmoid's then falls in a straight line on the
# logarithmic scale, that is, by the same factor at every layer, and by the first layer it
# has shrunk by many orders of magnitude: those layers would not learn at all. The other
# five stay within a narrow band from the last layer to the first; the lower plot zooms in
# on them, and none of them changes by as much as a factor of ten.
#
# The table puts numbers on it: the ratio of the first layer's gradient to the last
# layer's, the average factor by which the gradient changes per layer (the 29th root of
# that ratio), and the average slope $\lvert f'(z) \rvert$ of the activation over all units
# of all layers.

# %%
print(f"{'activation':<11} {'init':<7} {'first / last':>13} {'per layer':>10} {'mean |f′|':>10}")
summary = {}
for slug, (norms, slopes) in results.items():
    ratio = norms[0] / norms[-1]
    per_layer = ratio ** (1 / (DEPTH - 1))
    summary[slug] = {"first_over_last": ratio, "per_layer": per_layer,
                     "spread": norms.max() / norms.min(), "mean_slope": slopes.mean()}  # fmt: skip
    print(f"{activations.get(slug).name:<11} {INIT[slug]:<7} {ratio:13.2e} {per_layer:10.3f}"
          f" {slopes.mean():10.3f}")  # fmt: skip
print()
print(f"the sigmoid's largest slope: {activations.get('sigmoid').properties.max_slope:g}")

# %% [markdown]
# ## What changes with depth
#
# The gradient at layer $l$ has been through $30 - l$ layers of the backward pass, so the
# curves above are also a picture of depth: each step to the left puts one more layer
# between the output and the layer measured. For the sigmoid, each extra layer multiplies
# the gradient by roughly the per-layer factor in the table, a little under the sigmoid's
# [largest slope](../functions/sigmoid.md) of one quarter. That factor is the derivative
# $\sigma'(z)$, at most $0.25$ and a little less for the inputs this network produces
# (the table's mean slope), times whatever the weights contribute, which Glorot
# initialisation keeps close to 1. Ten layers cost about six orders of magnitude
# ($0.24^{10} \approx 6 \times 10^{-7}$), thirty about eighteen. No learning rate can make
# up for that: one large enough for the first layers would be wildly too large for the last.
#
# The others avoid the collapse for different reasons:
#
# - **[Tanh](../functions/tanh.md)** has slope 1 at the origin, and with Glorot
#   initialisation its inputs stay small enough to remain near that slope: the table's
#   mean slope is close to 1. Its slope falls off quickly away from 0, so this relies on
#   the initialisation keeping the inputs small.
# - **[ReLU](../functions/relu.md)** and **[leaky ReLU](../functions/leaky_relu.md)** have
#   slope exactly 1 on the active side. About half the units are inactive for a given
#   input, which halves the signal's energy; He initialisation's factor 2 gives it back,
#   so the product neither shrinks nor grows on average. What is left is random
#   fluctuation from layer to layer, which grows slowly with depth.
# - **[GELU](../functions/gelu.md)** behaves like a smoothed ReLU and is served well by
#   He initialisation too; its curve drifts a little, because its slope is not exactly 0
#   or 1.
# - **[SELU](../functions/selu.md)** with LeCun-normal initialisation is built to keep the
#   mean and variance of every layer's outputs fixed (it is
#   [self-normalising](../glossary.md#self-normalising)), and its gradients stay in range
#   as a consequence.
#
# None of this says the five survivors train equally well, only that at the start their
# gradients reach the first layer. Depth still has its price for them: the layer-to-layer
# fluctuations grow with it, and the balance holds only for the right initialisation.
# Normalisation layers and residual connections, which add a shortcut around each layer's
# product, are what make networks of a hundred layers and more trainable.
#
# Things to try: change `DEPTH`; give the sigmoid He initialisation, or ReLU Glorot's;
# swap in another activation from `activations.names()` with the initialisation you
# think fits it.

# %% tags=["remove-input"]
RESULTS = {
    "norms": {slug: norms for slug, (norms, _) in results.items()},
    "summary": summary,
}
