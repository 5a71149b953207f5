"""Properties are computed from the kernels; these pin the values the site's readers rely on."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import activations
from activations import reference


def props(slug, **params):
    return activations.get(slug, **params).properties


@pytest.mark.parametrize(
    "slug,text",
    [("sigmoid", "(0, 1)"), ("tanh", "(−1, 1)"), ("relu", "[0, ∞)"),
     ("leaky_relu", "(−∞, ∞)"), ("linear", "(−∞, ∞)"), ("hard_sigmoid", "[0, 1]"),
     ("relu6", "[0, 6]"), ("elu", "(−1, ∞)"), ("softplus", "(0, ∞)"),
     ("gaussian", "(0, 1]"), ("log_sigmoid", "(−∞, 0)"), ("binary_step", "{0, 1}"),
     ("threshold", "{0} ∪ (1, ∞)"), ("hardshrink", "(−∞, −0.5) ∪ {0} ∪ (0.5, ∞)"),
     ("hard_swish", "[−0.375, ∞)"), ("relu2", "[0, ∞)"), ("star_relu", "[−0.4472, ∞)"),
     ("laplace", "(0, 1)"), ("snake", "(−∞, ∞)"), ("lisht", "[0, ∞)")],
)  # fmt: skip
def test_output_range(slug, text):
    assert str(props(slug).output_range) == text


def test_gelu_minimum_is_attained():
    # mp.dps = 30; z0 = findroot(lambda z: ncdf(z) + z*npdf(z), -0.75); z0*ncdf(z0)
    #   -> -0.169971207479903661693868470982 at z0 = -0.751791524693564457
    r = props("gelu").output_range
    assert r.low_closed and r.low == pytest.approx(-0.16997120747990366, abs=1e-13)


@pytest.mark.parametrize(
    "slug,expected",
    [("relu", "C0"), ("elu", "C1"), ("selu", "C0"), ("sigmoid", "C∞"), ("binary_step",
     "discontinuous"), ("softsign", "C1"), ("sparse_plus", "C1"), ("gelu", "C∞"),
     ("relu2", "C1"), ("star_relu", "C1"), ("snake", "C∞")],
)  # fmt: skip
def test_continuity(slug, expected):
    assert props(slug).continuity == expected


def test_elu_smoothness_depends_on_alpha():
    assert props("elu", alpha=1.0).continuity == "C1"
    assert props("elu", alpha=0.5).continuity == "C0"


@pytest.mark.parametrize(
    "slug,slope,at",
    [("sigmoid", 0.25, 0.0), ("tanh", 1.0, 0.0), ("arctan", 1.0, 0.0)],
)
def test_largest_slope_at_a_point(slug, slope, at):
    p = props(slug)
    assert p.max_slope == pytest.approx(slope, rel=1e-15)
    assert len(p.max_slope_at) == 1 and p.max_slope_at[0].where.low == at
    assert p.max_slope_attained


def test_relu_largest_slope_on_the_positive_half_line():
    p = props("relu")
    assert p.max_slope == 1.0
    assert str(p.max_slope_at[0].where) == "(0, ∞)" and p.max_slope_attained


@pytest.mark.parametrize(
    "slug,limits",
    [("sigmoid", (0, 0)), ("tanh", (0, 0)), ("relu", (0, 1)), ("leaky_relu", (0.01, 1)),
     ("softplus", (0, 1)), ("linear", (1, 1)), ("elu", (0, 1))],
)  # fmt: skip
def test_derivative_limits(slug, limits):
    assert props(slug).df_limits == limits


def test_sinusoid_derivative_has_no_limit():
    assert all(math.isnan(x) for x in props("sinusoid").df_limits)
    assert props("sinusoid").saturation == "none"


@pytest.mark.parametrize(
    "slug,zones",
    [("relu", ["(−∞, 0]"]), ("leaky_relu", []), ("relu6", ["(−∞, 0]", "[6, ∞)"]),
     ("hardshrink", ["[−0.5, 0.5]"]), ("sigmoid", []), ("threshold", ["(−∞, 1]"])],
)  # fmt: skip
def test_dead_zone(slug, zones):
    assert [str(z) for z in props(slug).dead_zone] == zones


def test_selu_is_self_normalising():
    """With the paper's constants, SELU maps N(0, 1) to mean 0 and variance 1."""
    p = props("selu")
    assert abs(p.gaussian_mean) < 1e-6
    assert p.gaussian_variance == pytest.approx(1.0, abs=1e-6)
    assert p.zero_centred


def test_selu_fixed_point_is_unit_variance_and_attracting():
    """Klambauer et al.'s fixed point, found from the kernels: LeCun layers of SELU keep
    inputs of variance 1, outputs of mean 0 and variance 1, and pull nearby variances to it."""
    point = activations.moment_fixed_point(activations.get("selu"))
    assert point.input_variance == pytest.approx(1.0, abs=1e-9)
    assert point.mean == pytest.approx(0.0, abs=1e-9)
    assert point.variance == pytest.approx(1.0, abs=1e-9)
    assert 0 < point.slope < 1


