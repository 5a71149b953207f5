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
#       A physics-informed fit of the equation u″ = g with a one-layer network, whose loss
#       contains the activation's second derivative: ReLU and leaky ReLU cannot fit it at
#       all (f″ = 0), ELU and squared ReLU only roughly, smooth activations to about 10⁻⁹.
#     tags:
#       - experiment
#       - numerics
#       - ReLU family
#       - smooth rectifier
# ---

# %% [markdown]
# # Where f″ matters: fitting an equation that involves u″
#
# Backpropagation needs only the activation's first derivative $f'$. Some methods need
# more: whenever a loss contains a second derivative of the network's output with respect
# to its *input*, the chain rule brings in $f''$. The best-known case is the
# **physics-informed** fit, where a network $u(x)$ is trained so that it satisfies a
# differential equation, and the equation is put into the loss. This notebook fits the
# simplest such equation with a one-layer network and compares activations. The second
# derivative $f''$ is taken from the `activations` package, like $f$.
#
# The problem: find $u$ on $[0, 1]$ with
#
# $$
# u''(x) = -4\pi^2 \sin(2\pi x), \qquad u(0) = 0, \quad u(1) = \tfrac12 ,
# $$
#
# whose solution is $u(x) = \sin(2\pi x) + x/2$. The fit is told the equation and the two
# boundary values, never the solution.

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
# ## The network and its second derivative
#
# The network has one hidden layer of $H = 40$ units and a linear output:
#
# $$
# u(x) = \sum_{k=1}^{H} v_k\, f(w_k x + b_k) + c ,
# \qquad
# u''(x) = \sum_{k=1}^{H} v_k\, w_k^2\, f''(w_k x + b_k) .
# $$
#
# Differentiating twice with respect to $x$ brings out $w_k^2$ and the activation's second
# derivative; the output bias $c$ drops out. The loss is the squared residual of the
# equation at 101 evenly spaced collocation points $x_i$, plus the two boundary
# conditions, weighted by $\beta = 10$:
#
# $$
# L = \sum_i \big(u''(x_i) - g(x_i)\big)^2 + \beta^2 \Big(u(0)^2 + \big(u(1) - \tfrac12\big)^2\Big),
# \qquad g(x) = -4\pi^2\sin(2\pi x).
# $$
#
# To keep the comparison about $f''$ and nothing else, the hidden layer is drawn at random
# and kept fixed (each unit's slope $w_k$ from $\mathcal{N}(0, 6^2)$, its bias placing its
# bend $-b_k/w_k$ uniformly in $[0, 1]$), and only the output weights $v_k$ and $c$ are
# fitted. $u''$ and $u$ are linear in them, so the best fit is one least-squares solve:
# no learning rate, no number of steps, no training noise. Every activation gets the same
# hidden layer, and the whole experiment is repeated for five random draws of it.

# %%
H, BETA, DRAWS = 40, 10.0, 5
x = np.linspace(0.0, 1.0, 101)  # collocation points
fine = np.linspace(0.0, 1.0, 1001)  # where the error is measured
ENDS = np.array([0.0, 1.0])


def solution(x):
    return np.sin(2 * np.pi * x) + x / 2


def g(x):
    return -4 * np.pi**2 * np.sin(2 * np.pi * x)


def hidden_layer(seed):
    """Slopes w and biases b of the fixed hidden layer: bends spread over [0, 1]."""
    rng = np.random.default_rng(seed)
    w = 6.0 * rng.standard_normal(H)
    return w, -w * rng.uniform(0.0, 1.0, H)


def features(act, w, b, points, order=0):
    """Columns f(w x + b) (order 0) or w² f″(w x + b) (order 2), and one for the bias c."""
    z = np.outer(points, w) + b
    if order == 0:
        return np.hstack([act.f(z), np.ones((len(points), 1))])
    return np.hstack([w**2 * act.d2f(z), np.zeros((len(points), 1))])


def solve(rows, targets):
    """Least squares; singular values below 1e-10 of the largest are dropped."""
    return np.linalg.lstsq(rows, targets, rcond=1e-10)[0]


def physics_fit(act, w, b):
    """Output weights from the equation and the boundary values alone."""
    rows = np.vstack([features(act, w, b, x, order=2), BETA * features(act, w, b, ENDS)])
    return solve(rows, np.concatenate([g(x), BETA * solution(ENDS)]))


def data_fit(act, w, b):
    """Output weights from the values of the solution at the same points: ordinary regression."""
    return solve(features(act, w, b, x), solution(x))


def largest_error(act, w, b, weights):
    return float(np.abs(features(act, w, b, fine) @ weights - solution(fine)).max())


# %% [markdown]
# ## What the activations' f″ looks like
#
# Before fitting anything, look at the columns of the residual: how many of the values
# $f''(w_k x_i + b_k)$ are not zero, over all units and collocation points.

# %%
SLUGS = ["relu", "leaky_relu", "elu", "relu2", "softplus", "tanh", "sigmoid", "gelu", "silu"]
ACTS = {slug: activations.get(slug) for slug in SLUGS}
w0, b0 = hidden_layer(0)
nonzero = {}
for slug, act in ACTS.items():
    curvature = act.d2f(np.outer(x, w0) + b0)
    nonzero[slug] = float(np.mean(curvature != 0))
    print(f"{act.name:<13} f″ ≠ 0 on {nonzero[slug]:6.1%} of the unit-point pairs")

