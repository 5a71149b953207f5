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
#       A small neural network trained on spiral data with backpropagation written out in
#       numpy, its backward pass using each activation's derivative; loss curves and
#       decision boundaries for sigmoid, tanh, ReLU, leaky ReLU and ELU.
#     tags:
#       - experiment
#       - backpropagation
#       - hidden layer
# ---

# %% [markdown]
# # Backpropagation by hand: a small network on spirals
#
# This notebook trains a small neural network without any deep-learning framework: the
# forward pass, the loss, and every line of the backward pass are written out in numpy.
# The only thing taken from the `activations` package is the activation function $f$ and
# its derivative $f'$, so you can swap one activation for another and watch what changes.
#
# The task is the classic "three spirals": points in the plane, in three interleaved arms,
# and the network has to tell which arm a point belongs to. No straight line separates
# them, so the network needs its hidden layers, and those need a non-linear activation.
# [Why derivatives matter](../derivatives.md#backpropagation-through-a-layer) explains where
# $f'$ enters backpropagation; here you see it at work.

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

# %% [markdown]
# ## The data
#
# Each arm is a spiral: its radius grows from the centre outwards while its angle turns
# through about 315°, and the three arms start 120° apart. A little noise on the angle
# blurs the arms so that the task is not entirely clean. Classes are numbered 0, 1 and 2.


# %%
def spirals(per_class, classes=3, noise=0.2, seed=0):
    """Points on `classes` interleaved spiral arms, and the arm each belongs to."""
    rng = np.random.default_rng(seed)
    points, labels = [], []
    for k in range(classes):
        radius = np.linspace(0.1, 1.0, per_class)
        start = 2 * np.pi * k / classes
        angle = np.linspace(start, start + 1.75 * np.pi, per_class)
        angle += noise * rng.standard_normal(per_class)
        points.append(np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]))
        labels.append(np.full(per_class, k))
    return np.concatenate(points), np.concatenate(labels)


X, y = spirals(100)
CLASSES = 3
T = np.eye(CLASSES)[y]  # one-hot targets: row i has a 1 in column y[i]
print(f"{len(X)} points, {CLASSES} classes, inputs in [{X.min():.2f}, {X.max():.2f}]")

fig, ax = plt.subplots(figsize=(4.2, 4.2))
for k in range(CLASSES):
    ax.scatter(*X[y == k].T, s=12, color=COLOURS[k], label=f"class {k}")
ax.set_aspect("equal")
ax.legend(loc="upper right", fontsize=9)
ax.set_title("Three spirals")
plt.show()

# %% [markdown]
# ## The network and its two passes
#
# The network has two hidden layers of 32 units and an output layer with one unit per
# class. Rows of a matrix are examples, so a layer computes $Z = A W + b$ for a whole
# batch at once (the transpose of the column-vector form $z = Wx + b$ used on the other
# pages). With $n$ examples, one-hot targets $T$ and the activation $f$ applied entry by
# entry, the forward pass is
#
# $$
# Z_1 = X W_1 + b_1,\quad A_1 = f(Z_1),\quad Z_2 = A_1 W_2 + b_2,\quad A_2 = f(Z_2),\quad
# Z_3 = A_2 W_3 + b_3,
# $$
#
# followed by a [softmax](../vector.md) that turns the output scores $Z_3$ into class
# probabilities $P$, and the cross-entropy loss
# $L = -\frac{1}{n}\sum_i \log P_{i,\,y_i}$.
#
# The backward pass runs the chain rule from the loss back to the first layer. Softmax and
# cross-entropy together have an unusually simple derivative, $\partial L/\partial Z_3 = (P - T)/n$.
# From there, each layer repeats the same three steps:
#
# $$
# \frac{\partial L}{\partial W_l} = A_{l-1}^\top \Delta_l,\qquad
# \frac{\partial L}{\partial b_l} = \textstyle\sum_i (\Delta_l)_{i,:},\qquad
# \Delta_{l-1} = \left(\Delta_l W_l^\top\right) \odot f'(Z_{l-1}),
# $$
#
# where $\Delta_l = \partial L/\partial Z_l$ and $\odot$ multiplies entry by entry. The last
# factor is the activation's derivative, `act.df` below, evaluated at the inputs $Z$ the
# forward pass stored. It is the only place where the choice of activation enters the
# backward pass.

# %%
HIDDEN = 32


def init(act, seed=1):
    """Weights for 2 → 32 → 32 → 3, scaled for the activation (see below); zero biases."""
    rng = np.random.default_rng(seed)
    gain = 1.0 if act.slug in ("sigmoid", "tanh") else 2.0  # Glorot-like or He
    sizes = [2, HIDDEN, HIDDEN, CLASSES]
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        scale = np.sqrt(gain / fan_in) if fan_out != CLASSES else np.sqrt(1 / fan_in)
        params += [rng.standard_normal((fan_in, fan_out)) * scale, np.zeros(fan_out)]
    return params


