"""The oracle: run s2sad on one generated program in each mode and classify it.

Per mode (``py`` = ``jit=False``, ``jit`` = ``jit=True``) the status is one of

* ``ok``;
* ``wrong``: a gradient, value or shape mismatch at a smooth point (``check``
  says which: ``grad``, ``vjp``, ``value``, ``shape``, ``grad_api`` when
  ``grad`` and ``value_and_grad`` disagree, ``stale_global`` when a changed
  module global is not seen);
* ``refused``: an ``S2sadError`` (fine; its message should name file and line);
* ``internal``: any other exception escaping s2sad (a bug);
* ``modified_input``: the call changed the caller's arrays, or the module's otherwise than
  Python's own call does (a scratch buffer the function overwrites);
* ``nonsmooth``: a decision changes under the finite-difference steps (skipped);
* ``range``: a mismatch (or a non-finite gradient) at a point where the primal
  itself overflowed, sat on a domain edge or was ill-conditioned
  (``Reference.range``, ``ranges.py``), or where the candidate's own rounding
  covers the mismatch (``rounding_jitter``: the gradient moves by more than the
  mismatch when the inputs move by 1e-10 of themselves, as a cancellation's
  residue does and a true derivative cannot): floating point, not the
  derivative, decides the answer there;
* ``timeout``: no answer within the time limit.

Across modes, ``jit_mismatch`` flags jit=True and jit=False answers that
differ while both ran. The program's class is the most severe of these.
Invariant: the oracle never lets an exception escape (except the campaign's
own interrupt), and every record it returns is JSON-serialisable.
"""
import ast
import math
import re
import signal
import time
import traceback
from contextlib import contextmanager

import numpy as np

import s2sad
from s2sad.errors import AdjointFailedError, S2sadError

from . import fresh_draws
from .bound import unbound_read
from .kinds import kind_changes
from .program import draft, load, unload
from .reference import CANCELLATION, _max_err, _project, copy_args

__all__ = ["SEVERITY", "Timeout", "generate", "run_mode"]

SEVERITY = ["internal", "modified_input", "wrong", "jit_mismatch", "mode_mismatch", "timeout", "refused", "nonsmooth",
            "range", "skipped", "ok"]
# a refusal names a file and line where a line of its message starts (a JitError's quotes numba's own
# `... / File "../cache/f_1.py", line 97:` of the generated code mid-line: that is not the user's line)
LOCATED = re.compile(r'^\s*(?:probably )?File ".+", line \d+', re.M)


