"""Where floating point, not the program's mathematics, decides the answer.

At the test point the instrumented copy (``trace.instrument``) also watches for
the three ways a finite program value can stop carrying its derivative:

* **overflow**: an operation or a NumPy/``math`` call makes a non-finite value
  from finite operands (``lam *= lam`` fifty times, ``np.exp(800.0)``,
  ``np.log(0.0)``). Any AD then differentiates through ``inf`` (``0 * inf``
  is NaN) while finite differences of the saturated result see a flat function;
* **a domain edge**: ``arcsin``/``arccos``/``arctanh`` of an argument that has
  rounded to exactly ±1, or ``sqrt`` of an exact 0 (``np.sqrt(np.sum(r * r))`` of a row
  ``r`` that is zero for every input near the point), where the derivative is infinite: any
  AD multiplies it by the zero derivative of the argument (NaN), finite differences see 0;
* **ill-conditioning**: ``sin``/``cos``/``tan`` of an argument so large that its
  rounding error (``eps·|x|``) exceeds the oracle's tolerance: the value and
  its derivative have no correct digits there, for s2sad and any reference;
* **absorption**: ``a + b`` or ``a - b`` (an operator, ``np.add``/``np.subtract``)
  where a nonzero operand is below ``1e-13`` of the other (``(v - 2.7e22) + 2.7e22``
  is ``0.0``, not ``v``: campaign 1900000, seed 1909648), or a sum reduction
  (``np.sum``, ``np.mean``, ``sum``, ... of an array or a list) with a nonzero term
  below ``1e-13`` of the largest term summed with it. Finite differences of the
  float program no longer see that operand; its derivative is real, and any AD
  (autograd as well as s2sad) keeps it.

``Watch.note`` keeps the first such finding as a sentence; the oracle then
reports a mismatch at that point as ``range`` instead of ``wrong`` (a wrong
gradient elsewhere is still reported). Inputs themselves are finite, and
constants such as ``np.inf`` are not findings: only a non-finite value *made
from finite operands* counts.

It also keeps ``largest``, the largest finite magnitude any operation or call made there: the
scale of the terms a result may cancel from (``np.diff`` of equal values of 1e14 is 0.0
exactly, and any derivative of it is a residue of order ``eps * 1e14``).

Invariant: watching never changes a value (the wrappers compute exactly what
the originals compute and only look).
"""
import math
import operator

import numpy as np

__all__ = ["ARITH", "Watch", "finite"]

EPS = np.finfo(float).eps
TRIG_TOL = 1e-7          # eps·|x| above this leaves no digit at the oracle's 1e-5 tolerance
EDGES = {"arcsin", "arccos", "arctanh", "asin", "acos", "atanh"}
ZERO_EDGES = {"sqrt"}     # infinite derivative at 0
TRIG = {"sin", "cos", "tan"}
ABSORB = 1e-13           # a nonzero term below this fraction of the other leaves no trace in a sum
SUMS = {"Add", "Sub", "add", "subtract"}
REDUCTIONS = {"sum", "mean", "average", "nansum", "nanmean", "cumsum", "fsum"}   # axis: 2nd argument or keyword
ARITH = {"Add": operator.add, "Sub": operator.sub, "Mult": operator.mul, "Div": operator.truediv,
         "Pow": operator.pow, "MatMult": operator.matmul}


def finite(x):
    """True unless ``x`` (a number, an array, or a tuple/list of them) holds a non-finite float."""
    if isinstance(x, (float, np.floating)):
        return math.isfinite(x)
    if isinstance(x, np.ndarray):
        return x.dtype.kind not in "fc" or bool(np.isfinite(x).all())
    if isinstance(x, (tuple, list)):
        return all(finite(i) for i in x)
    return True


def _magnitude(x):
    try:
        a = np.abs(np.asarray(x, dtype=np.float64))
    except (TypeError, ValueError):
        return 0.0
    return float(np.max(a)) if a.size else 0.0