# %% [markdown]
# ReLU and leaky ReLU are straight lines on either side of their kink, so their $f''$ is
# zero everywhere except at the kink itself (where it is not defined, and the package
# returns 0). Their network's $u''$ is therefore identically zero,
# whatever the weights: the residual term of the loss is the same number for every choice
# of $v$, and its gradient is zero. [ELU](../functions/elu.md) and
# [squared ReLU](../functions/relu2.md) are curved on one side of their bend only, about
# half the pairs. The smooth activations are curved everywhere.
#
# ## The fits

# %%
errors = {slug: {"physics": [], "data": []} for slug in SLUGS}
curves = {}
for seed in range(DRAWS):
    w, b = hidden_layer(seed)
    for slug, act in ACTS.items():
        weights = physics_fit(act, w, b)
        errors[slug]["physics"].append(largest_error(act, w, b, weights))
        errors[slug]["data"].append(largest_error(act, w, b, data_fit(act, w, b)))
        if seed == 0:
            curves[slug] = features(act, w, b, fine) @ weights

relu_u2 = features(ACTS["relu"], w0, b0, x, order=2) @ physics_fit(ACTS["relu"], w0, b0)
print(f"ReLU network's u″ at the collocation points: largest |u″| = {np.abs(relu_u2).max()}")

# %%
fig, ax = plt.subplots(figsize=(7.5, 4.2))
ax.plot(fine, solution(fine), color=GREY, lw=5, alpha=0.4, label="the solution")
shown = [("relu", "-"), ("elu", "--"), ("relu2", "-."), ("tanh", ":")]
for (slug, style), colour in zip(shown, COLOURS):
    ax.plot(fine, curves[slug], style, color=colour, lw=1.8, label=ACTS[slug].name)
ax.set_xlabel("x")
ax.set_ylabel("u(x)")
ax.set_title("Physics-informed fits of u″ = −4π² sin(2πx), u(0) = 0, u(1) = ½")
ax.grid(True)
ax.legend(fontsize=9, ncol=2)
plt.show()

# %% [markdown]
# The ReLU fit is the straight line through the two boundary values: the only thing the
# loss could tell it. Tanh's fit lies on the solution. ELU and squared ReLU are close but
# visibly off: their networks can bend $u$ only through the units whose curved side
# covers a point, with a curvature that jumps where a unit crosses its bend.
#
# The largest error over $[0, 1]$, for each activation and each of the five hidden layers,
# and the same network fitted the ordinary way, to the values of the solution:

# %%
print(f"{'activation':<13} {'physics-informed fit':>22} {'fit to the values':>19}")
summary = {}
for slug, errs in errors.items():
    physics, data = np.array(errs["physics"]), np.array(errs["data"])
    summary[slug] = {"physics": [physics.min(), physics.max()], "data": [data.min(), data.max()]}
    print(f"{ACTS[slug].name:<13} {physics.min():9.1e} – {physics.max():8.1e}"
          f" {data.min():9.1e} – {data.max():7.1e}")  # fmt: skip

fig, ax = plt.subplots(figsize=(7.5, 3.8))
for i, slug in enumerate(SLUGS):
    for kind, marker, colour in (("physics", "o", COLOURS[0]), ("data", "s", COLOURS[1])):
        label = {"physics": "physics-informed", "data": "fit to the values"}[kind]
        ax.semilogy(np.full(DRAWS, i), errors[slug][kind], marker, color=colour, ms=5,
                    alpha=0.7, label=label if i == 0 else None)  # fmt: skip
ax.set_xticks(range(len(SLUGS)), [ACTS[s].name for s in SLUGS], rotation=30, ha="right")
ax.set_ylabel("largest error on [0, 1]")
ax.set_title("Five random hidden layers per activation")
ax.grid(True, axis="y")
ax.legend(fontsize=9)
fig.tight_layout()
plt.show()

# %% [markdown]
# Three groups, with no overlap between them in any of the five draws:
#
# - **ReLU and leaky ReLU fail completely.** Their error is about 1.1, the size of the
#   solution itself, in every draw. Yet fitted to the solution's *values*, the very same
#   networks come within 0.01 to 0.14 of it: a ReLU network can represent this function; it
#   just cannot be told about it through $u''$.
# - **ELU and squared ReLU fit roughly**, with errors from about 0.02 to 0.4 depending on
#   the draw: enough to see the shape, and in every draw at least five times worse than
#   the same network fitted to the values.
# - **The smooth activations** (softplus, tanh, the sigmoid, GELU and SiLU) solve the
#   equation to within a few times $10^{-9}$ in every draw, more accurately than they fit the
#   values.
#
# ## What to take away
#
# A method that differentiates the network twice with respect to its input sees the
# activation only through $f''$. Physics-informed networks for equations with second
# derivatives (heat, wave, Poisson, beam and Schrödinger equations), and any loss that
# contains the curvature of the network's output, need an activation whose $f''$ is
# nonzero and continuous, such as tanh, softplus or SiLU.
# ReLU's $f''$ is zero almost everywhere, which is harmless for ordinary training, which
# uses only $f'$, and fatal here. The [smoothness](../summary.md#columns) column of the
# summary table tells which activations qualify: C¹ ones such as ELU and squared ReLU
# have an $f''$ that jumps, C∞ ones a smooth one. Each function's page shows its $f''$ curve.
#
# Things to try: another right-hand side `g` (keep `solution` in step with it); change `H`
# or the spread of the slopes; or let [Mish](../functions/mish.md) or
# [ELU](../functions/elu.md) with another $\alpha$ compete.

# %% tags=["remove-input"]
RESULTS = {
    "nonzero_d2f": nonzero,
    "errors": errors,
    "summary": summary,
    "relu_u2_max": float(np.abs(relu_u2).max()),
}