class Timeout(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` swallows it."""


class _Alarm:
    fired = False


@contextmanager
def deadline(seconds):
    """Raise Timeout after ``seconds`` of this process's CPU time (a loaded machine does not
    time a program out, only its own work does), or after ten times that of wall-clock time
    (a backstop for a process that sleeps). ``.fired`` on the yielded object says whether it
    did (an alarm landing inside numba can surface as another exception, which then is no bug)."""
    state = _Alarm()
    if not seconds or not hasattr(signal, "SIGALRM"):
        yield state
        return

    def fire(signum, frame):
        state.fired = True
        raise Timeout()
    old = {sig: signal.signal(sig, fire) for sig in (signal.SIGALRM, signal.SIGPROF)}
    # repeats every second: an alarm that lands in a ctypes callback (numba's LLVM) is swallowed there
    signal.setitimer(signal.ITIMER_PROF, seconds, 1.0)
    signal.setitimer(signal.ITIMER_REAL, 10 * seconds, 1.0)
    try:
        yield state
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in old.items():
            signal.signal(sig, handler)


class Invalid(Exception):
    """The drafted program does not run cleanly in plain Python (a generator miss, not a bug)."""


def primal(module, args, shapes=None):
    """f(*args) on copies: finite, bounded, of the ``shapes`` the generator meant (when
    given), and not writing into its arguments."""
    passed = copy_args(args)
    try:
        with np.errstate(all="raise"), deadline(5.0):
            out = module.f(*passed)
    except Timeout:
        raise Invalid("timeout") from None
    except Exception as exc:      # noqa: BLE001 - any failure of the plain program rejects the draft
        raise Invalid(f"{type(exc).__name__}: {exc}") from None
    parts = out if isinstance(out, tuple) else (out,)
    if shapes is not None and [np.shape(p) for p in parts] != [tuple(s) for s in shapes]:
        raise Invalid(f"returns shapes {[np.shape(p) for p in parts]}, meant {shapes}")
    for part in parts:
        if not isinstance(part, (float, np.floating, np.ndarray)) or np.asarray(part).dtype != np.float64:
            raise Invalid(f"returns {type(part).__name__}")
        if not np.all(np.isfinite(part)) or np.max(np.abs(part)) > 1e6:
            raise Invalid("not finite or too large")
    if any(isinstance(a, np.ndarray) and not np.array_equal(a, s) for a, s in zip(passed, args)):
        raise Invalid("writes into its arguments")
    return out


def generate(seed, workdir, only=None, max_attempts=25, without=None):
    """(program, module, args, rejections): the first draft for ``seed`` that runs cleanly.
    ``without`` may name constructs (left out while generating) and functions such as
    ``np.sort`` (drafts calling them are rejected)."""
    reasons = []
    banned = set(without or ())
    for attempt in range(max_attempts):
        program = draft(seed, only, attempt, banned)
        fresh_draws.begin(program.source)
        hit = banned & program.calls()
        if hit:
            reasons.append(f"calls {sorted(hit)}")
            continue
        unbound = unbound_read(ast.parse(program.source))
        if unbound:
            reasons.append(f"generator miss: reads {unbound} before binding it")
            continue
        module = load(program, workdir)
        args = program.inputs()
        try:
            primal(module, args, program.out)
            changed = kind_changes(module, args)
            if changed:
                raise Invalid(f"generator miss: {changed} changes kind")
            return program, module, args, reasons
        except Invalid as exc:
            reasons.append(str(exc)[:120])
            unload(module)
    return None, None, None, reasons


def _wrt_spec(program):
    names = program.wrt
    if len(names) == 1:
        return names[0] if program.seed % 3 else [p for p, _ in program.params].index(names[0])
    return tuple(names)


def _snapshot_globals(module):
    return {k: v.copy() for k, v in vars(module).items() if isinstance(v, np.ndarray)}


def _python_globals(module, args):
    """The module's arrays as Python's own call leaves them (a scratch buffer ``BUF[:] = ...`` the
    function overwrites), the module then put back as it was: s2sad must leave the same."""
    before = _snapshot_globals(module)
    try:
        module.f(*copy_args(args))
    except Exception:        # noqa: BLE001 - the draft ran at these arguments (primal); no effect then
        pass
    after = _snapshot_globals(module)
    for k, v in before.items():
        getattr(module, k)[...] = v
    return after


def written_globals(source):
    """Names the program writes through (``BUF[:] = v``, ``BUF[...] += v``, ``BUF.fill(v)``): at
    module level, only its scratch buffers are (``effects.global_buffer``)."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name):
            out.add(node.value.id)
        if isinstance(node, ast.Attribute) and node.attr == "fill" and isinstance(node.value, ast.Name):
            out.add(node.value.id)
    return out


def global_differs(now, want, written):
    """Does a module array differ from what Python's call leaves? Exactly for one the function does
    not write; for one it writes (``BUF[...] += v @ M``), up to the rounding of the values written:
    numba's ``@`` may sum in another order than NumPy's (campaign seed 10300055: 4e-16 in one
    element, reported as a modified input)."""
    if np.array_equal(now, want):
        return False
    scale = max(float(np.max(np.abs(want), initial=0.0)), 1e-300)
    return not written or now.shape != want.shape or not np.allclose(now, want, rtol=1e-12, atol=1e-13 * scale)


def _exception(exc):
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if "/s2sad/" in f.filename.replace("\\", "/")]
    where = f"{inside[-1].filename.split('s2sad/')[-1]}:{inside[-1].name}" if inside else \
        (f"{frames[-1].filename.split('/')[-1]}:{frames[-1].name}" if frames else "?")
    msg = str(exc)
    return {"exc": type(exc).__name__, "msg": msg[:2000], "where": where,
            "located": bool(LOCATED.search(msg))}


def run_mode(program, module, args, jit, ref, seconds=60.0, call=None, check="grad"):
    """Call s2sad in one mode and judge the answer against ``ref``. ``call(program, f, args, wrt,
    jit) -> (derivatives as a list, value or None, the callable)`` is how (default: the gradient,
    ``_call``; ``modes.py`` has the others); ``check`` names it in a ``wrong`` verdict."""
    call = call or _call
    wrt = _wrt_spec(program)
    saved, globals_before = copy_args(args), _python_globals(module, args)
    written = written_globals(program.source)
    res = {"status": "ok", "check": "", "jit": jit}
    start = time.perf_counter()
    alarm = _Alarm()
    try:
        with deadline(seconds) as alarm:
            grads, value, api = call(program, module.f, args, wrt, jit)
    except Timeout:
        res.update(status="timeout", check="call")
        return res
    except BaseException as exc:      # noqa: BLE001 - re-raised unless the alarm caused it
        if not alarm.fired:
            return _failed(res, exc, start)
        res.update(status="timeout", check="call", detail=f"{type(exc).__name__} after the time limit")
        return res
    finally:
        res["time"] = round(time.perf_counter() - start, 4)
    res["grads"], res["value"], res["callable"] = grads, value, api
    changed = [k for k, (a, s) in enumerate(zip(args, saved)) if isinstance(a, np.ndarray)
               and not np.array_equal(a, s)]
    changed += [k for k, v in globals_before.items() if global_differs(getattr(module, k), v, k in written)]
    if changed:
        res.update(status="modified_input", check="call", detail=f"changed {changed}")
        return res
    if ref is None:          # nothing to judge the numbers against: only a failure above counts
        res.update(status="skipped", detail="no reference")
        return res
    judge(res, program, args, ref, check=check, again=lambda a: call(program, module.f, a, wrt, jit)[0])
    return res


def _call(program, f, args, wrt, jit, **options):
    """(gradients as a list, value or None, the gradient function for a later call); ``options``
    go to every s2sad call (``checkpoint=K``)."""
    if program.scalar_output:
        vg = s2sad.value_and_grad(f, wrt=wrt, jit=jit, **options)
        value, grads = vg(*fresh_draws.passed(args))
        grads, again = listed(grads, wrt), listed(s2sad.grad(f, wrt=wrt, jit=jit, **options)(
            *fresh_draws.passed(args)), wrt)
        if _max_err(again, grads) > 1e-3:
            raise _ApiMismatch(grads, again)
        return grads, value, vg
    h = s2sad.vjp(f, wrt=wrt, jit=jit, **options)
    return listed(h(*fresh_draws.passed(args), program.dout()), wrt), None, h


def listed(grads, wrt):
    """The gradients s2sad returned for ``wrt`` as a list (one per differentiated argument)."""
    return list(grads) if isinstance(wrt, tuple) else [grads]


def _failed(res, exc, start):
    res["time"] = round(time.perf_counter() - start, 4)
    if not isinstance(exc, Exception):
        raise exc
    if isinstance(exc, _ApiMismatch):
        res.update(status="wrong", check="grad_api", detail=str(exc))
    elif isinstance(exc, WrongAnswer):
        res.update(status="wrong", check=exc.check, detail=exc.detail)
    elif isinstance(exc, S2sadError) and not isinstance(exc, AdjointFailedError) and not _own_code_broken(exc):
        res.update(status="refused", check="call", **_exception(exc))
    else:     # anything else escaping s2sad, or caught by its last net, is the bug we look for
        res.update(status="internal", check="call", **_exception(exc))
    return res


def _own_code_broken(exc):
    """A refusal whose cause is s2sad's own generated code not parsing (``numba says (SyntaxError):
    ... <s2sad numba helper unbroadcast>``, fuzz25 seed 38200011): a bug, not a form refused."""
    return "(SyntaxError)" in str(exc) and "<s2sad " in str(exc)


class WrongAnswer(Exception):
    """Raised by a mode's call when its answer is wrong before any reference is needed (a tangent
    of the wrong shape, ``grad_and_hvp`` disagreeing with ``hvp``...)."""

    def __init__(self, check, detail):
        super().__init__(f"{check}: {detail}")
        self.check, self.detail = check, detail


class _ApiMismatch(Exception):
    def __init__(self, a, b):
        super().__init__("grad and value_and_grad disagree")
        self.a, self.b = a, b


def judge(res, program, args, ref, check="grad", again=None):
    """Set ``res['status']`` from the gradients and value it holds; ``again(args)``, when given,
    recomputes the gradients (a list) at other arguments, for ``rounding_jitter``."""
    grads, value = res["grads"], res["value"]
    for k, (g, p) in enumerate(zip(grads, ref.pos)):
        a = args[p]
        ok = (isinstance(g, np.ndarray) and g.shape == a.shape) if isinstance(a, np.ndarray) \
            else isinstance(g, (float, np.floating))
        if not ok:
            res.update(status="wrong", check="shape",
                       detail=f"gradient {k}: {type(g).__name__} {np.shape(g)} for argument {np.shape(a)}")
            return
    if value is not None:
        expect = ref.value
        if not abs(float(value) - expect) <= 1e-9 * max(1.0, abs(expect)):
            res.update(status="wrong", check="value" if check == "grad" else check,
                       detail=f"value {float(value)!r}, primal {expect!r}")
            return
    if not all(np.all(np.isfinite(g)) for g in grads):
        if ref.range:
            res.update(status="range", check="", detail=f"non-finite gradient where {ref.range}")
        else:
            res.update(status="wrong", check=check, detail="non-finite gradient at a point where f is finite")
        return
    if ref.nonsmooth:
        res.update(status="nonsmooth", check="", detail=ref.nonsmooth)
        return
    ok, err, against = ref.verdict(grads)
    if ref.nonsmooth:
        res.update(status="nonsmooth", check="", detail=ref.nonsmooth)
    elif ok is None and against == "fd_stiff":
        res.update(status="range", check="", detail=f"relative error {err:.3g} against the usual finite "
                   "differences, but differences at steps of 1e-12 and 1e-13 converge on it: the derivative is too large "
                   "for the usual steps to resolve")
    elif ok is None and against == "cancellation":
        res.update(status="range", check="", detail=_cancelled(err, ref))
        err = 0.0
    elif ok is None:
        res.update(status="nonsmooth", check="", detail="finite differences disagree at three step sizes")
    elif not ok and ref.range:
        res.update(status="range", check="", detail=f"relative error {err:.3g} against {against} where {ref.range}")
    elif not ok and (jitter := rounding_jitter(grads, args, ref, again)):
        res.update(status="range", check="", detail=f"relative error {err:.3g} against {against}, {jitter}")
    elif not ok:
        res.update(status="wrong", check=check if program.scalar_output else ("vjp" if check == "grad" else check),
                   detail=f"relative error {err:.3g} against {against}", against=against)
    res["err"] = None if not math.isfinite(err) else float(err)


def _cancelled(err, ref):
    return (f"the function is exactly flat in floating point (finite differences 0.0 at every step) and "
            f"the gradient, {err:.3g} along a direction, is below {CANCELLATION:.3g} of the largest term the "
            f"program made ({ref.terms:.3g}): a cancellation's residue")


def rounding_jitter(grads, args, ref, again, shift=1e-10, tries=4):
    """A sentence when the mismatch of ``grads`` with the finite differences is rounding: along
    every direction the candidate misses by less than it moves itself (times 10) when the
    differentiated inputs move by ``shift`` of themselves. A true derivative moves by about
    ``shift`` there; the residue of a cancellation (equal adjoints subtracted after being
    multiplied by large terms) jumps by its own size. None otherwise, or when it cannot tell."""
    if again is None:
        return None
    rng = np.random.default_rng([ref.program.seed, 4242])
    moved = []
    try:
        with deadline(30.0):
            for _ in range(tries):
                near = list(copy_args(args))
                for p in ref.pos:
                    x = near[p]
                    s = rng.choice([-1.0, 1.0], size=np.shape(x))
                    near[p] = x + shift * np.maximum(np.abs(x), 1e-3) * s if isinstance(x, np.ndarray) \
                        else x + shift * max(abs(x), 1e-3) * float(s)
                moved.append(again(near))
    except (Exception, Timeout):      # noqa: BLE001 - no second opinion: the mismatch stands
        return None
    worst = 0.0
    for d, fd in zip(ref.directions, ref.fd):
        here = _project(grads, d)
        spread = max(abs(_project(g, d) - here) for g in moved)
        if abs(here - fd) > 10.0 * spread:
            return None
        worst = max(worst, spread)
    return f"rounding: the gradient moves by {worst:.3g} when the inputs move by {shift:g} of themselves"
