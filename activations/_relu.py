"""The ReLU family: rectifiers, their leaky variants, and the shrink and threshold maps."""

from __future__ import annotations

import math

import numpy as np

from activations import _papers as papers
from activations import _stable as st
from activations._arrays import masked
from activations._definition import Definition, Naive, Param
from activations._sympy import sp
from activations._types import FrameworkName, Reference, Use


def _zero(z, **_):
    return np.zeros_like(z)


# --- ReLU ---------------------------------------------------------------------------------
def _relu(z):
    """z for z > 0, else 0; the slope at 0 is taken as 0, as in PyTorch and JAX."""
    return np.where(z > 0, z, 0.0)


def _step(z):
    return np.where(z > 0, 1.0, 0.0)


# --- leaky ReLU, PReLU, RReLU -------------------------------------------------------------
def _leaky_relu(z, alpha):
    """z for z > 0 and α·z for z <= 0, so the slope at 0 is α (PyTorch's choice)."""
    if alpha == 0.0:
        return _relu(z)
    with np.errstate(over="ignore"):  # α·z beyond the float range is -inf, its true value
        return np.where(z > 0, z, alpha * z)


def _leaky_relu_df(z, alpha):
    return np.where(z > 0, 1.0, alpha)


def _rrelu_slope(lower, upper):
    """The evaluation-mode slope (l + u)/2, the mean of the training slope U(l, u)."""
    return 0.5 * (lower + upper)


def _rrelu(z, lower, upper):
    return _leaky_relu(z, _rrelu_slope(lower, upper))


def _rrelu_df(z, lower, upper):
    return _leaky_relu_df(z, _rrelu_slope(lower, upper))


def _rrelu_d2f(z, lower, upper):
    return np.zeros_like(z)


# --- ReLU6 --------------------------------------------------------------------------------
def _relu6(z):
    return np.clip(z, 0.0, 6.0)


def _relu6_df(z):
    """1 strictly inside (0, 6), 0 elsewhere: PyTorch (hardtanh's backward) gives 0 at 0 and 6."""
    return np.where((z > 0.0) & (z < 6.0), 1.0, 0.0)


# --- squared ReLU and StarReLU -------------------------------------------------------------
# StarReLU is s·relu(z)² + b; squared ReLU is its s = 1, b = 0. Where s·z² is near -b the sum
# cancels, so there z² and s·z² are carried as double-doubles (Dekker's products, exact below
# _SQUARE_EXACT); far above, where nothing cancels, (s·z)·z is rounded twice and may overflow
# to inf, its true value.
_SQUARE_EXACT = 1e70
_STAR_SCALE = 2.0 / math.sqrt(5.0)  # 1/√Var(relu(Z)²) for Z ~ N(0, 1): Var = 3/2 - 1/4
_STAR_BIAS = -_STAR_SCALE / 2.0  # -E relu(Z)²/√Var, exactly -s/2: f(Z) has mean 0


def _star_relu(z, scale, bias):
    """s·relu(z)² + b: b at and below 0."""
    r = np.maximum(z, 0.0)
    with np.errstate(over="ignore"):  # s·z² beyond the float range is inf, its true value
        far = (scale * r) * r + bias
    if scale >= _SQUARE_EXACT:  # nothing to carry: s·z² cannot cancel b where it is finite
        return far
    small = r < _SQUARE_EXACT
    x = masked(r, small)
    square, square_lo = st.two_product(x, x)
    scaled, scaled_lo = st.two_product(np.full_like(x, scale), square)
    near = (scaled + bias) + (scaled_lo + scale * square_lo)
    return np.where(small, near, far)


def _star_relu_df(z, scale, bias):
    """2s·relu(z), inf where it exceeds the float range."""
    with np.errstate(over="ignore"):
        return 2.0 * (scale * np.maximum(z, 0.0))


def _star_relu_d2f(z, scale, bias):
    """2s for z > 0, 0 at and below 0 (the definition's left piece owns z = 0)."""
    return np.where(z > 0, 2.0 * scale, 0.0)


