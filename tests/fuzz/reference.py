"""What the right answer is: finite differences on the instrumented copy, autograd
on the same source, and whether the point is smooth.

``Reference(program, args)`` evaluates, with ``f`` scalarised as
``sum(dout * f(x))`` for array outputs:

* ``value``: the primal at the test point;
* directional derivatives by the 4-point central stencil
  ``(-f(x+2hd) + 8f(x+hd) - 8f(x-hd) + f(x-2hd)) / 12h`` along one random
  direction per differentiated parameter and one joint random direction;
  the instrumented copy records every piecewise decision at each of these
  points, and ``nonsmooth`` names the first decision that differs from the
  test point's (a branch, a trip count, an argmax, a clipped element...)
  or the test point's own rounding-level kink (``Tracer.near_kink``);
* ``range``: whether floating point decides the answer at the test point
  (an overflow, a domain edge, an ill-conditioned argument: ``ranges.py``),
  where a mismatch says nothing about s2sad's derivative;
* ``autograd``: the full gradient from autograd run on the same source with
  ``np`` bound to ``autograd.numpy`` (None when autograd cannot run it, e.g.
  for in-place writes), and ``autograd_trusted``: whether it agrees with the
  finite differences.

``verdict(grads)`` then says whether a candidate gradient is right: compared
elementwise with autograd when autograd is trusted, else with the directional
derivatives, a mismatch being confirmed at two other step sizes before it
counts (so finite-difference noise is not reported as a bug).
"""
import ast
import math
import warnings

import numpy as np

from . import fresh_draws
from .forms import scipy_namespace, stdlib_modules
from .trace import instrument

__all__ = ["Reference", "StepFailure", "copy_args", "scalarise"]

RTOL, ATOL = 1e-5, 1e-6
CANCELLATION = 64 * np.finfo(float).eps   # a cancellation's residue: 64 roundings of the largest term
USE_AUTOGRAD = True     # off when autograd itself crashed the process on this program (campaign._isolate)


def copy_args(args):
    """The arguments for one call: arrays copied, generators copied in their state, and the program's
    module-level generators and ``np.random`` put back (``fresh_draws``): every call draws the same numbers."""
    fresh_draws.fresh()
    return [a.copy() if isinstance(a, np.ndarray) else fresh_draws.copied(a) for a in args]


def scalarise(out, dout):
    """sum(dout * out) for an array or tuple output; the output itself for a scalar one."""
    if dout is None:
        return float(out)
    parts = zip(out, dout) if isinstance(dout, tuple) else [(out, dout)]
    return float(sum(np.sum(np.asarray(d) * np.asarray(o)) for o, d in parts))


class StepFailure(Exception):
    """The program runs at the test point but raises at a finite-difference step from it."""