def forward(params, act, X):
    """Class probabilities, and what the backward pass needs: each layer's input and Z."""
    W1, b1, W2, b2, W3, b3 = params
    Z1 = X @ W1 + b1
    A1 = act.f(Z1)
    Z2 = A1 @ W2 + b2
    A2 = act.f(Z2)
    Z3 = A2 @ W3 + b3
    P = activations.softmax(Z3, axis=1)
    return P, (X, Z1, A1, Z2, A2)


def loss(P, y):
    return -np.mean(np.log(P[np.arange(len(y)), y]))


def backward(params, act, P, cache, T):
    """Gradients of the loss with respect to every parameter, by the chain rule."""
    W1, b1, W2, b2, W3, b3 = params
    X, Z1, A1, Z2, A2 = cache
    D3 = (P - T) / len(T)  # ∂L/∂Z3: softmax + cross-entropy
    dW3, db3 = A2.T @ D3, D3.sum(axis=0)
    D2 = (D3 @ W3.T) * act.df(Z2)  # back through W3, then through f
    dW2, db2 = A1.T @ D2, D2.sum(axis=0)
    D1 = (D2 @ W2.T) * act.df(Z1)
    dW1, db1 = X.T @ D1, D1.sum(axis=0)
    return [dW1, db1, dW2, db2, dW3, db3]


# %% [markdown]
# The initial weights are random, with a spread that depends on the activation: about
# $\sqrt{1/n_\text{in}}$ for the sigmoid and tanh and $\sqrt{2/n_\text{in}}$ (He
# initialisation) for the ReLU family and ELU, where the factor 2 makes up for the half of
# the inputs that the negative side flattens. The glossary entry on
# [weight initialisation](../glossary.md#weight-initialisation) has the details.
#
# ## Checking the gradients
#
# A hand-written backward pass is easy to get subtly wrong: a missing transpose or a
# forgotten factor still produces numbers, and training may even make some progress. The
# standard check compares each gradient with a finite difference, nudging one parameter by
# $\pm h$ and measuring how the loss changes:
#
# $$
# \frac{\partial L}{\partial \theta} \approx \frac{L(\theta + h) - L(\theta - h)}{2h}.
# $$
#
# The check below does this for every bias and for 40 randomly chosen entries of each
# weight matrix, on a fifth of the data, and sums up the disagreement between the two
# gradients as one relative difference per activation.

# %%
ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "elu"]