def _star_relu_from_output(y, scale, bias):
    """2√(s(y - b)): y - b = s·relu(z)² is never negative."""
    return 2.0 * np.sqrt(scale * np.maximum(y - bias, 0.0))


def _relu2(z):
    return _star_relu(z, 1.0, 0.0)


def _relu2_df(z):
    return _star_relu_df(z, 1.0, 0.0)


def _relu2_d2f(z):
    return _star_relu_d2f(z, 1.0, 0.0)


def _relu2_from_output(y):
    return 2.0 * np.sqrt(np.maximum(y, 0.0))


# --- threshold ----------------------------------------------------------------------------
def _threshold(z, threshold, value):
    """z for z > threshold, else ``value``; the slope at the threshold is 0, as in PyTorch."""
    return np.where(z > threshold, z, value)


def _threshold_df(z, threshold, value):
    return np.where(z > threshold, 1.0, 0.0)


def _threshold_from_output(y, threshold, value):
    """1 where y > θ, which happens exactly where z > θ when v ≤ θ."""
    return np.where(y > threshold, 1.0, 0.0)


# --- hard and soft shrinkage --------------------------------------------------------------
def _hardshrink(z, lambd):
    """z where |z| > λ, else 0; the slope at ±λ is 0, as in PyTorch."""
    return np.where(np.abs(z) > lambd, z, 0.0)


def _shrink_df(z, lambd):
    return np.where(np.abs(z) > lambd, 1.0, 0.0)


def _shrink_from_output(y, lambd):
    """1 where y != 0, which happens exactly where |z| > λ."""
    return np.where(y != 0.0, 1.0, 0.0)


def _softshrink(z, lambd):
    """z - λ above λ, z + λ below -λ, else 0; the slope at ±λ is 0, as in PyTorch."""
    above, below = z > lambd, z < -lambd
    return np.where(above, masked(z, above) - lambd, np.where(below, masked(z, below) + lambd, 0.0))


def _cases(*pairs):
    """A Piecewise that keeps its conditions as written (z ≤ θ, not θ ≥ z) when printed."""
    return sp.Piecewise(*pairs, evaluate=False)


def _leaky_expr(z, scaled):
    """``scaled`` (the slope times z) for z <= 0, z above."""
    return _cases((scaled, z <= 0), (z, True))


def _leaky_forms(slope):
    """Display forms of f', f'' and f'(y) for a leaky ReLU whose slope is ``slope(p)``."""
    return {
        "df": lambda z, p: _cases((slope(p), z <= 0), (1, True)),
        "d2f": lambda z, p: sp.Integer(0),
        "output": lambda y, p: _cases((slope(p), y <= 0), (1, True)),
    }


def _rrelu_mean(p):
    return sp.Mul(p["lower"] + p["upper"], sp.Pow(2, -1, evaluate=False), evaluate=False)


def _origin(**_):
    return (0.0,)


def _plus_minus_lambda(lambd):
    return (-lambd, lambd) if lambd else (0.0,)


_SHRINK_DISPLAY = {
    "df": lambda z, p: _cases((0, sp.Abs(z) <= p["lambd"]), (1, True)),
    "d2f": lambda z, p: sp.Integer(0),
    "output": lambda y, p: _cases((0, sp.Eq(y, 0)), (1, True)),
}


_LAMBD = Param(
    "lambd",
    0.5,
    0.0,
    symbol="lambda",
    doc="half-width of the band set to 0",
    family=(0.25, 0.5, 1.0),
)