class Reference:
    def __init__(self, program, args, setup=None):
        """``setup(namespace)``: applied to the copies' module namespaces first (changed globals)."""
        self.program, self.args = program, list(args)
        self.pos = [[p for p, _ in program.params].index(w) for w in program.wrt]
        self.dout = None if program.scalar_output else program.dout()
        self.ns, self.tracer = instrument(program.source)
        fresh_draws.register(self.ns)
        if setup is not None:
            setup(self.ns)
        rng = np.random.default_rng([program.seed, program.attempt, 31337])
        self.directions = self._directions(rng)
        self.tracer.watch.on = True                       # overflow, domain edges: at the test point only
        self.value, self.base = self._eval(self.args)
        self.tracer.watch.on = False
        self.noise = 1e-9 * max(1.0, abs(self.value))     # rounding noise of the stencil
        self.nonsmooth = self.tracer.near_kink            # read before the next _eval resets it
        self.range = self.tracer.watch.finding
        self.terms = max([self.tracer.watch.largest] + [float(np.max(np.abs(a))) for a in self.args
                                                        if isinstance(a, (float, np.ndarray)) and np.size(a)])
        self.fd = [self._directional(d, 1e-4) for d in self.directions]
        self.autograd = self._autograd_reference(setup)
        self.autograd_trusted = self.autograd is not None and self.nonsmooth is None and all(
            _close(_project(self.autograd, d), fd, _scale(self.autograd, d), 1e-5, self.noise) for d, fd in
            zip(self.directions, self.fd))

    def _autograd_reference(self, setup):
        """autograd's gradient of the scalarised function at the test point, or None."""
        return _autograd(self.program, self.args, self.pos, self.dout, setup)

    # ---- evaluation ---------------------------------------------------------------
    def _eval(self, args):
        self.tracer.reset()
        with np.errstate(all="ignore"):
            out = self.ns["f"](*copy_args(args))
        return scalarise(out, self.dout), self.tracer.snapshot()

    def _directions(self, rng):
        """One random direction per parameter (others zero), and one moving all of them."""
        def rand(x):
            return float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.0)) if not isinstance(x, np.ndarray) \
                else rng.uniform(-1.0, 1.0, size=x.shape)
        joint = [rand(self.args[p]) for p in self.pos]
        out = []
        for k, p in enumerate(self.pos):
            d = [0.0 if not isinstance(self.args[q], np.ndarray) else np.zeros_like(self.args[q]) for q in self.pos]
            d[k] = rand(self.args[p])
            out.append(d)
        return out + ([joint] if len(self.pos) > 1 or isinstance(self.args[self.pos[0]], np.ndarray) else [])

    def _shifted(self, d, t):
        args = copy_args(self.args)
        for p, dp in zip(self.pos, d):
            args[p] = args[p] + t * dp
        return args

    def _directional(self, d, step):
        scale = max([1.0] + [float(np.max(np.abs(self.args[p]))) for p in self.pos])
        h = step * scale
        values = []
        for t in (2 * h, h, -h, -2 * h):
            try:
                value, (events, _) = self._eval(self._shifted(d, t))
            except Exception as exc:      # e.g. sqrt of -1e-9: no neighbourhood to judge in
                raise StepFailure(f"the program raises {type(exc).__name__} a step of {t:.3g} away: {exc}") from exc
            if self.nonsmooth is None and events != self.base[0]:
                self.nonsmooth = _first_difference(events, self.base[0])
            values.append(value)
        f2, f1, m1, m2 = values
        return (-f2 + 8 * f1 - 8 * m1 + m2) / (12 * h)

    # ---- judging a candidate ----------------------------------------------------------
    def _resolved_only_by_tiny_steps(self, d, k, candidate, scale):
        """Whether the usual finite difference ``self.fd[k]`` is not converged while ``candidate``
        is: differences at steps of 1e-12 and 1e-13 of the inputs' scale agree with each other
        and with ``candidate`` (to 1%, their rounding) but not with the usual one. The derivative
        is then so large that the function turns within the usual steps (an iterated ``cos`` of
        a large argument); the usual differences, though consistent with each other, measure
        nothing. On a smooth function the tiny steps either agree with the usual one or are
        rounding noise that agrees with nothing, so a wrong candidate is still judged wrong."""
        tiny = []
        for step in (1e-12, 1e-13):
            try:
                tiny.append(self._directional(d, step))
            except StepFailure:
                return False
        a, b = tiny
        converged = abs(a - b) <= 1e-2 * max(abs(a), abs(b))
        usual_off = abs(self.fd[k] - b) > 0.1 * abs(b)
        return converged and usual_off and _close(candidate, b, scale, 1e-2, 0.0)

    def full_fd(self):
        """The whole gradient by central differences, one input element at a time (cached)."""
        if getattr(self, "_full", None) is None:
            self._full = [self._partial(p, None) if not isinstance(self.args[p], np.ndarray) else
                          np.array([self._partial(p, i) for i in np.ndindex(*self.args[p].shape)]).reshape(
                              self.args[p].shape) for p in self.pos]
        return self._full

    def _partial(self, p, idx):
        h = 1e-4 * max(1.0, float(np.max(np.abs(self.args[p]))))
        vals = []
        for t in (2 * h, h, -h, -2 * h):
            a = copy_args(self.args)
            if idx is None:
                a[p] = a[p] + t
            else:
                a[p][idx] += t
            vals.append(self._eval(a)[0])
        return (-vals[0] + 8 * vals[1] - 8 * vals[2] + vals[3]) / (12 * h)

    def _autograd_is_wrong(self, grads):
        """Whether autograd, not the candidate, is the one the element-wise differences refute.
        autograd agrees with the directional differences only to their tolerance: its own
        aliasing bug (a VJP that keeps a reference to an array the program then changes in
        place, ``b *= ...``) can move components far below the gradient's scale (seed 7101598:
        1e-7 against 1.2), which the directional differences cannot see but a candidate
        compared with autograd element by element does. The candidate wins only if it matches
        the element-wise differences and autograd does not."""
        full = self.full_fd()
        return _max_err(grads, full) <= 1.0 and _max_err(self.autograd, full) > 10.0

    def verdict(self, grads):
        """(ok, max relative error, what it was compared with)."""
        if self.autograd_trusted:
            err = _max_err(grads, self.autograd)
            if err <= 1.0:
                return True, err, "autograd"
            if err > 10.0 and not self._autograd_is_wrong(grads):
                return False, err, "autograd"
            if err > 10.0:
                self.autograd_trusted = False
        bad = [k for k, d in enumerate(self.directions)
               if not _close(_project(grads, d), self.fd[k], _scale(grads, d), RTOL, self.noise)]
        if not bad:
            return True, 0.0, "fd"
        flat = None
        for k in bad:
            d = self.directions[k]
            others = [self._directional(d, s) for s in (1e-3, 1e-5)]
            candidate = _project(grads, d)
            if any(_close(candidate, o, _scale(grads, d), 1e-4, self.noise) for o in others):
                continue
            if self._cancelled(d, k, others, candidate):
                flat = max(flat or 0.0, abs(candidate))
                continue
            fds = [self.fd[k]] + others      # they must agree as closely as the candidate must agree with them
            if not all(_close(a, b, max(abs(a), abs(b), _scale(grads, d)), 1e-4, self.noise) for a in fds for b in fds):
                return None, math.inf, "fd_unstable"
            scale = _scale(grads, d)
            err = abs(candidate - self.fd[k]) / max(scale, abs(self.fd[k]), 1e-300)
            if self._resolved_only_by_tiny_steps(d, k, candidate, scale):
                return None, err, "fd_stiff"
            return False, err, "fd"
        return (None, flat, "cancellation") if flat is not None else (True, 0.0, "fd")

    def _cancelled(self, d, k, others, candidate):
        """Whether ``candidate`` is a cancellation's residue where the float function is flat:
        the differences along ``d`` are exactly 0.0 at every step (so the derivative is 0, an
        absorption being a ``range`` finding of its own), and the candidate is below
        ``CANCELLATION`` times the largest magnitude the program made (``self.terms``) per unit
        of the direction. ``np.diff`` of equal values of 1e14 is 0.0 exactly while its adjoint
        sums terms of 1e14 to a residue of ~1e-3 (seed 6300108)."""
        if self.fd[k] != 0.0 or any(o != 0.0 for o in others):
            return False
        size = float(sum(np.sum(np.abs(np.asarray(dd))) for dd in d))
        return abs(candidate) <= CANCELLATION * self.terms * size