class Watch:
    """The first range finding at the test point (``finding``), while ``on``."""

    def __init__(self):
        self.on = False
        self.finding = None

    @property
    def finding(self):
        """The first finding; an absorption only if there is no other (it may be a constant's)."""
        return self._finding or self._absorption

    @finding.setter
    def finding(self, value):
        self._finding, self._absorption = value, None
        self.largest = 0.0

    def saw(self, value):
        """Note the magnitude of a value made at the test point (``largest``)."""
        if self.on:
            m = _magnitude(value) if not isinstance(value, (tuple, list)) else \
                max([_magnitude(v) for v in value] + [0.0])
            if math.isfinite(m) and m > self.largest:
                self.largest = m

    def note(self, sentence):
        if self.on and self._finding is None:
            self._finding = sentence

    def call(self, name, args, out, kwargs=None):
        """After ``name(*args, **kwargs)`` returned ``out``."""
        self.saw(out)
        if not self.on or self._finding is not None:
            return
        short = name.rsplit(".", 1)[-1]
        if short in EDGES and args and np.any(np.abs(np.asarray(args[0], dtype=np.float64)) == 1.0):
            self.note(f"{name} of an argument at ±1 exactly (rounded onto its domain's edge, "
                      "where the derivative is infinite)")
        elif short in ZERO_EDGES and args and np.any(np.asarray(args[0], dtype=np.float64) == 0.0):
            self.note(f"{name} of an argument at 0 exactly (its domain's edge, where the derivative is infinite)")
        elif short in TRIG and args and _magnitude(args[0]) * EPS > TRIG_TOL:
            self.note(f"{name} of an argument of magnitude {_magnitude(args[0]):.3g} "
                      "(its rounding leaves no correct digit at the oracle's tolerance)")
        elif not finite(out) and all(finite(a) for a in args):
            self.note(f"{name} made a non-finite value from finite arguments (overflow)")
        elif short in SUMS and len(args) >= 2 and self._absorption is None:
            self.absorbed(name, args[0], args[1])
        elif short in REDUCTIONS and args and self._absorption is None:
            axis = (kwargs or {}).get("axis", args[1] if len(args) > 1 and short != "fsum" else None)
            self.absorbed_in(name, args[0], 0 if name in ("sum", "builtins.sum") else axis)

    def arith(self, op, a, b):
        out = ARITH[op](a, b)
        self.saw(out)
        if self.on and self._finding is None and not finite(out) and finite(a) and finite(b):
            self.note(f"`{op}` made a non-finite value from finite operands (overflow)")
        elif self.on and self._absorption is None and op in SUMS:
            self.absorbed(f"`{op}`", a, b)
        return out

    def absorbed_in(self, name, terms, axis):
        """Note a sum reduction over ``axis`` in which a nonzero term is lost entirely."""
        try:
            x = np.abs(np.asarray(terms, dtype=np.float64))
            large = np.max(x, axis=axis, keepdims=True) if x.size else x
        except (TypeError, ValueError, np.exceptions.AxisError):
            return
        if x.size and np.any((x > 0) & np.isfinite(large) & (x < ABSORB * large)):
            self._absorption = (f"{name} of a term below {ABSORB:g} of the largest (the float result does "
                                "not change with it; finite differences cannot see its derivative)")

    def absorbed(self, name, a, b):
        """Note a sum or difference in which a nonzero operand is lost entirely."""
        try:
            x, y = np.abs(np.asarray(a, dtype=np.float64)), np.abs(np.asarray(b, dtype=np.float64))
            x, y = np.broadcast_arrays(x, y)
        except (TypeError, ValueError):
            return
        small, large = np.minimum(x, y), np.maximum(x, y)
        if np.any((small > 0) & np.isfinite(large) & (small < ABSORB * large)):
            self._absorption = (f"{name} of a term below {ABSORB:g} of the other (the float result does "
                      "not change with it; finite differences cannot see its derivative)")

    def before(self, target, value):
        """Before ``target op= value``: whether both operands are finite."""
        return self.on and finite(target) and finite(value)

    def after(self, was_finite, op, target):
        self.saw(target)
        if was_finite and not finite(target):
            self.note(f"`{op}=` made a non-finite value from finite operands (overflow)")