def test_squared_relu_fixed_point_repels():
    """E relu(√q Z)⁴ = 3q²/2 equals q at q = 2/3, where the map's slope 3q is 2."""
    point = activations.moment_fixed_point(activations.get("relu2"))
    assert point.input_variance == pytest.approx(2 / 3, rel=1e-9)
    assert point.slope == pytest.approx(2.0, rel=1e-6)


@pytest.mark.parametrize("slug", ["relu", "tanh", "elu"])
def test_no_fixed_point_where_the_signal_shrinks_at_every_size(slug):
    act = activations.get(slug)
    assert activations.moment_fixed_point(act) is None
    for variance in (1e-3, 1.0, 1e3):
        mean, spread = activations.gaussian_moments(act, variance)
        assert mean * mean + spread < variance, (slug, variance)


def test_gaussian_moments_scale_with_the_input():
    """ReLU is positively homogeneous: N(0, 4) doubles the mean and quadruples the variance;
    variance 1 gives the properties' values."""
    relu = activations.get("relu")
    assert activations.gaussian_moments(relu) == (relu.properties.gaussian_mean,
                                                  relu.properties.gaussian_variance)  # fmt: skip
    mean, variance = activations.gaussian_moments(relu, 4.0)
    assert mean == pytest.approx(2 * relu.properties.gaussian_mean, rel=1e-12)
    assert variance == pytest.approx(4 * relu.properties.gaussian_variance, rel=1e-12)


def test_star_relu_defaults_normalise_squared_relu():
    """E relu(Z)² = 1/2 and E relu(Z)⁴ = 3/2, so Var relu(Z)² = 5/4: s = 1/√(5/4) = 2/√5 and
    b = -(1/2)·s = -1/√5 give mean 0 and variance 1 (mpmath quadrature, 30 digits)."""
    with mpmath.workdps(30):
        moment = lambda k: mpmath.quad(lambda x: x**k * mpmath.npdf(x), [0, mpmath.inf])  # noqa: E731
        scale = 1 / mpmath.sqrt(moment(4) - moment(2) ** 2)
        assert float(scale) == pytest.approx(2 / math.sqrt(5), rel=1e-15)
        assert float(-moment(2) * scale) == pytest.approx(-1 / math.sqrt(5), rel=1e-15)
    act = activations.get("star_relu")
    assert act.params == {"scale": pytest.approx(float(scale), rel=1e-15),
                          "bias": pytest.approx(-float(scale) / 2, rel=1e-15)}  # fmt: skip
    assert act.properties.gaussian_mean == 0.0 and act.properties.zero_centred
    assert act.properties.gaussian_variance == pytest.approx(1.0, abs=1e-12)


def test_star_relu_with_unit_scale_and_no_bias_is_squared_relu():
    star, squared = activations.get("star_relu", scale=1.0, bias=0.0), activations.get("relu2")
    z = np.concatenate([np.linspace(-5, 5, 1001), [0.0, 1e-200, 1e150, 1e200, np.inf]])
    for kernel in ("f", "df", "d2f"):
        assert np.array_equal(getattr(star, kernel)(z), getattr(squared, kernel)(z)), kernel


def test_laplace_defaults_are_megas_rounded_constants_and_match_squared_relu_at_mu():
    """μ = √½ and σ = 1/√(4π), rounded to six digits as MEGA's code and transformers write
    them; with them f(μ) = ½ and f′(μ) = 1/(σ√(2π)) ≈ √2, squared ReLU's value and slope at
    z = √½."""
    act = activations.get("laplace")
    mu, sigma = act.params["mu"], act.params["sigma"]
    assert (mu, sigma) == (round(math.sqrt(0.5), 6), round(1 / math.sqrt(4 * math.pi), 6))
    relu2 = activations.get("relu2")
    assert float(act.f(mu)) == pytest.approx(float(relu2.f(math.sqrt(0.5))), rel=1e-15)
    assert float(act.df(mu)) == pytest.approx(float(relu2.df(math.sqrt(0.5))), rel=1e-6)
    assert act.properties.max_slope == pytest.approx(math.sqrt(2), rel=1e-6)


def test_lisht_slope_peaks_where_it_equals_its_input():
    """f″ = 0 where z·tanh z = 1; there f′ = tanh z + z(1 - tanh²z) = 1/z + z - 1/z = z."""
    p = props("lisht")
    (place,) = p.max_slope_at
    with mpmath.workdps(30):
        root = float(mpmath.findroot(lambda x: x * mpmath.tanh(x) - 1, 1.2))
    assert p.max_slope == pytest.approx(root, rel=1e-15)
    assert place.where.low == pytest.approx(root, abs=1e-7)  # located by a bounded search