def _first_difference(events, base):
    for a, b in zip(events, base):
        if a != b:
            return f"{b[0]} decision changes under a finite-difference step"
    return f"the number of decisions changes ({len(base)} -> {len(events)}): a loop's trip count"


def _project(grads, d):
    return float(sum(np.sum(np.asarray(g, dtype=np.float64) * np.asarray(dd)) for g, dd in zip(grads, d)))


def _scale(grads, d):
    return float(sum(np.sum(np.abs(np.asarray(g, dtype=np.float64) * np.asarray(dd))) for g, dd in zip(grads, d)))


def _close(a, b, scale, rtol, noise):
    return abs(a - b) <= rtol * max(abs(b), scale) + 1e-8 * max(1.0, scale) + noise


def _max_err(grads, ref):
    """Largest error of ``grads`` against ``ref`` in units of the tolerance (<= 1 is a match)."""
    scale = max([1e-300] + [float(np.max(np.abs(r))) for r in ref])
    worst = 0.0
    for g, r in zip(grads, ref):
        g, r = np.asarray(g, dtype=np.float64), np.asarray(r, dtype=np.float64)
        if g.shape != r.shape:
            return math.inf
        tol = RTOL * np.abs(r) + ATOL * max(1.0, scale) * 1e-2 + RTOL * 1e-2 * scale
        worst = max(worst, float(np.max(np.abs(g - r) / tol)) if g.size else 0.0)
    return worst


# ---- autograd ---------------------------------------------------------------------------
def _autograd(program, args, pos, dout, setup=None):
    if not USE_AUTOGRAD:
        return None
    try:
        import autograd
        import autograd.numpy as anp
    except ImportError:
        return None
    tree = ast.parse(program.source)
    tree.body = [s for s in tree.body if not isinstance(s, (ast.Import, ast.ImportFrom))]
    namespace = {"np": anp, "math": math, "__name__": "fz_autograd", "scipy": scipy_namespace(autograd=True),
                 **stdlib_modules()}
    try:
        exec(compile(tree, "<autograd>", "exec"), namespace)      # noqa: S102 - the program under test, for autograd
        if setup is not None:
            setup(namespace)
        fresh_draws.register(namespace)
        f = namespace["f"]
        out = []
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            for p in pos:
                floats = [float(a) if isinstance(a, (int, float)) and k in pos else a
                          for k, a in enumerate(copy_args(args))]
                def head(*a):
                    res = f(*a)
                    if dout is None:
                        return res
                    parts = zip(res, dout) if isinstance(dout, tuple) else [(res, dout)]
                    return sum(anp.sum(d * o) for o, d in parts)
                g = autograd.grad(head, p)(*floats)
                out.append(np.asarray(g, dtype=np.float64) if isinstance(args[p], np.ndarray) else float(g))
    except Exception:       # noqa: BLE001 - autograd cannot run this program: no autograd reference
        return None
    if not all(np.all(np.isfinite(g)) and np.shape(g) == np.shape(args[p]) for g, p in zip(out, pos)):
        return None             # autograd's np.where does not un-broadcast, for one: not a reference
    return out
