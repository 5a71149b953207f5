"""Numerically stable building blocks shared by the kernels (float64 arrays in and out).

Each is written so that no intermediate overflows and no subtraction cancels
away the answer: the tails stay accurate to a few ULP instead of rounding to
an exact 0 that claims the gradient is gone.
"""

from __future__ import annotations

import numpy as np
import scipy  # scipy.special is imported when a kernel first uses it

SQRT_2PI_INV = 0.3989422804014327  # 1/sqrt(2*pi)
_SPLIT = 134217729.0  # 2**27 + 1, Veltkamp's splitting constant
_SPLIT_LIMIT = 1e150  # beyond this the split could overflow; products there are not needed


_EXP_ARGUMENT_CAP = 800.0  # e^(-800) underflows to 0, so larger arguments change nothing


def _exp_neg_abs(x: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """e^(-scale·|x|), with the argument capped so that scale·|x| cannot overflow."""
    return np.exp(-scale * np.minimum(np.abs(x), _EXP_ARGUMENT_CAP / scale))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1/(1 + e^(-x)), as e^x/(1 + e^x) for x < 0 so the lower tail keeps its digits."""
    e = _exp_neg_abs(x)
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


def sigmoid_prime(x: np.ndarray) -> np.ndarray:
    """σ'(x) = e^(-|x|)/(1 + e^(-|x|))², never the cancelling σ(1 - σ)."""
    e = _exp_neg_abs(x)
    return e / ((1.0 + e) * (1.0 + e))


def sech2(x: np.ndarray) -> np.ndarray:
    """sech²(x) = 4t/(1 + t)² with t = e^(-2|x|), so cosh never overflows."""
    t = _exp_neg_abs(x, 2.0)
    return 4.0 * t / ((1.0 + t) * (1.0 + t))


def softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x) = max(x, 0) + log1p(e^(-|x|)), exact for large |x|."""
    return np.maximum(x, 0.0) + np.log1p(_exp_neg_abs(x))


def two_product(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(p, e) with p = fl(a·b) and p + e = a·b exactly (Dekker), for |a|, |b| < 1e150;
    a square's factor is split once."""
    p = a * b
    a_hi, a_lo = _split(a)
    b_hi, b_lo = (a_hi, a_lo) if b is a else _split(b)
    e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    return p, e


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    c = _SPLIT * a
    hi = c - (c - a)
    return hi, a - hi


def exp_neg_square(x: np.ndarray, scale: float) -> np.ndarray:
    """e^(-scale·x²) for scale a power of two, with x² carried exactly.

    Rounding x² first would cost about scale·x² ULP in the result; here the
    rounding error ``e`` of x² re-enters as the factor e^(-scale·e) ≈ 1 - scale·e.
    """
    small = np.abs(x) < _SPLIT_LIMIT
    xs = np.where(small, x, 0.0)
    p, e = two_product(xs, xs)
    value = np.exp(-scale * p) * (1.0 - scale * e)
    return np.where(small, value, 0.0)


def normal_pdf(x: np.ndarray) -> np.ndarray:
    """φ(x) = e^(-x²/2)/√(2π)."""
    return SQRT_2PI_INV * exp_neg_square(x, 0.5)


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Φ(x), through erfc in the lower tail (scipy's ndtr)."""
    return scipy.special.ndtr(x)