@pytest.mark.parametrize("alpha", [0.5, 1.0, 2.0])
def test_snake_is_the_identity_plus_a_ripple_of_height_one_over_alpha(alpha):
    act = activations.get("snake", alpha=alpha)
    z = np.linspace(-20, 20, 40_001)
    ripple = act.f(z) - z
    assert ripple.min() >= 0 and ripple.max() == pytest.approx(1 / alpha, rel=1e-6)
    slope = act.df(z)
    assert slope.min() >= 0 and slope.max() == pytest.approx(2.0, rel=1e-6)
    assert act.properties.monotonic == "increasing" and act.properties.max_slope == (
        pytest.approx(2.0, rel=1e-15)
    )


@pytest.mark.parametrize(
    "slug,centred",
    [("tanh", True), ("linear", True), ("sigmoid", False), ("relu", False),
     ("leaky_relu", False), ("elu", False), ("softsign", True)],
)  # fmt: skip
def test_zero_centred(slug, centred):
    assert props(slug).zero_centred is centred


def test_gaussian_moments_match_closed_forms():
    """E[ReLU(Z)] = 1/√(2π), Var = 1/2 − 1/(2π); E[e^Z] = √e."""
    relu = props("relu")
    assert relu.gaussian_mean == pytest.approx(1 / math.sqrt(2 * math.pi), rel=1e-10)
    assert relu.gaussian_variance == pytest.approx(0.5 - 1 / (2 * math.pi), rel=1e-9)
    assert props("exponential").gaussian_mean == pytest.approx(math.sqrt(math.e), rel=1e-10)


@pytest.mark.parametrize(
    "slug,monotonic",
    [("sigmoid", "increasing"), ("relu", "non-decreasing"), ("gelu", "no"),
     ("silu", "no"), ("gaussian", "no"), ("leaky_relu", "increasing"),
     ("laplace", "increasing"), ("snake", "increasing"), ("relu2", "non-decreasing"),
     ("lisht", "no")],
)  # fmt: skip
def test_monotonic(slug, monotonic):
    assert props(slug).monotonic == monotonic


@pytest.mark.parametrize("slug", ["linear", "tanh", "elu", "arctan", "softsign", "isru"])
def test_identity_near_origin(slug):
    assert props(slug).identity_near_origin


@pytest.mark.parametrize("slug", ["sigmoid", "relu", "silu", "gelu", "softplus", "leaky_relu"])
def test_not_identity_near_origin(slug):
    assert not props(slug).identity_near_origin


def test_odd_functions():
    odd = {a.slug for a in activations.catalog() if a.properties.odd}
    assert {"tanh", "softsign", "arctan", "linear", "sinusoid", "hardshrink"} <= odd
    assert not odd & {"sigmoid", "relu", "gelu", "gaussian"}


@pytest.mark.parametrize("slug", activations.names())
def test_declared_breakpoints_are_where_smoothness_breaks(slug):
    """Each declared breakpoint shows a jump in f, f' or f'' (or f''' for C² ones)."""
    act = activations.get(slug)
    for b in act.breakpoints:
        h = 1e-7 * max(1.0, abs(b))
        jumps = [abs(float(k(b + h) - k(b - h))) for k in (act.f, act.df, act.d2f)]
        assert max(jumps) > 1e-4 or act.properties.continuity == "C2", (
            f"{slug}: nothing jumps at declared breakpoint {b}"
        )


@pytest.mark.parametrize("slug", activations.names())
def test_range_contains_the_sampled_values(slug):
    """Every float value lies in the range, or on an open end that a steep tail rounds onto
    (Laplace's Φ((z - μ)/σ) is 0.0 from z ≈ -10.2) while the exact value is not the end."""
    act = activations.get(slug)
    r = act.properties.output_range
    xs = np.concatenate([np.linspace(-15, 15, 30001), act.breakpoints])
    values = act.f(xs)
    outside = [(x, v) for x, v in zip(xs, values) if np.isfinite(v) and v not in r]
    ends = {v for _, v in outside if v in (r.low, r.high)}
    for end in ends:  # the exact f at the innermost input rounding onto the end is not the end
        innermost = min((x for x, v in outside if v == end), key=abs)
        with mpmath.workdps(1000):
            if reference.derivatives(slug)[0](mpmath.mpf(float(innermost))) != end:
                outside = [(x, v) for x, v in outside if v != end]
    assert not outside, f"{slug}: sampled values outside {r}: {outside[:3]}"


@pytest.mark.parametrize("slug", activations.names())
def test_gaussian_moments_match_mpmath(slug):
    """E f(Z) and Var f(Z) against mpmath quadrature of the sympy definition, piece by piece."""
    act = activations.get(slug)
    f = reference.derivatives(slug)[0]
    with mpmath.workdps(30):
        density = lambda x: mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)  # noqa: E731
        edges = [-mpmath.inf, *act.breakpoints, 0, mpmath.inf]
        edges = sorted(set(edges), key=float)
        mean = mpmath.quad(lambda x: f(x) * density(x), edges)
        second = mpmath.quad(lambda x: f(x) ** 2 * density(x), edges)
        variance = second - mean**2
    p = act.properties
    assert p.gaussian_mean == pytest.approx(float(mean), rel=1e-10, abs=1e-13)
    assert p.gaussian_variance == pytest.approx(float(variance), rel=1e-10, abs=1e-13)