_SO_2021 = Reference(
    authors="D. R. So, W. Mańke, H. Liu, Z. Dai, N. Shazeer, Q. V. Le",
    title="Primer: Searching for Efficient Transformers for Language Modeling",
    year=2021,
    arxiv="2109.08668",
    venue="NeurIPS 2021",
    kind="inproceedings",
)
_YU_2022 = Reference(
    authors="W. Yu, C. Si, P. Zhou, M. Luo, Y. Zhou, J. Feng, S. Yan, X. Wang",
    title="MetaFormer Baselines for Vision",
    year=2022,
    arxiv="2210.13452",
    venue="IEEE TPAMI 2023",
)
_METAFORMER_CODE = Reference(
    authors="W. Yu et al. (Sea AI Lab)",
    title="metaformer, metaformer_baselines.py",
    year=2022,
    url="https://github.com/sail-sg/metaformer/blob/main/metaformer_baselines.py",
    venue="released code",
)


# --- textbook formulas, for the stability page and the benchmark -----------------------------
def _naive_softshrink(z, lambd):
    return np.where(z > lambd, z - lambd, np.where(z < -lambd, z + lambd, 0.0))


DEFINITIONS = (
    Definition(
        slug="relu",
        name="ReLU",
        aliases=("rectifier",),
        family="relu",
        summary="max(0, z): the identity for positive inputs and 0 otherwise; the default "
        "hidden-layer activation of deep networks.",
        numpy="return np.maximum(z, 0.0)",
        f=_relu,
        df=_step,
        d2f=_zero,
        expr=lambda z, p: _cases((0, z <= 0), (z, True)),
        display={
            "df": lambda z, p: _cases((0, z <= 0), (1, True)),
            "d2f": lambda z, p: sp.Integer(0),
            "output": lambda y, p: _cases((0, y <= 0), (1, True)),
        },
        df_from_output=_step,
        breakpoints=_origin,
        tags=("hidden-layer",),
        frameworks=(
            FrameworkName("PyTorch", function="torch.nn.functional.relu", layer="torch.nn.ReLU"),
            FrameworkName("JAX", function="jax.nn.relu"),
            FrameworkName(
                "Keras",
                function="keras.activations.relu",
                layer="keras.layers.ReLU",
            ),
            FrameworkName("Flax", function="flax.nnx.relu"),
            FrameworkName("TensorFlow", function="tf.nn.relu"),
            FrameworkName("MLX", function="mlx.nn.relu", layer="mlx.nn.ReLU"),
        ),
        references=(
            Reference(
                authors="K. Fukushima",
                title=(
                    "Visual Feature Extraction by a Multilayered Network of Analog Threshold"
                    " Elements"
                ),
                year=1969,
                doi="10.1109/TSSC.1969.300225",
                venue="IEEE Transactions on Systems Science and Cybernetics",
                kind="article",
                volume="5",
                number="4",
            ),
            Reference(
                authors="V. Nair, G. E. Hinton",
                title="Rectified Linear Units Improve Restricted Boltzmann Machines",
                year=2010,
                url="https://icml.cc/Conferences/2010/papers/432.pdf",
                venue="ICML 2010",
                kind="inproceedings",
            ),
        ),
        naive=Naive(f=lambda z: np.maximum(z, 0), df=lambda z: np.where(z > 0, 1.0, 0.0)),
    ),
    Definition(
        slug="leaky_relu",
        name="Leaky ReLU",
        family="relu",
        summary="The identity for z > 0 and αz, with a small fixed slope α, at or below 0, so "
        "negative inputs keep a gradient.",
        numpy="return np.where(z > 0, z, alpha * z)",
        f=_leaky_relu,
        df=_leaky_relu_df,
        d2f=_zero,
        params=(
            Param(
                "alpha", 0.01, 0.0, symbol="alpha", doc="slope for z ≤ 0", family=(0.01, 0.1, 0.3)
            ),
        ),
        expr=lambda z, p: _leaky_expr(z, p["alpha"] * z),
        display=_leaky_forms(lambda p: p["alpha"]),
        df_from_output=_leaky_relu_df,
        breakpoints=_origin,
        tags=("hidden-layer",),
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.leaky_relu",
                layer="torch.nn.LeakyReLU",
            ),
            FrameworkName(
                "JAX",
                function="jax.nn.leaky_relu",
            ),
            FrameworkName(
                "Keras",
                function="keras.activations.leaky_relu",
                layer="keras.layers.LeakyReLU",
            ),
            FrameworkName("Flax", function="flax.nnx.leaky_relu"),
            FrameworkName("TensorFlow", function="tf.nn.leaky_relu"),
            FrameworkName("MLX", function="mlx.nn.leaky_relu", layer="mlx.nn.LeakyReLU"),
        ),
        references=(
            Reference(
                authors="A. L. Maas, A. Y. Hannun, A. Y. Ng",
                title="Rectifier Nonlinearities Improve Neural Network Acoustic Models",
                year=2013,
                url="https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf",
                venue=(
                    "ICML 2013 Workshop on Deep Learning for Audio, Speech and Language Processing"
                ),
                kind="inproceedings",
            ),
        ),
        naive=Naive(
            f=lambda z, alpha: np.where(z > 0, z, alpha * z),
            df=lambda z, alpha: np.where(z > 0, 1.0, alpha),
        ),
    ),
    Definition(
        slug="prelu",
        name="PReLU",
        aliases=("parametric_relu",),
        family="relu",
        summary="Leaky ReLU whose negative slope α is learned with the network's weights; "
        "0.25 is PyTorch's initial value.",
        numpy="return np.where(z > 0, z, alpha * z)",
        f=_leaky_relu,
        df=_leaky_relu_df,
        d2f=_zero,
        params=(
            Param(
                "alpha",
                0.25,
                0.0,
                symbol="alpha",
                doc="slope for z ≤ 0, learned in training",
                family=(0.1, 0.25, 0.5),
            ),
        ),
        expr=lambda z, p: _leaky_expr(z, p["alpha"] * z),
        display=_leaky_forms(lambda p: p["alpha"]),
        df_from_output=_leaky_relu_df,
        breakpoints=_origin,
        tags=("hidden-layer",),
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.prelu",
                layer="torch.nn.PReLU",
            ),
            FrameworkName(
                "Keras",
                function="",
                layer="keras.layers.PReLU",
                note=(
                    "With the default shared_axes=None it learns one slope per element of the"
                    " feature map; pass the spatial axes for one per channel, like PyTorch."
                ),
            ),
            FrameworkName("Flax", function="", layer="flax.nnx.PReLU"),
            FrameworkName("MLX", function="mlx.nn.prelu", layer="mlx.nn.PReLU"),
        ),
        references=(
            Reference(
                authors="K. He, X. Zhang, S. Ren, J. Sun",
                title=(
                    "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet"
                    " Classification"
                ),
                year=2015,
                arxiv="1502.01852",
                venue="ICCV 2015",
                kind="inproceedings",
            ),
        ),
        naive=Naive(
            f=lambda z, alpha: np.where(z > 0, z, alpha * z),
            df=lambda z, alpha: np.where(z > 0, 1.0, alpha),
        ),
    ),
    Definition(
        slug="rrelu",
        name="RReLU",
        aliases=("randomized_relu",),
        family="relu",
        summary="Leaky ReLU whose negative slope is drawn from U(l, u) in training; shown in "
        "its evaluation form, with the mean slope (l + u)/2.",
        numpy="return np.where(z > 0, z, (lower + upper) / 2.0 * z)  # inference: the mean slope",
        f=_rrelu,
        df=_rrelu_df,
        d2f=_rrelu_d2f,
        ordered=(("lower", "upper"),),
        params=(
            Param(
                "lower",
                1 / 8,
                0.0,
                1.0,
                high_open=False,
                symbol="l",
                doc="lower bound of the training slope",
                family=(0.05, 0.125, 0.2),
            ),
            Param(
                "upper",
                1 / 3,
                0.0,
                1.0,
                high_open=False,
                symbol="u",
                doc="upper bound of the training slope",
                family=(0.25, 1 / 3, 0.5),
            ),
        ),
        expr=lambda z, p: _leaky_expr(
            z, sp.Mul(sp.Rational(1, 2), p["lower"] + p["upper"], z, evaluate=False)
        ),
        display=_leaky_forms(_rrelu_mean),
        df_from_output=_rrelu_df,
        breakpoints=_origin,
        tags=("hidden-layer",),
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.rrelu",
                layer="torch.nn.RReLU",
                note=(
                    "In training mode, the default for a new nn.RReLU, each negative slope is drawn"
                    " from U(lower, upper); the fixed mean slope applies only in eval mode."
                ),
            ),
        ),
        references=(
            Reference(
                authors="B. Xu, N. Wang, T. Chen, M. Li",
                title="Empirical Evaluation of Rectified Activations in Convolutional Network",
                year=2015,
                arxiv="1505.00853",
                venue="arXiv preprint",
            ),
        ),
        naive=Naive(
            f=lambda z, lower, upper: np.where(z > 0, z, (lower + upper) / 2 * z),
            df=lambda z, lower, upper: np.where(z > 0, 1.0, (lower + upper) / 2),
        ),
    ),
    Definition(
        slug="relu6",
        name="ReLU6",
        family="relu",
        summary="ReLU capped at 6, min(max(0, z), 6): the bounded rectifier of MobileNet, "
        "friendly to low-precision arithmetic.",
        numpy="return np.clip(z, 0.0, 6.0)",
        f=_relu6,
        df=_relu6_df,
        d2f=_zero,
        expr=lambda z, p: _cases((0, z <= 0), (z, z < 6), (6, True)),
        display={
            "df": lambda z, p: _cases((0, z <= 0), (1, z < 6), (0, True)),
            "d2f": lambda z, p: sp.Integer(0),
            "output": lambda y, p: _cases((0, y <= 0), (1, y < 6), (0, True)),
        },
        df_from_output=_relu6_df,
        breakpoints=lambda: (0.0, 6.0),
        tags=("hidden-layer",),
        frameworks=(
            FrameworkName("PyTorch", function="torch.nn.functional.relu6", layer="torch.nn.ReLU6"),
            FrameworkName("JAX", function="jax.nn.relu6"),
            FrameworkName("Keras", function="keras.activations.relu6"),
            FrameworkName("Flax", function="flax.nnx.relu6"),
            FrameworkName("TensorFlow", function="tf.nn.relu6"),
            FrameworkName("MLX", function="mlx.nn.relu6", layer="mlx.nn.ReLU6"),
        ),
        references=(
            Reference(
                authors="A. Krizhevsky",
                title="Convolutional Deep Belief Networks on CIFAR-10",
                year=2010,
                url="https://www.cs.toronto.edu/~kriz/conv-cifar10-aug2010.pdf",
                venue="Unpublished manuscript, University of Toronto",
                kind="unpublished",
            ),
        ),
        naive=Naive(
            f=lambda z: np.minimum(np.maximum(z, 0), 6),
            df=lambda z: np.where((z > 0) & (z < 6), 1.0, 0.0),
        ),
    ),
    Definition(
        slug="relu2",
        name="Squared ReLU",
        aliases=("squared_relu",),
        family="relu",
        summary="max(0, z)²: ReLU squared, 0 for negative inputs and a parabola above; the "
        "feed-forward activation of Primer and NVIDIA's Nemotron models.",
        numpy="return np.maximum(z, 0.0) ** 2",
        f=_relu2,
        df=_relu2_df,
        d2f=_relu2_d2f,
        expr=lambda z, p: _cases((0, z <= 0), (z**2, True)),
        display={
            "df": lambda z, p: _cases((0, z <= 0), (2 * z, True)),
            "d2f": lambda z, p: _cases((0, z <= 0), (2, True)),
            "output": lambda y, p: 2 * sp.sqrt(y),
        },
        df_from_output=_relu2_from_output,
        breakpoints=_origin,
        tags=("hidden-layer",),
        frameworks=(FrameworkName("MLX", function="mlx.nn.relu2", layer="mlx.nn.ReLU2"),),
        references=(_SO_2021,),
        used_in=(
            Use(
                "Primer",
                'the feed-forward layers (`DenseReluDense.activation = ["squared_relu"]` in the'
                " released model configurations)",
                Reference(
                    authors="Google Research",
                    title="google-research, primer/gin/models/medium_primer.gin",
                    year=2021,
                    url="https://github.com/google-research/google-research/blob/master/primer/gin/models/medium_primer.gin",
                    venue="released configuration",
                ),
            ),
            Use(
                "Nemotron",
                'the MLP of every decoder layer: `hidden_act` defaults to `"relu2"` in the'
                " configuration written for NVIDIA's Nemotron-3 8B",
                Reference(
                    authors="NVIDIA and Hugging Face",
                    title="transformers, models/nemotron/configuration_nemotron.py",
                    year=2024,
                    url="https://github.com/huggingface/transformers/blob/main/src/transformers/models/nemotron/configuration_nemotron.py",
                    venue="released code",
                ),
            ),
            Use(
                "CAFormer and ConvFormer",
                "the hidden layer of the classification head (`MlpHead` with `SquaredReLU`)",
                _METAFORMER_CODE,
            ),
        ),
        naive=Naive(f=lambda z: np.maximum(z, 0) ** 2, df=lambda z: 2 * np.maximum(z, 0)),
    ),
    Definition(
        slug="star_relu",
        name="StarReLU",
        family="relu",
        summary="s·relu(z)² + b: squared ReLU scaled and shifted so that, for a standard normal "
        "input, the output has mean 0 and variance 1; MetaFormer's activation.",
        numpy="return scale * np.maximum(z, 0.0) ** 2 + bias",
        f=_star_relu,
        df=_star_relu_df,
        d2f=_star_relu_d2f,
        params=(
            Param(
                "scale",
                _STAR_SCALE,
                0.0,
                low_open=True,
                symbol="s",
                doc="multiplies relu(z)²; 1/√1.25 = 2/√5 normalises the variance",
                family=(0.5, _STAR_SCALE, 1.5),
            ),
            Param(
                "bias",
                _STAR_BIAS,
                -math.inf,
                low_open=True,
                symbol="b",
                doc="the output at and below 0; −0.5/√1.25 = −1/√5 centres the mean",
                family=(-1.0, _STAR_BIAS, 0.0),
            ),
        ),
        expr=lambda z, p: _cases((p["bias"], z <= 0), (p["scale"] * z**2 + p["bias"], True)),
        display={
            "df": lambda z, p: _cases((0, z <= 0), (2 * p["scale"] * z, True)),
            "d2f": lambda z, p: _cases((0, z <= 0), (2 * p["scale"], True)),
            "output": lambda y, p: 2 * sp.sqrt(sp.Mul(p["scale"], y - p["bias"], evaluate=False)),
        },
        df_from_output=_star_relu_from_output,
        breakpoints=_origin,
        tags=("hidden-layer",),
        references=(_YU_2022, _SO_2021),
        used_in=(
            Use(
                "CAFormer and ConvFormer",
                "the MLP of every MetaFormer block and the separable convolutions of"
                " ConvFormer's token mixer, with s and b learned (both start at 1 and 0)",
                _METAFORMER_CODE,
            ),
        ),
        naive=Naive(
            f=lambda z, scale, bias: scale * np.maximum(z, 0) ** 2 + bias,
            df=lambda z, scale, bias: 2 * scale * np.maximum(z, 0),
        ),
    ),
    Definition(
        slug="threshold",
        name="Threshold",
        family="relu",
        summary="z above the threshold θ and the constant v at or below it; θ = v = 0 gives ReLU.",
        numpy="return np.where(z > threshold, z, value)",
        f=_threshold,
        df=_threshold_df,
        d2f=_zero,
        params=(
            Param(
                "threshold",
                1.0,
                -math.inf,
                low_open=True,
                symbol="theta",
                doc="inputs at or below it are replaced",
                family=(-1.0, 0.0, 1.0),
            ),
            Param(
                "value",
                0.0,
                -math.inf,
                low_open=True,
                symbol="v",
                doc="the output at or below the threshold",
                family=(-1.0, 0.0, 1.0),
            ),
        ),
        expr=lambda z, p: _cases((p["value"], z <= p["threshold"]), (z, True)),
        display={
            "df": lambda z, p: _cases((0, z <= p["threshold"]), (1, True)),
            "d2f": lambda z, p: sp.Integer(0),
            "output": lambda y, p: _cases((0, y <= p["threshold"]), (1, True)),
        },
        df_from_output=_threshold_from_output,
        breakpoints=lambda threshold, value: (threshold,),
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.threshold",
                layer="torch.nn.Threshold",
            ),
            FrameworkName(
                "Keras",
                function="keras.activations.threshold",
            ),
        ),
        naive=Naive(
            f=lambda z, threshold, value: np.where(z > threshold, z, np.float64(value)),
            df=lambda z, threshold, value: np.where(z > threshold, 1.0, 0.0),
        ),
    ),
    Definition(
        slug="hardshrink",
        name="Hardshrink",
        aliases=("hard_shrink",),
        family="relu",
        summary="Keeps z where |z| > λ and sets the band |z| ≤ λ to 0: hard thresholding.",
        numpy="return np.where(np.abs(z) > lambd, z, 0.0)",
        f=_hardshrink,
        df=_shrink_df,
        d2f=_zero,
        params=(_LAMBD,),
        expr=lambda z, p: _cases((0, sp.Abs(z) <= p["lambd"]), (z, True)),
        display=_SHRINK_DISPLAY,
        df_from_output=_shrink_from_output,
        breakpoints=_plus_minus_lambda,
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.hardshrink",
                layer="torch.nn.Hardshrink",
            ),
            FrameworkName("Keras", function="keras.activations.hard_shrink"),
            FrameworkName("MLX", function="mlx.nn.hard_shrink", layer="mlx.nn.HardShrink"),
        ),
        references=(papers.DONOHO_1994,),
        naive=Naive(
            f=lambda z, lambd: np.where(np.abs(z) > lambd, z, 0.0),
            df=lambda z, lambd: np.where(np.abs(z) > lambd, 1.0, 0.0),
        ),
    ),
    Definition(
        slug="softshrink",
        name="Softshrink",
        aliases=("soft_shrink",),
        family="relu",
        summary="Moves z toward 0 by λ and sets the band |z| ≤ λ to 0: soft thresholding, the "
        "proximal map of λ|z|.",
        numpy="return np.sign(z) * np.maximum(np.abs(z) - lambd, 0.0)",
        f=_softshrink,
        df=_shrink_df,
        d2f=_zero,
        params=(_LAMBD,),
        expr=lambda z, p: _cases(
            (z + p["lambd"], z < -p["lambd"]), (0, sp.Abs(z) <= p["lambd"]), (z - p["lambd"], True)
        ),
        display=_SHRINK_DISPLAY,
        df_from_output=_shrink_from_output,
        breakpoints=_plus_minus_lambda,
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.softshrink",
                layer="torch.nn.Softshrink",
            ),
            FrameworkName("Keras", function="keras.activations.soft_shrink"),
            FrameworkName("MLX", function="mlx.nn.softshrink", layer="mlx.nn.Softshrink"),
        ),
        references=(
            Reference(
                authors="D. L. Donoho",
                title="De-noising by soft-thresholding",
                year=1995,
                doi="10.1109/18.382009",
                venue="IEEE Transactions on Information Theory",
                kind="article",
                volume="41",
                number="3",
            ),
            papers.DONOHO_1994,
        ),
        naive=Naive(f=_naive_softshrink, df=lambda z, lambd: np.where(np.abs(z) > lambd, 1.0, 0.0)),
    ),
)
