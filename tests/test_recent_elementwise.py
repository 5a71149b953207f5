"""Facts the pages of QuickGELU, the clipped GELU, xIELU, soft-capping and Dynamic Tanh state,
each checked against the kernels or an independent computation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize, special

import activations
from activations._properties import difference
from activations._registry import variant

GRID = np.linspace(-30.0, 30.0, 60_001)
EPS64 = float(np.finfo(np.float64).eps)
EPS32 = float(np.finfo(np.float32).eps)


def test_quick_gelu_is_swish_with_beta_1_702():
    quick, swish = activations.get("quick_gelu"), activations.get("silu", beta=1.702)
    for order in ("f", "df", "d2f"):
        got, want = getattr(quick, order)(GRID), getattr(swish, order)(GRID)
        # atol: f' changes sign near z = −0.75, where β's last digits decide the rounding
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-16, err_msg=order)


def test_quick_gelus_largest_gap_to_gelu_is_what_scipy_finds():
    """The page's distance to GELU, against z·expit(1.702z) − z·ndtr(z) on a fine grid."""
    found = difference(activations.get("quick_gelu").f, activations.get("gelu").f)
    z = np.linspace(-6.0, 6.0, 1_200_001)
    gap = np.abs(z * special.expit(1.702 * z) - z * special.ndtr(z))
    assert found.largest == pytest.approx(gap.max(), rel=1e-9)
    assert sorted(abs(a) for a in found.at) == pytest.approx([abs(z[gap.argmax()])] * 2, abs=1e-5)
    tanh_gap = difference(activations.get("gelu_tanh").f, activations.get("gelu").f).largest
    assert found.largest > 10 * tanh_gap  # "far more than the tanh approximation"


def test_gelu_10_is_gelu_below_10_and_10_above():
    clipped, gelu = activations.get("gelu_10"), activations.get("gelu")
    assert clipped.breakpoints == (10.0,)
    below = GRID[GRID <= 10.0]
    np.testing.assert_array_equal(clipped.f(below), gelu.f(below))
    np.testing.assert_array_equal(clipped.df(below), gelu.df(below))
    above = np.array([10.5, 1e3, 1e300, np.inf])
    np.testing.assert_array_equal(clipped.f(above), 10.0)
    np.testing.assert_array_equal(clipped.df(above), 0.0)


def test_a_lower_bound_above_gelus_minimum_adds_two_corners_where_gelu_meets_it():
    clipped = activations.get("gelu_10", min=-0.1, max=1.0)
    left, right, top = clipped.breakpoints
    gelu = activations.get("gelu").f
    assert gelu(left) == pytest.approx(-0.1, rel=1e-14)
    assert gelu(right) == pytest.approx(-0.1, rel=1e-14)
    assert gelu(top) == pytest.approx(1.0, rel=1e-14)
    assert left < -0.75 < right < 0 < top
    assert float(clipped.f((left + right) / 2)) == -0.1 and float(clipped.df(-0.5)) == 0.0


def test_xielus_epsilon_freezes_the_exponential_and_leaves_a_jump_at_0():
    """The page: f(0) = α_n(e^ε − 1) ≈ −8·10⁻⁷, slope β − α_n on (ε, 0]; ε = 0 is continuous."""
    act = activations.get("xielu")
    p = act.params
    assert (p["alpha_p"], p["alpha_n"], p["beta"], p["eps"]) == (0.8, 0.8, 0.5, -1e-6)
    assert float(act.f(0.0)) == pytest.approx(p["alpha_n"] * math.expm1(p["eps"]), rel=1e-15)
    assert float(act.f(0.0)) == pytest.approx(-8e-7, rel=1e-5)
    inside = np.linspace(-9e-7, 0.0, 10)
    np.testing.assert_allclose(act.df(inside), p["beta"] - p["alpha_n"], rtol=1e-15)
    paper = activations.get("xielu", eps=0.0)
    assert float(paper.f(0.0)) == 0.0
    assert float(paper.df(-1e-12)) == pytest.approx(p["beta"], rel=1e-9)


def test_xielus_minimum_is_where_the_page_says():
    act = activations.get("xielu")
    alpha_n, beta = act.params["alpha_n"], act.params["beta"]
    assert act.properties.slope_sign_changes[0] == pytest.approx(math.log(1 - beta / alpha_n))
    assert float(act.f(-1e6)) == pytest.approx((alpha_n - beta) * 1e6 - alpha_n, rel=1e-12)


@pytest.mark.parametrize("cap", [0.5, 4.0, 30.0])
def test_dynamic_tanh_with_alpha_1_over_c_and_gamma_c_is_soft_capping(cap):
    dyt = activations.get("dyt", alpha=1 / cap, gamma=cap, beta=0.0)
    soft = activations.get("softcap", cap=cap)
    for order in ("f", "df", "d2f"):
        got, want = getattr(dyt, order)(GRID), getattr(soft, order)(GRID)
        # each within a few ULP of the exact value (test_accuracy.py), and 1/c is rounded
        np.testing.assert_allclose(got, want, rtol=8 * EPS64, atol=1e-300, err_msg=order)


def test_soft_capping_keeps_every_output_inside_the_cap_with_a_positive_slope():
    act = activations.get("softcap")
    z = np.concatenate([GRID, [1e3, 1e300]])
    assert np.all(np.abs(act.f(z)) <= 30.0)
    assert np.all(act.df(GRID) > 0)


def test_transformers_gelu_fast_moves_gelu_tanh_only_below_float32_resolution():
    """The GELU-tanh page: gelu_fast's 0.7978845608 is visible in float64, not in float32."""
    fast, _ = variant("transformers_gelu_fast")
    gap = np.abs(fast(GRID) - activations.get("gelu_tanh").f(GRID))
    scale = np.maximum(np.abs(GRID), 1.0)
    assert np.max(gap / scale) > 100 * EPS64
    assert np.max(gap / scale) < EPS32 / 1000


def test_sqrt_softplus_is_the_square_root_of_softplus_and_its_slope_peaks_where_f2_is_0():
    act, soft = activations.get("sqrt_softplus"), activations.get("softplus")
    np.testing.assert_allclose(act.f(GRID) ** 2, soft.f(GRID), rtol=4 * EPS64, atol=0)
    peak = act.properties.max_slope_at[0].where.low
    # f'' = 0 where 2·softplus(z) = e^z (found here independently, by bisection)
    root = optimize.brentq(lambda t: 2 * math.log1p(math.exp(t)) - math.exp(t), 0.0, 2.0)
    assert peak == pytest.approx(root, abs=1e-6)
    assert float(act.d2f(root)) == pytest.approx(0.0, abs=1e-15)
    far = np.array([-1400.0, -1e3])  # softplus itself underflows here; √softplus does not
    np.testing.assert_allclose(act.f(far), np.exp(far / 2), rtol=4 * EPS64)
