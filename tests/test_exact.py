"""The closed forms of the output ranges' ends: each one is the measured end, exactly."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import activations

EPS = np.finfo(float).eps


def ends(slug: str) -> list[tuple[float, sp.Expr | None]]:
    """(measured end, closed form or None) for every end of every interval of the range."""
    r = activations.get(slug).properties.output_range
    return [
        (measured, exact)
        for interval, pair in zip(r.intervals, r.exact, strict=True)
        for measured, exact in zip((interval.low, interval.high), pair, strict=True)
    ]


@pytest.mark.parametrize("slug", activations.names())
def test_every_closed_form_is_the_measured_end(slug):
    """The kernels' range, measured numerically, and the closed form agree to 4 ε: the exact
    end printed on the summary table is the number the measurement found."""
    for measured, exact in ends(slug):
        if exact is None:
            continue
        assert not exact.has(sp.Float), f"{slug}: {exact} is a decimal, not a closed form"
        if math.isinf(measured):
            assert exact == (sp.oo if measured > 0 else -sp.oo), (slug, measured, exact)
            continue
        value = float(exact.evalf(40))
        assert abs(value - measured) <= 4 * EPS * max(1.0, abs(measured)), (
            f"{slug}: closed form {exact} = {value!r}, measured {measured!r}"
        )


@pytest.mark.parametrize(
    "slug,low,high",
    [("arctan", -sp.pi / 2, sp.pi / 2),
     ("silu", -sp.LambertW(sp.exp(-1)), sp.oo),  # z·σ(z) is least where z = −1 − W(1/e)
     ("elish", 2 * sp.sqrt(2) - 3, sp.oo),  # least where e^z = √2 − 1
     ("hard_swish", sp.Rational(-3, 8), sp.oo),
     ("lecun_tanh", sp.Rational(-17159, 10000), sp.Rational(17159, 10000)),
     ("xielu", sp.Rational(-1, 2) - sp.Rational(3, 10) * sp.log(sp.Rational(3, 8)), sp.oo),
     ("gelu_10", None, sp.Integer(10))],
)  # fmt: skip
def test_closed_forms_found(slug, low, high):
    (_, found_low), *_, (_, found_high) = ends(slug)
    for found, wanted in ((found_low, low), (found_high, high)):
        if wanted is None or found is None or wanted.is_infinite:
            assert found == wanted, f"{slug}: found {found}, wanted {wanted}"
        else:
            assert sp.simplify(found - wanted) == 0, f"{slug}: found {found}, wanted {wanted}"


@pytest.mark.parametrize(
    "slug,why",
    [("gelu", "the root of Φ(z) + zφ(z) = 0 has no closed form"),
     ("mish", "the root of f′ has no closed form"),
     ("star_relu", "its bias −1/√5 is given as a float, 0.4472135954999579"),
     ("selu", "λα is a product of two long decimals")],
)  # fmt: skip
def test_no_closed_form_where_the_definition_gives_none(slug, why):
    (_, low), *_ = ends(slug)
    assert low is None, f"{slug}: {low}, though {why}"
