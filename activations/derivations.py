"""Step-by-step derivations of the best-known derivatives, kept as data.

Each :class:`Derivation` starts from the un-taken derivative of a function's
definition and ends at the form the site prints; every step is a sympy
expression equal to the one before it. ``tests/test_derivations.py`` checks
each step against the next and the last against the package's own derivative,
so a derivation on the site cannot contain a wrong step.

In a step, ``y`` stands for the output f(z) of the forward pass, and a symbol
named like a parameter (``alpha``, ``beta``) is that parameter.

>>> from activations import derivations
>>> [tex for _, tex in derivations.latex_steps("tanh")][-1]
'= 1 - y^{2}'
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from activations._symbolic import Phi, phi, sigma, site_printer, y, z
from activations._vectors import _common as vs
from activations._vectors._common import _minus
from activations._vectors.entmax15 import _P as P
from activations._vectors.sparsemax import TAU


@dataclass(frozen=True)
class Step:
    """One line of a derivation: what was done, in plain words, and the expression it gives."""

    text: str
    expr: sp.Expr


@dataclass(frozen=True)
class Derivation:
    """The derivative ``lhs`` of one activation, taken step by step.

    ``slug`` names the activation in the catalog; ``lhs`` is the derivative being
    taken, printed in front of the first step (an undefined function such as
    ``ReLU(z)`` in it stands for the activation itself).
    """

    slug: str
    title: str
    lhs: sp.Expr
    steps: tuple[Step, ...]


class _StepPrinter(site_printer()):  # type: ignore[misc]  # a base made on first use
    """The site's printer (``to_latex``), with two changes for derivations.

    Terms and factors keep the order in which a step is written: ``to_latex`` sorts
    them, and ``σ(z) + zσ(z)(1 − σ(z))`` must not come out as ``z(1 − σ(z))σ(z) + σ(z)``.
    And d/dz is always a straight d, with a product or sum in brackets: every
    derivative here is in z alone, even where a parameter such as α appears.
    """

    def __init__(self):
        super().__init__({"order": "none"})

    def _print_Derivative(self, expr):
        ((variable, count),) = expr.variable_count
        if count != 1:
            return super()._print_Derivative(expr)
        body = self._print(expr.expr)
        if isinstance(expr.expr, sp.Add) or (
            isinstance(expr.expr, sp.Mul) and not body.startswith(r"\frac")
        ):
            body = rf"\left({body}\right)"
        return rf"\frac{{d}}{{d {self._print(variable)}}} {body}"


def step_latex(expr: sp.Expr) -> str:
    """KaTeX for a step, printed from its expression (see :class:`_StepPrinter`)."""
    return _StepPrinter().doprint(expr)


def _d(expr: sp.Expr) -> sp.Derivative:
    """d/dz of ``expr``, not taken."""
    return sp.Derivative(expr, z, evaluate=False)


def _held(*parts: sp.Expr) -> sp.Expr:
    """A product of ``parts`` shown as written: no merging into one fraction."""
    return sp.Mul(*(sp.UnevaluatedExpr(p) for p in parts), evaluate=False)


def _sum(*terms: sp.Expr) -> sp.Expr:
    """A sum kept as written: no collecting or cancelling of terms."""
    return sp.Add(*terms, evaluate=False)


def _product(*factors: sp.Expr) -> sp.Expr:
    """A product kept as written: no collecting of factors."""
    return sp.Mul(*factors, evaluate=False)


alpha = sp.Symbol("alpha", real=True)
beta = sp.Symbol("beta", real=True)
_e = sp.exp(-z)
_u = 1 + _e  # the sigmoid's denominator
_right = z > 0
_left = z < 0


def _sigmoid() -> Derivation:
    return Derivation(
        slug="sigmoid",
        title="The sigmoid's slope from its own output",
        lhs=sp.Derivative(sigma(z), z),
        steps=(
            Step(
                "Write the sigmoid as its denominator raised to the power −1, "
                "so that the chain rule applies.",
                _d(sp.Pow(_u, sp.UnevaluatedExpr(-1))),
            ),
            Step(
                "Chain rule: the outer power u⁻¹ has derivative −u⁻², "
                "multiplied by the derivative of the inside u = 1 + e^(−z).",
                _product(-1, sp.Pow(_u, sp.UnevaluatedExpr(-2)), _d(_u)),
            ),
            Step(
                "The inside's derivative is −e^(−z) (the chain rule again, on e^(−z)). "
                "Its minus sign cancels the one in front.",
                _e / _u**2,
            ),
            Step(
                "Split the fraction into a product of two fractions over the same denominator.",
                _held(1 / _u, _e / _u),
            ),
            Step(
                "In the second fraction, add and subtract 1 in the numerator "
                "(this changes nothing).",
                _held(1 / _u, _sum(1, _e, -1) / _u),
            ),
            Step(
                "So the second fraction is 1 minus the first one: 1 − σ(z) = e^(−z)/(1 + e^(−z)).",
                _held(1 / _u, _sum(1, -1 / _u)),
            ),
            Step("Both fractions are the sigmoid itself.", _product(sigma(z), 1 - sigma(z))),
            Step(
                "Written with the output y = σ(z) that the forward pass already computed, "
                "the slope costs one subtraction and one multiplication, "
                "with no new exponential.",
                _product(y, 1 - y),
            ),
        ),
    )


def _tanh() -> Derivation:
    s, c = sp.sinh(z), sp.cosh(z)
    return Derivation(
        slug="tanh",
        title="tanh′ = 1 − tanh² by the quotient rule",
        lhs=sp.Derivative(sp.tanh(z), z),
        steps=(
            Step("Write tanh as the ratio of the hyperbolic sine and cosine.", _d(s / c)),
            Step(
                "Quotient rule: (bottom × top′ − top × bottom′) / bottom².",
                _sum(_product(c, _d(s)), -_product(s, _d(c))) / c**2,
            ),
            Step(
                "The derivative of sinh is cosh, and the derivative of cosh is sinh.",
                _sum(c**2, -(s**2)) / c**2,
            ),
            Step(
                "Split the fraction in two.",
                _sum(_product(c**2, sp.Pow(c**2, -1, evaluate=False)), -(s**2) / c**2),
            ),
            Step(
                "The first part is 1 and the second is tanh². (Because cosh² − sinh² = 1, the "
                "same derivative is also 1/cosh²(z) = sech²(z), a form some tables use.)",
                1 - sp.tanh(z) ** 2,
            ),
            Step(
                "Written with the output y = tanh(z) of the forward pass, the slope costs "
                "one multiplication and one subtraction.",
                1 - y**2,
            ),
        ),
    )


def _kink(name, left, right, piece_text, slopes_text, zero_text, at_zero):
    """Steps and lhs for two pieces meeting at z = 0: ``left`` for z ≤ 0, ``right`` above.

    The last step gives z = 0 the slope ``at_zero`` (the package's value there).
    """
    f = sp.Piecewise((left, z <= 0), (right, True))
    d_left, d_right = sp.diff(left, z), sp.diff(right, z)
    return [
        Step(piece_text, _d(f)),
        Step(
            "Away from z = 0 each piece is an ordinary formula: differentiate each one on "
            "its own side. The point z = 0 itself is left out for now.",
            sp.Piecewise((_d(left), _left), (_d(right), _right)),
        ),
        Step(slopes_text, sp.Piecewise((d_left, _left), (d_right, _right))),
        Step(zero_text, sp.Piecewise((at_zero, z <= 0), (d_right, True))),
    ], sp.Derivative(sp.Function(name)(z), z)


def _relu() -> Derivation:
    steps, lhs = _kink(
        "ReLU",
        sp.Integer(0),
        z,
        "ReLU is max(0, z): the constant 0 for z ≤ 0 and the identity above.",
        "The constant 0 has slope 0; the identity z has slope 1.",
        "At z = 0 the slope from the left (0) and from the right (1) disagree: there is a "
        "corner and no derivative. Any value between 0 and 1 is a valid subgradient; PyTorch, "
        "JAX and this package use 0, so a unit whose input is exactly 0 gets no gradient.",
        sp.Integer(0),
    )
    return Derivation("relu", "ReLU: a step function for a derivative", lhs, tuple(steps))


def _leaky_relu() -> Derivation:
    steps, lhs = _kink(
        "LeakyReLU",
        alpha * z,
        z,
        "Leaky ReLU multiplies negative inputs by a small slope α (0.01 by default in "
        "PyTorch) and passes positive ones through.",
        "A line αz has slope α; the identity has slope 1.",
        "At z = 0 the two slopes, α and 1, disagree (unless α = 1, when the function is "
        "the identity). PyTorch and this package use α there, the slope of the z ≤ 0 piece; "
        "JAX uses 1. Either way the slope is never 0 when α > 0, so no unit goes silent.",
        alpha,
    )
    return Derivation("leaky_relu", "Leaky ReLU: two slopes, never zero", lhs, tuple(steps))


def _elu() -> Derivation:
    left = _product(alpha, _sum(sp.exp(z), -1))
    steps, lhs = _kink(
        "ELU",
        left,
        z,
        "ELU follows the curve α(e^z − 1) for z ≤ 0, which levels off at −α, "
        "and the identity above.",
        "The constant −α drops out and e^z is its own derivative; the identity has slope 1.",
        "At z = 0 the left slope is α·e⁰ = α and the right slope is 1. They match only when "
        "α = 1, which is why ELU with α = 1 has a continuous slope (it is C¹) and other values "
        "of α leave a corner. PyTorch, JAX and this package use α at 0.",
        alpha * sp.exp(z),
    )
    steps += [
        Step(
            "On the left piece, write αe^z as α(e^z − 1) + α: the first term is the output itself.",
            sp.Piecewise((_sum(left, alpha), z <= 0), (1, True)),
        ),
        Step(
            "So with the output y = ELU(z) from the forward pass, the slope for z ≤ 0 is "
            "y + α, with no new exponential (y ≤ 0 exactly when z ≤ 0, for α > 0).",
            sp.Piecewise((_sum(y, alpha), y <= 0), (1, True)),
        ),
    ]
    return Derivation("elu", "ELU: the exponential piece and its output form", lhs, tuple(steps))


def _softplus() -> Derivation:
    grow = sp.exp(beta * z)
    return Derivation(
        slug="softplus",
        title="The slope of softplus is the sigmoid",
        lhs=sp.Derivative(sp.Function("softplus_beta")(z), z),
        steps=(
            Step(
                "Softplus is log(1 + e^(βz))/β; β = 1 gives the textbook form log(1 + e^z).",
                _d(sp.log(1 + grow) / beta),
            ),
            Step(
                "Chain rule: the derivative of log u is 1/u, times the derivative of the "
                "inside u = 1 + e^(βz).",
                _held(1 / beta, 1 / (1 + grow), _d(1 + grow)),
            ),
            Step(
                "The inside's derivative is βe^(βz), and the β cancels the 1/β in front.",
                grow / (1 + grow),
            ),
            Step("Divide the top and the bottom by e^(βz).", 1 / (1 + sp.exp(-beta * z))),
            Step("That is the sigmoid evaluated at βz; for β = 1, softplus′ = σ.", sigma(beta * z)),
            Step(
                "With the output y: from y = log(1 + e^(βz))/β, e^(βy) = 1 + e^(βz), so "
                "σ(βz) = e^(βz)/e^(βy) = 1 − e^(−βy).",
                1 - sp.exp(-beta * y),
            ),
        ),
    )


def _silu() -> Derivation:
    g = sigma(beta * z)
    return Derivation(
        slug="silu",
        title="SiLU by the product rule",
        lhs=sp.Derivative(sp.Function("SiLU_beta")(z), z),
        steps=(
            Step(
                "SiLU multiplies the input by a sigmoid gate of itself: z·σ(βz). "
                "β = 1, the default, is the SiLU of PyTorch, JAX and Keras; "
                "other values give the swish of Ramachandran et al.",
                _d(_product(z, g)),
            ),
            Step(
                "Product rule: (uv)′ = u′v + uv′, with u = z and v = σ(βz), "
                "written here with the gate first.",
                _sum(_product(g, _d(z)), _product(z, _d(g))),
            ),
            Step(
                "The derivative of z is 1. For the gate, the chain rule and σ′ = σ(1 − σ) "
                "from the sigmoid's derivation give βσ(βz)(1 − σ(βz)).",
                _sum(g, _product(beta, z, g, 1 - g)),
            ),
            Step(
                "Take the gate σ(βz) out as a common factor; for β = 1 this is "
                "σ(z)(1 + z(1 − σ(z))). For z > 0 the bracket is above 1, and for moderate z "
                "it more than makes up for the gate being below 1: the slope rises a little "
                "above 1 before settling back to 1.",
                _product(g, _sum(1, _product(beta, z, 1 - g))),
            ),
        ),
    )


# √(2π) as a single root, shown under a fraction bar: sympy would write √2·√π.
_root_two_pi = sp.Pow(_product(2, sp.pi), sp.S.Half, evaluate=False)
_over_root_two_pi = sp.Pow(_root_two_pi, -1, evaluate=False)


def _gelu() -> Derivation:
    return Derivation(
        slug="gelu",
        title="GELU by the product rule",
        lhs=sp.Derivative(sp.Function("GELU")(z), z),
        steps=(
            Step(
                "GELU weights the input by Φ(z), the probability that a standard normal "
                "variable is below z.",
                _d(_product(z, Phi(z))),
            ),
            Step(
                "Product rule, with u = z and v = Φ(z), written with Φ first.",
                _sum(_product(Phi(z), _d(z)), _product(z, _d(Phi(z)))),
            ),
            Step(
                "The derivative of z is 1, and the derivative of the normal distribution "
                "function Φ is the normal density φ.",
                _sum(Phi(z), _product(z, phi(z))),
            ),
            Step(
                "Written out, φ(z) = e^(−z²/2)/√(2π).",
                _sum(Phi(z), _product(z, sp.exp(-(z**2) / 2), _over_root_two_pi)),
            ),
        ),
    )


DERIVATIONS: dict[str, Derivation] = {
    d.slug: d
    for d in (_sigmoid(), _tanh(), _relu(), _leaky_relu(), _softplus(), _elu(), _silu(), _gelu())
}


# --- the Jacobians of the vector-valued activations ------------------------------------------


@dataclass(frozen=True)
class JacobianDerivation:
    """One block of a vector-valued activation's Jacobian, taken step by step.

    Steps are in the indexed symbols of the record's formulas (z_i, z_j, the sum over
    k = 1..n; a_i, b_i for GLU). ``wrt`` is the input differentiated by (z_j, a_j or b_j) and
    ``block`` the block of the record's Jacobian the last step gives; the record's label is
    printed in front of the first step. ``where`` names the shorthands the steps use (S for
    a sum), each with what it stands for; s_k stands for the output of ``outputs``'s record
    (softmax's for log-softmax and log-sum-exp).

    A ``sparse`` output (sparsemax, entmax) is 0 off its support S = {k : p_k > 0}, which a
    small change of z away from ties keeps: the steps hold on a fixed support, s_k its 0/1
    indicator, and ``where`` says, in order, what p and the threshold τ are there.
    """

    slug: str
    title: str
    wrt: sp.Expr
    steps: tuple[Step, ...]
    where: tuple[tuple[sp.Expr, sp.Expr], ...] = ()
    outputs: str = ""
    block: int = 0
    sparse: bool = False


_SUM = sp.Symbol("S", positive=True)  # the sum of the exponentials, in the steps below


def _dv(expr: sp.Expr, wrt: sp.Expr) -> sp.Derivative:
    """∂/∂wrt of ``expr``, not taken."""
    return sp.Derivative(expr, wrt, evaluate=False)


def _quotient_steps(text: str, top: sp.Expr, wrt: sp.Expr) -> tuple[Step, Step]:
    """∂/∂wrt of top/S, and the quotient rule applied to it."""
    return (
        Step(text, _dv(top / _SUM, wrt)),
        Step(
            "Quotient rule: (bottom × top′ − top × bottom′) / bottom².",
            _sum(_product(_dv(top, wrt), _SUM), -_product(top, _dv(_SUM, wrt))) / _SUM**2,
        ),
    )


def _softmax_jacobian() -> JacobianDerivation:
    e_i, e_j = sp.exp(vs._z[vs._i] / vs._TAU), sp.exp(vs._z[vs._j] / vs._TAU)
    delta, tau_inv = sp.KroneckerDelta(vs._i, vs._j), sp.Pow(vs._TAU, -1)
    s_i, s_j = vs._s[vs._i], vs._s[vs._j]
    zj = vs._z[vs._j]
    return JacobianDerivation(
        slug="softmax",
        title="The softmax Jacobian by the quotient rule",
        wrt=zj,
        where=((_SUM, vs._sum_k(lambda k: sp.exp(vs._z[k] / vs._TAU))),),
        outputs="softmax",
        steps=(
            *_quotient_steps(
                "Write s_i as a quotient, with S = Σ_k e^(z_k/τ) the sum of all the "
                "exponentials (τ = 1 is plain softmax).",
                e_i,
                zj,
            ),
            Step(
                "The top e^(z_i/τ) depends on z_j only when i = j, which the Kronecker delta "
                "δ_ij says (1 if i = j, else 0); of the sum S only the term k = j does. "
                "The chain rule through z/τ gives both a factor 1/τ, taken out in front.",
                _held(tau_inv, _sum(_product(delta, e_i, _SUM), -_product(e_i, e_j)) / _SUM**2),
            ),
            Step(
                "Split the fraction in two.",
                _product(
                    tau_inv,
                    _sum(_product(delta, _held(e_i / _SUM)), -_held(e_i / _SUM, e_j / _SUM)),
                ),
            ),  # fmt: skip
            Step(
                "Each fraction e^(z_k/τ)/S is an output s_k.",
                _product(tau_inv, _sum(_product(delta, s_i), -_product(s_i, s_j))),
            ),
            Step(
                "Take out s_i. On the diagonal this is s_i(1 − s_i)/τ, the sigmoid's "
                "σ(1 − σ) again; off it −s_i s_j/τ, always negative.",
                activations_form("softmax", 0),
            ),
        ),
    )


def _log_softmax_jacobian() -> JacobianDerivation:
    zi, zj = vs._z[vs._i], vs._z[vs._j]
    delta, tau_inv = sp.KroneckerDelta(vs._i, vs._j), sp.Pow(vs._TAU, -1)
    e_j = sp.exp(zj / vs._TAU)
    return JacobianDerivation(
        slug="log_softmax",
        title="The log-softmax Jacobian: one term each",
        wrt=zj,
        where=((_SUM, vs._sum_k(lambda k: sp.exp(vs._z[k] / vs._TAU))),),
        outputs="softmax",
        steps=(
            Step(
                "Log-softmax is z_i/τ − log S, with S = Σ_k e^(z_k/τ).",
                _dv(_sum(zi / vs._TAU, -sp.log(_SUM)), zj),
            ),
            Step(
                "Differentiate term by term. The first is δ_ij/τ (z_i depends on z_j only when "
                "i = j); the chain rule on log S gives 1/S times the derivative of S.",
                _sum(_product(delta, tau_inv), -_product(sp.Pow(_SUM, -1), _dv(_SUM, zj))),
            ),
            Step(
                "Only the term k = j of S depends on z_j, with derivative e^(z_j/τ)/τ.",
                _sum(_product(delta, tau_inv), -_held(tau_inv, e_j / _SUM)),
            ),
            Step(
                "The fraction e^(z_j/τ)/S is softmax's s_j; take out 1/τ. No s_i multiplies "
                "the result: the logarithm divided it out, which is why log-softmax with "
                "cross-entropy has the gradient s − y.",
                activations_form("log_softmax", 0),
            ),
        ),
    )


def _softmin_jacobian() -> JacobianDerivation:
    e_i, e_j = sp.exp(-vs._z[vs._i]), sp.exp(-vs._z[vs._j])
    delta = sp.KroneckerDelta(vs._i, vs._j)
    s_i, s_j = vs._s[vs._i], vs._s[vs._j]
    zj = vs._z[vs._j]
    return JacobianDerivation(
        slug="softmin",
        title="The softmin Jacobian: softmax's with the sign flipped",
        wrt=zj,
        where=((_SUM, vs._sum_k(lambda k: sp.exp(-vs._z[k]))),),
        outputs="softmin",
        steps=(
            *_quotient_steps("Write s_i as a quotient, with S = Σ_k e^(−z_k).", e_i, zj),
            Step(
                "The derivative of e^(−z) is −e^(−z) (chain rule); the top depends on z_j only "
                "when i = j (δ_ij), and of S only the term k = j does.",
                _sum(-_product(delta, e_i, _SUM), _product(e_i, e_j)) / _SUM**2,
            ),
            Step(
                "Take out −1 and split the fraction in two.",
                _product(
                    -1, _sum(_product(delta, _held(e_i / _SUM)), -_held(e_i / _SUM, e_j / _SUM))
                ),
            ),
            Step(
                "Each fraction e^(−z_k)/S is an output s_k.",
                _product(-1, _sum(_product(delta, s_i), -_product(s_i, s_j))),
            ),
            Step(
                "Take out s_i: softmax's Jacobian with the opposite sign. Raising a score "
                "lowers its own probability and raises every other one.",
                activations_form("softmin", 0),
            ),
        ),
    )


def _logsumexp_jacobian() -> JacobianDerivation:
    zj = vs._z[vs._j]
    return JacobianDerivation(
        slug="logsumexp",
        title="The gradient of log-sum-exp is softmax",
        wrt=zj,
        where=((_SUM, vs._sum_k(lambda k: sp.exp(vs._z[k]))),),
        outputs="softmax",
        steps=(
            Step("Log-sum-exp is log S, with S = Σ_k e^(z_k).", _dv(sp.log(_SUM), zj)),
            Step(
                "Chain rule: the derivative of log S is 1/S times the derivative of S.",
                _product(sp.Pow(_SUM, -1), _dv(_SUM, zj)),
            ),
            Step("Only the term k = j of S depends on z_j.", _held(sp.exp(zj) / _SUM)),
            Step(
                "That is softmax's s_j: the gradient is the softmax vector, and the Hessian, "
                "the derivative of the gradient, is softmax's Jacobian.",
                activations_form("logsumexp", 0),
            ),
        ),
    )


def _gated_jacobian(
    slug: str, name: str, gate: str, form: sp.Expr, block: int, slope: tuple[Step, ...]
) -> JacobianDerivation:
    """A block of a ⊙ φ(b)'s Jacobian, for the gate φ called ``gate`` with φ(b_i) = ``form``;
    ``slope`` takes the gate's derivative in block 1, ending at the record's entry."""
    a_i = vs._a[vs._i]
    g = _product(a_i, form)
    output = f"{name}'s output i is a_i {gate}(b_i)"
    if block == 0:
        wrt = vs._a[vs._j]
        steps: tuple[Step, ...] = (
            Step(f"{output}: the value a_i times its gate.", _dv(g, wrt)),
            Step(
                "The gate does not depend on the values a, and a_i depends on a_j only when "
                f"i = j (δ_ij). So the gradient through the value is the gate {gate}(b_i) "
                "itself, with no activation derivative to shrink it.",
                activations_form(slug, 0),
            ),
        )
        return JacobianDerivation(slug, f"{name}: the value's block", wrt, steps, block=0)
    wrt = vs._b[vs._j]
    steps = (
        Step(f"{output}.", _dv(g, wrt)),
        Step(
            "The value a_i does not depend on b: it stays a factor, and the chain rule acts "
            "on the gate.",
            _product(a_i, _dv(form, wrt)),
        ),
        *slope,
    )
    return JacobianDerivation(slug, f"{name}: the gate's block", wrt, steps, block=1)


def _glu_jacobian(block: int) -> JacobianDerivation:
    slope = (
        Step(
            "σ(b_i) depends on b_j only when i = j (δ_ij), and σ′ = σ(1 − σ) (the "
            "sigmoid's derivation shows why).",
            activations_form("glu", 1),
        ),
    )
    return _gated_jacobian("glu", "GLU", "σ", sigma(vs._b[vs._i]), block, slope)


def _swiglu_jacobian(block: int) -> JacobianDerivation:
    b_i = vs._b[vs._i]
    delta, gate = sp.KroneckerDelta(vs._i, vs._j), sigma(b_i)
    slope = (
        Step(
            "SiLU(b_i) = b_i σ(b_i) depends on b_j only when i = j (δ_ij). Product rule, "
            "with σ′ = σ(1 − σ) (the sigmoid's derivation shows why).",
            _product(delta, vs._a[vs._i], _sum(gate, _product(b_i, gate, 1 - gate))),
        ),
        Step(
            "Take out σ(b_i): SiLU′(b) = σ(b)(1 + b(1 − σ(b))), which is negative for "
            "b below about −1.28, so there the gradient through the gate flips sign.",
            activations_form("swiglu", 1),
        ),
    )
    return _gated_jacobian("swiglu", "SwiGLU", "SiLU", _product(b_i, gate), block, slope)


def _geglu_jacobian(block: int) -> JacobianDerivation:
    b_i = vs._b[vs._i]
    slope = (
        Step(
            "GELU(b_i) = b_i Φ(b_i) depends on b_j only when i = j (δ_ij). Product rule, "
            "with Φ′ = φ, the standard normal density.",
            activations_form("geglu", 1),
        ),
    )
    return _gated_jacobian("geglu", "GEGLU", "GELU", _product(b_i, Phi(b_i)), block, slope)


def _reglu_jacobian(block: int) -> JacobianDerivation:
    slope = (
        Step(
            "ReLU(b_i) depends on b_j only when i = j (δ_ij). For b_i ≠ 0 its slope is 1 "
            "(b_i > 0) or 0 (b_i < 0). At b_i = 0 there is a corner and no derivative; the "
            "record takes 0 there, as PyTorch and JAX do (the ReLU derivation above).",
            activations_form("reglu", 1),
        ),
    )
    relu = sp.Max(0, vs._b[vs._i])
    return _gated_jacobian("reglu", "ReGLU", "ReLU", relu, block, slope)


def _on_support(form: str) -> str:
    """The text of the step that fixes a sparse output's support, where p_i = s_i ``form``."""
    return (
        "Away from ties a small change of z keeps the support S = {k : p_k > 0}; with s_k "
        f"its indicator (1 in S, 0 outside), p_i = s_i {form}, and τ moves with z."
    )


def _sparsemax_jacobian() -> JacobianDerivation:
    z_i, s_i, zj = vs._z[vs._i], vs._s[vs._i], vs._z[vs._j]
    delta = sp.KroneckerDelta(vs._i, vs._j)
    size = vs._sum_k(lambda k: vs._s[k])
    below = _minus(z_i, TAU)
    return JacobianDerivation(
        slug="sparsemax",
        title="Sparsemax: the projection onto Σ p = 1, on the support",
        wrt=zj,
        where=(
            (sp.Max(0, below), _product(s_i, below)),
            (TAU, (vs._sum_k(lambda k: vs._s[k] * vs._z[k]) - 1) / size),
        ),
        sparse=True,
        steps=(
            Step(
                "p_i = max(0, z_i − τ), with τ the threshold that makes Σ_k p_k = 1.",
                _dv(sp.Max(0, below), zj),
            ),
            Step(_on_support("(z_i − τ)"), _dv(_product(s_i, below), zj)),
            Step(
                "s_i is constant, and z_i depends on z_j only when i = j (δ_ij).",
                _product(s_i, _minus(delta, _dv(TAU, zj))),
            ),
            Step(
                "On the support Σ_k p_k = 1 reads Σ_k s_k (z_k − τ) = 1, so τ = "
                "(Σ_k s_k z_k − 1)/|S| with |S| = Σ_k s_k, and ∂τ/∂z_j = s_j/|S|. The "
                "Jacobian is 0 off the support and the projection onto Σ_k p_k = 1 on it; it "
                "jumps where an entry meets τ.",
                activations_form("sparsemax", 0),
            ),
        ),
    )


def _entmax15_jacobian() -> JacobianDerivation:
    z_i, s_i, zj = vs._z[vs._i], vs._s[vs._i], vs._z[vs._j]
    delta = sp.KroneckerDelta(vs._i, vs._j)
    half = _minus(z_i / 2, TAU)
    size = vs._sum_k(lambda k: vs._s[k])
    mean = vs._sum_k(lambda k: vs._s[k] * vs._z[k]) / (2 * size)
    squares = vs._sum_k(lambda k: vs._s[k] * vs._z[k] ** 2) / 4
    root_i, root_j = sp.sqrt(P[vs._i]), sp.sqrt(P[vs._j])
    root_sum = vs._sum_k(lambda k: sp.sqrt(P[k]))
    roots = [(sp.sqrt(P[m]), vs._s[m] * (vs._z[m] / 2 - TAU)) for m in (vs._i, vs._j)]
    roots.append((root_sum, vs._sum_k(lambda k: vs._s[k] * (vs._z[k] / 2 - TAU))))
    return JacobianDerivation(
        slug="entmax15",
        title="1.5-entmax: implicit differentiation on the support",
        wrt=zj,
        where=(
            (sp.Pow(sp.Max(0, half), 2), _product(s_i, sp.Pow(half, 2))),
            *roots,
            (TAU, mean - sp.sqrt((1 - squares + size * mean**2) / size)),
        ),
        sparse=True,
        steps=(
            Step(
                "p_i = max(0, z_i/2 − τ)², with τ the threshold that makes Σ_k p_k = 1.",
                _dv(sp.Pow(sp.Max(0, half), 2), zj),
            ),
            Step(_on_support("(z_i/2 − τ)²"), _dv(_product(s_i, sp.Pow(half, 2)), zj)),
            Step(
                "Chain rule: s_i is constant, z_i/2 depends on z_j only when i = j (δ_ij/2), "
                "and τ depends on every z_j.",
                _product(2, s_i, half, _minus(delta / 2, _dv(TAU, zj))),
            ),
            Step(
                "On the support z_i/2 − τ = √p_i, and off it s_i = √p_i = 0: so "
                "s_i (z_i/2 − τ) = √p_i.",
                _product(2, root_i, _minus(delta / 2, _dv(TAU, zj))),
            ),
            Step(
                "Differentiate the condition Σ_k p_k = 1 in z_j the same way: "
                "Σ_k 2√p_k (δ_kj/2 − ∂τ/∂z_j) = 0, so ∂τ/∂z_j = √p_j / (2 Σ_k √p_k).",
                _product(2, root_i, _minus(delta / 2, root_j / (2 * root_sum))),
            ),
            Step(
                "Multiply out: J = diag(√p) − √p √pᵀ / Σ_k √p_k, symmetric with rows summing "
                "to 0. Unlike sparsemax's it is continuous: √p_i → 0 as i leaves the support.",
                activations_form("entmax15", 0),
            ),
        ),
    )


def activations_form(slug: str, block: int) -> sp.Expr:
    """Block ``block`` of the Jacobian entry that the record ``slug`` prints."""
    from activations._registry import vector_record

    return vector_record(slug).sympy.jacobian[block]


JACOBIAN_DERIVATIONS: dict[str, tuple[JacobianDerivation, ...]] = {
    "softmax": (_softmax_jacobian(),),
    "log_softmax": (_log_softmax_jacobian(),),
    "softmin": (_softmin_jacobian(),),
    "logsumexp": (_logsumexp_jacobian(),),
    "glu": (_glu_jacobian(0), _glu_jacobian(1)),
    "swiglu": (_swiglu_jacobian(0), _swiglu_jacobian(1)),
    "geglu": (_geglu_jacobian(0), _geglu_jacobian(1)),
    "reglu": (_reglu_jacobian(0), _reglu_jacobian(1)),
    "sparsemax": (_sparsemax_jacobian(),),
    "entmax15": (_entmax15_jacobian(),),
}


class _JacobianStepPrinter(vs.vector_printer()):  # type: ignore[misc]  # made on first use
    """The vector formulas' printer, with ∂ for every derivative: ∂S/∂z_j for a symbol,
    ∂/∂z_j (…) with brackets around anything longer."""

    def _print_Derivative(self, expr):
        ((variable, _),) = expr.variable_count
        wrt = self._print(variable)
        if isinstance(expr.expr, sp.Symbol | sp.Indexed):
            return rf"\frac{{\partial {self._print(expr.expr)}}}{{\partial {wrt}}}"
        return rf"\frac{{\partial}}{{\partial {wrt}}}\left({self._print(expr.expr)}\right)"


def jacobian_latex_steps(derivation: JacobianDerivation) -> list[tuple[str, str]]:
    """Each step as (explanation, KaTeX); the first begins with the record's label."""
    from activations._registry import vector_record

    label = vector_record(derivation.slug).labels.jacobian[derivation.block]
    printer = _JacobianStepPrinter()
    return [
        (step.text, (label if i == 0 else "= ") + printer.doprint(step.expr))
        for i, step in enumerate(derivation.steps)
    ]


def get(slug: str) -> Derivation:
    """The derivation for ``slug``; ``KeyError`` names the ones that exist."""
    try:
        return DERIVATIONS[slug]
    except KeyError:
        known = ", ".join(DERIVATIONS)
        raise KeyError(f"no derivation for {slug!r} (derivations: {known})") from None


def latex_steps(slug: str) -> list[tuple[str, str]]:
    """Each step of ``slug``'s derivation as (explanation, KaTeX); the first begins with lhs =."""
    derivation = get(slug)
    steps = []
    for i, step in enumerate(derivation.steps):
        head = step_latex(derivation.lhs) if i == 0 else ""
        steps.append((step.text, f"{head} = {step_latex(step.expr)}".lstrip()))
    return steps
