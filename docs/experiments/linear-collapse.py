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
#       A deep network with the linear (identity) activation computes exactly one matrix and
#       one bias, shown numerically, and it cannot learn two concentric rings, which a
#       single tanh hidden layer separates perfectly.
#     tags:
#       - experiment
#       - deep learning
#       - hidden layer
#       - output layer
# ---

# %% [markdown]
# # Linear collapse: depth without non-linearity buys nothing
#
# Stack as many layers as you like: if the activation between them is the
# [linear function](../functions/linear.md) $f(z) = z$, the whole network computes one
# matrix product and one bias, exactly what a single layer computes. This notebook checks
# that claim with numbers, then trains such a deep linear network on data that needs a
# curved boundary, next to a network with just one non-linear hidden layer.
#
# The algebra fits in a line. Two layers give
#
# $$
# (x W_1 + b_1)\, W_2 + b_2 = x\,(W_1 W_2) + (b_1 W_2 + b_2),
# $$
#
# again a layer, with weights $W_1 W_2$ and bias $b_1 W_2 + b_2$; repeat the argument
# for every further layer (the glossary calls this
# [linear collapse](../glossary.md#linear-collapse)). Rows are examples here, so a layer
# computes $x W + b$.

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
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
linear = activations.get("linear")
z = np.linspace(-3, 3, 7)
print("f(z)  =", linear.f(z))
print("f'(z) =", linear.df(z))

# %% [markdown]
# ## One matrix, however deep
#
# Build a network with six layers, $2 \to 16 \to 16 \to 16 \to 16 \to 16 \to 1$, random
# weights *and* random biases, and the linear activation after every hidden layer. Then
# multiply its weight matrices together, and push the biases through the same way, to get
# one $2 \times 1$ matrix and one bias.

# %%
rng = np.random.default_rng(0)
WIDTHS = [2, 16, 16, 16, 16, 16, 1]


def random_layers(widths, rng):
    return [(rng.standard_normal((m, n)) / np.sqrt(m), rng.standard_normal(n))
            for m, n in zip(widths[:-1], widths[1:])]  # fmt: skip


def network(layers, act, x):
    """Hidden layers use `act`; the last layer's output is returned as it is."""
    for W, b in layers[:-1]:
        x = act.f(x @ W + b)
    W, b = layers[-1]
    return x @ W + b


def collapse(layers):
    """The single (matrix, bias) that a network of linear layers is equal to."""
    M, c = np.eye(layers[0][0].shape[0]), np.zeros(layers[0][0].shape[0])
    for W, b in layers:
        M, c = M @ W, c @ W + b
    return M, c


layers = random_layers(WIDTHS, rng)
M, c = collapse(layers)
x = rng.uniform(-3, 3, size=(1000, 2))
deep = network(layers, linear, x)
single = x @ M + c
gap = np.max(np.abs(deep - single))
print(f"weights: {sum(W.size + b.size for W, b in layers)} parameters in {len(layers)} layers")
print(f"the same map: M = {M.ravel().round(4)}, c = {c.round(4)}")
print(f"largest difference over 1000 inputs: {gap:.1e} (outputs up to {np.abs(deep).max():.1f})")

# %% [markdown]
# The six-layer network and the single matrix agree to within a few units in the last
# decimal place of double precision, about $10^{-15}$: the only difference is rounding,
# because the additions happen in a different order. All 1,153 parameters of the deep
# network describe just three numbers, the two entries of $M$ and the bias $c$. Training
# cannot change this: whatever the weights become, the same product exists.
#
# The backward pass says the same thing from the other side. The derivative of the
# linear activation is 1 everywhere, so backpropagation multiplies the error by the
# weights only, and the gradient of the output with respect to the input is the same
# vector $M$ at every input.


# %%
def input_gradient(layers, act, x):
    """∂(output)/∂x at one input x, by backpropagation through the layers."""
    zs, a = [], x
    for W, b in layers[:-1]:
        zs.append(a @ W + b)
        a = act.f(zs[-1])
    delta = layers[-1][0][:, 0]  # ∂ output / ∂ (last hidden layer's output)
    for (W, _), z in zip(reversed(layers[:-1]), reversed(zs)):
        delta = W @ (delta * act.df(z))  # back through the activation, then the weights
    return delta


points = rng.uniform(-3, 3, size=(5, 2))
gradients = np.array([input_gradient(layers, linear, p) for p in points])
print("∂output/∂x at five random inputs:")
print(gradients.round(6))
print("M:", M.ravel().round(6))
gradient_gap = np.max(np.abs(gradients - M.ravel()))

# %% [markdown]
# ## Where a straight line is not enough
#
# Now a task that needs a curved boundary: points on two concentric rings, the inner ring
# one class and the outer ring the other. Any single layer draws a straight line through
# the plane (its output is a fixed linear function of the input, squashed by the output
# sigmoid), and no straight line separates a ring from the ring around it.
#
# Three networks, all ending in one sigmoid unit for the probability of "inner ring" and
# trained with the cross-entropy loss and plain gradient descent:
#
# - **deep linear**: the six-layer network from above, linear activation in the hidden layers;
# - **one tanh layer**: a single hidden layer of 16 [tanh](../functions/tanh.md) units;
# - **deep ReLU**: the same six layers as the deep linear one, with [ReLU](../functions/relu.md).