def gradient_check(act, n=60, h=1e-5, per_array=40, seed=2):
    """Relative difference between backprop's gradient and central finite differences.

    Every bias and `per_array` random entries of each weight matrix are checked, on `n`
    of the points; the result is |numeric − backprop| / (|numeric| + |backprop|) over all
    checked entries together.
    """
    rng = np.random.default_rng(seed)
    params = init(act)
    Xs, ys, Ts = X[:: len(X) // n], y[:: len(X) // n], T[:: len(X) // n]
    P, cache = forward(params, act, Xs)
    grads = backward(params, act, P, cache, Ts)
    numeric, exact = [], []
    for param, grad in zip(params, grads):
        entries = list(np.ndindex(param.shape))
        if param.ndim == 2:
            entries = [entries[i] for i in rng.choice(len(entries), per_array, replace=False)]
        for index in entries:
            saved = param[index]
            param[index] = saved + h
            up = loss(forward(params, act, Xs)[0], ys)
            param[index] = saved - h
            down = loss(forward(params, act, Xs)[0], ys)
            param[index] = saved
            numeric.append((up - down) / (2 * h))
            exact.append(grad[index])
    numeric, exact = np.array(numeric), np.array(exact)
    return np.linalg.norm(numeric - exact) / (np.linalg.norm(numeric) + np.linalg.norm(exact))


check = {slug: gradient_check(activations.get(slug)) for slug in ACTIVATIONS}
for slug, worst in check.items():
    print(f"{activations.get(slug).name:<11} relative difference {worst:.1e}")

# %% [markdown]
# Relative differences around $10^{-9}$ or below mean the two agree to the precision a finite
# difference can reach: the backward pass is right, for every activation. A real mistake
# stands out by many orders of magnitude: drop one `act.df(...)` factor from `backward` and
# the difference jumps to around $10^{-1}$. (ReLU and leaky ReLU have a kink at 0 where the
# derivative jumps; a finite difference that straddled it would disagree, but with random
# data no input lands within $h$ of the kink.)
#
# ## Training
#
# Training is plain full-batch gradient descent: compute the gradients on all 300 points,
# move every parameter a small step against its gradient, repeat. Every activation starts
# from the same random draw (scaled as above) and gets the same learning rate and number
# of steps.

# %%
STEPS, LEARNING_RATE = 1000, 1.0


def train(act, steps=STEPS, lr=LEARNING_RATE):
    params = init(act)
    history = []
    for _ in range(steps):
        P, cache = forward(params, act, X)
        history.append(loss(P, y))
        grads = backward(params, act, P, cache, T)
        for param, grad in zip(params, grads):
            param -= lr * grad
    return params, np.array(history)


runs = {slug: train(activations.get(slug)) for slug in ACTIVATIONS}
accuracy = {}
for slug, (params, history) in runs.items():
    P, _ = forward(params, activations.get(slug), X)
    accuracy[slug] = float(np.mean(P.argmax(axis=1) == y))
    print(f"{activations.get(slug).name:<11} loss {history[0]:.3f} → {history[-1]:.4f}"
          f"   training accuracy {accuracy[slug]:.1%}")  # fmt: skip

# %%
fig, ax = plt.subplots(figsize=(7, 4))
styles = ["-", "--", "-", "-.", ":"]
for (slug, (_, history)), style in zip(runs.items(), styles):
    steps = np.arange(0, STEPS, 5)  # every fifth step is enough for the eye
    ax.plot(steps, history[steps], style, lw=2, label=activations.get(slug).name)
ax.set_yscale("log")
ax.set_xlabel("gradient-descent step")
ax.set_ylabel("cross-entropy loss")
ax.set_title("Training loss on the spirals")
ax.grid(True, which="major")
ax.legend()
plt.show()

# %% [markdown]
# The loss curves show how fast each network learns with identical settings. The ReLU
# family and ELU drive the loss down fastest; tanh follows; the sigmoid network is far
# behind. The backward-pass formula says why: each $\Delta$ is multiplied by $f'$ on its
# way back, and the [sigmoid](../functions/sigmoid.md)'s slope is never above a quarter,
# so the first layers of a sigmoid network get only a fraction of the signal that a
# [ReLU](../functions/relu.md) network (slope 1 wherever it is active) passes back. Its
# outputs are also all positive rather than centred on zero, which makes the next layer's
# updates zig-zag. [Tanh](../functions/tanh.md) has slope 1 at the origin and is centred,
# and it shows. (The spikes early on are steps that overshoot: the learning rate is on the
# large side for plain gradient descent, which is what lets it finish in 1000 steps.)
#
# ## Decision boundaries
#
# To see what each network has learned, colour every point of the plane by the class the
# network predicts there.

# %%
grid = np.linspace(-1.25, 1.25, 201)
GX, GY = np.meshgrid(grid, grid)
plane = np.column_stack([GX.ravel(), GY.ravel()])

regions = ListedColormap(COLOURS[:CLASSES])
fig, axes = plt.subplots(2, 3, figsize=(9, 6.2), sharex=True, sharey=True)
axes = axes.ravel()
for k in range(CLASSES):
    axes[0].scatter(*X[y == k].T, s=6, color=COLOURS[k])
axes[0].set_title("the data")
for ax, (slug, (params, _)) in zip(axes[1:], runs.items()):
    act = activations.get(slug)
    predicted = forward(params, act, plane)[0].argmax(axis=1).reshape(GX.shape)
    ax.imshow(predicted, extent=(-1.25, 1.25, -1.25, 1.25), origin="lower", cmap=regions,
              vmin=0, vmax=CLASSES - 1, alpha=0.22, interpolation="nearest")  # fmt: skip
    for k in range(CLASSES):
        ax.scatter(
            *X[y == k].T, s=5, color=COLOURS[k], edgecolors=GREY, linewidths=0.3, rasterized=True
        )
    ax.set_title(f"{act.name}: {accuracy[slug]:.0%}")
for ax in axes:
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
fig.tight_layout()
plt.show()

# %% [markdown]
# The shapes of the regions follow the shapes of the functions. A ReLU network computes a
# piecewise-linear function of its input, so its boundaries are made of straight segments
# joined at corners; leaky ReLU is piecewise linear too. The sigmoid, tanh and ELU are
# smooth, and so are their networks' boundaries. Within the same budget of steps the
# sigmoid network has not yet wound its regions around the spirals.
#
# Things to try:
#
# - Train the sigmoid network four times as long,
#   `train(activations.get("sigmoid"), steps=4 * STEPS)`: it is not stuck, only slow, and
#   it does fit the spirals in the end.
# - Change `HIDDEN`, the `LEARNING_RATE` or the noise of the data.
# - Add another activation from the catalogue (`activations.names()` lists them all).
# - Break the backward pass on purpose, for example by dropping one `act.df(...)` factor,
#   and watch the gradient check catch it.

# %% tags=["remove-input"]
RESULTS = {
    "gradient_check": check,
    "initial_loss": {slug: float(h[0]) for slug, (_, h) in runs.items()},
    "final_loss": {slug: float(h[-1]) for slug, (_, h) in runs.items()},
    "accuracy": accuracy,
}