# %%
def rings(n, noise=0.08, seed=1):
    """Two concentric rings of radius 0.5 (label 1) and 1.0 (label 0)."""
    rng = np.random.default_rng(seed)
    inner = rng.random(n) < 0.5
    radius = np.where(inner, 0.5, 1.0) + noise * rng.standard_normal(n)
    angle = rng.uniform(0, 2 * np.pi, n)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), inner * 1.0


X, y = rings(400)
sigmoid = activations.get("sigmoid")


def init(widths, gain, seed=2):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal((m, n)) * np.sqrt(gain / m), np.zeros(n))
            for m, n in zip(widths[:-1], widths[1:])]  # fmt: skip


def train(widths, act, gain, lr, steps=2000):
    """Full-batch gradient descent on the cross-entropy; backprop uses act.df."""
    layers = init(widths, gain)
    for _ in range(steps):
        zs, outputs = [], [X]  # forward, keeping what the backward pass needs
        for W, b in layers[:-1]:
            zs.append(outputs[-1] @ W + b)
            outputs.append(act.f(zs[-1]))
        p = sigmoid.f(outputs[-1] @ layers[-1][0] + layers[-1][1])[:, 0]
        delta = ((p - y) / len(y))[:, None]  # ∂L/∂(output logit): sigmoid + cross-entropy
        grads = []
        for index in range(len(layers) - 1, -1, -1):
            W, _ = layers[index]
            grads.append((outputs[index].T @ delta, delta.sum(axis=0)))
            if index:
                delta = (delta @ W.T) * act.df(zs[index - 1])
        layers = [(W - lr * gW, b - lr * gb) for (W, b), (gW, gb) in zip(layers, grads[::-1])]
    return layers


def probability(layers, act, x):
    return sigmoid.f(network(layers, act, x))[:, 0]


tanh, relu = activations.get("tanh"), activations.get("relu")
models = {
    "deep linear": (train(WIDTHS, linear, 1.0, lr=0.5), linear),
    "one tanh layer": (train([2, 16, 1], tanh, 1.0, lr=2.0), tanh),
    "deep ReLU": (train(WIDTHS, relu, 2.0, lr=0.5), relu),
}
accuracy = {}
for name, (trained, act) in models.items():
    accuracy[name] = float(np.mean((probability(trained, act, X) > 0.5) == (y == 1)))
    n_params = sum(W.size + b.size for W, b in trained)
    print(f"{name:<15} {n_params:5d} parameters   training accuracy {accuracy[name]:.1%}")

trained_linear = models["deep linear"][0]
M_trained, c_trained = collapse(trained_linear)
trained_gap = np.max(np.abs(network(trained_linear, linear, X) - (X @ M_trained + c_trained)))
print()
print(f"the trained deep linear network is still one matrix: difference {trained_gap:.1e}")

# %%
grid = np.linspace(-1.5, 1.5, 241)
GX, GY = np.meshgrid(grid, grid)
plane = np.column_stack([GX.ravel(), GY.ravel()])
regions = ListedColormap([COLOURS[1], COLOURS[0]])

fig, axes = plt.subplots(1, 3, figsize=(9.5, 3.5), sharey=True)
for ax, (name, (trained, act)) in zip(axes, models.items()):
    inner = (probability(trained, act, plane) > 0.5).reshape(GX.shape)
    ax.imshow(inner, extent=(-1.5, 1.5, -1.5, 1.5), origin="lower", cmap=regions,
              vmin=0, vmax=1, alpha=0.22, interpolation="nearest")  # fmt: skip
    ax.scatter(
        *X[y == 1].T, s=5, color=COLOURS[0], edgecolors=GREY, linewidths=0.3, rasterized=True
    )
    ax.scatter(
        *X[y == 0].T, s=5, color=COLOURS[1], edgecolors=GREY, linewidths=0.3, rasterized=True
    )
    ax.set_title(f"{name}: {accuracy[name]:.0%}")
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
fig.tight_layout()
plt.show()

# %% [markdown]
# The deep linear network's boundary is a straight line, as the collapse says it must be.
# The best a line can do here is to slice a cap off the outer ring, call the cap "outer"
# and everything else "inner", which gets the whole inner ring and the cap right and the
# rest of the outer ring wrong; more training does not help, because no line does better.
# A single hidden layer of tanh units, with 65 parameters against the deep network's
# 1,153, bends its boundary into a closed curve around the inner ring. Put ReLU between the
# very same six layers that failed and they succeed too; the ReLU boundary is a polygon,
# because a ReLU network is piecewise linear.
#
# So the depth of a network is worth something only through the non-linear functions
# between its layers. That is why the [linear](../functions/linear.md) activation belongs
# in the **output layer**, where it does the right thing for regression: the last layer
# should produce an unbounded real number, and the hidden layers in front of it do the
# non-linear work. Or, as a slogan: use ReLU to think, use linear to speak.
# [Choosing an activation](../choosing.md#output-layers-match-the-task) goes through the
# output layer for each kind of task.

# %% tags=["remove-input"]
RESULTS = {
    "collapse_gap": gap,
    "collapse_scale": float(np.abs(deep).max()),
    "input_gradient_gap": gradient_gap,
    "trained_collapse_gap": trained_gap,
    "accuracy": accuracy,
}
