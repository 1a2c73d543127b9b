"""Forward mode and second order over Google Tangent's test corpus (the functions of its
``tests/functions.py``, passed by path as for ``benchmarks.tangent_corpus``, whose loader
and input fixtures this driver reuses)::

    python -m benchmarks.tangent_corpus_forward --functions path/to/tangent/tests/functions.py [--jit]

For each non-TensorFlow function, with respect to all its number and array arguments
(tuples and dicts stay constants: ``jvp``/``hvp`` take tangents of arrays), at the
inputs ``tangent_corpus`` chooses: ``jvp`` is checked against central differences of the
function along a random tangent (``check_jvp``), and for a scalar output ``hvp`` against
central differences of the gradient (``check_hvp``) and, for a scalar first argument,
``grad(grad(f))`` against ``hessian``. Outcomes per function and mode: ok, wrong,
refused (an S2sadError), internal (any other exception), n/a.
"""
import argparse
import inspect

import numpy as np

import s2sad
from s2sad.testing import check_hvp, check_jvp

from .tangent_corpus import TANGENT_RUNTIME, _fails, inputs, load


def _directions(args, pos, rng):
    vs = tuple(rng.normal(size=np.shape(args[i])) if isinstance(args[i], np.ndarray) else float(rng.normal())
               for i in pos)
    return vs if len(pos) > 1 else vs[0]


def check(f, args, mode, jit, rng):
    try:
        out = f(*args)
    except Exception as exc:  # noqa: BLE001
        return f"n/a: the function itself raises {type(exc).__name__} on these inputs"
    pos = tuple(i for i, a in enumerate(args) if isinstance(a, (float, np.ndarray)))
    if not pos:
        return "n/a: no number or array argument"
    wrt, v = (pos if len(pos) > 1 else pos[0]), _directions(args, pos, rng)
    if mode == "jvp":
        check_jvp(f, *args, tangent=v, wrt=wrt, jit=jit, rtol=1e-4, atol=1e-6)
        return "ok"
    if isinstance(out, tuple) or np.ndim(out) != 0:
        return "n/a: the output is not a scalar"
    check_hvp(f, *args, v=v, wrt=wrt, jit=jit, rtol=1e-3, atol=1e-5)
    if not isinstance(args[pos[0]], np.ndarray):
        second = s2sad.grad(s2sad.grad(f, wrt=pos[0]), wrt=pos[0], jit=jit)(*args)
        want = s2sad.hessian(f, wrt=pos[0], jit=jit)(*args)
        if not np.isclose(second, want, rtol=1e-9, atol=1e-12):
            return f"wrong: grad(grad(f)) {second} vs hessian {want}"
    return "ok"


def run(path, jit=False):
    module = load(path)
    rng = np.random.default_rng(0)
    results = {}
    for name, f in sorted(vars(module).items()):
        if not inspect.isfunction(f) or f.__module__ != "tangent_functions":
            continue
        source = inspect.getsource(f)
        sets = inputs(list(inspect.signature(f).parameters), rng)
        if "tf." in source or name.startswith("tfe") or sets is None:
            continue
        if any(_fails(f, args) for args in sets):  # an iterable named like a scalar (listcomp(a))
            sets = [[rng.normal(size=3) if isinstance(a, float) else a for a in args] for args in sets]
        for mode in ("jvp", "hvp"):
            outcome = "ok"
            for args in sets:
                try:
                    outcome = check(f, args, mode, jit, rng)
                except s2sad.S2sadError as exc:
                    outcome = "refused: " + str(exc).strip().splitlines()[-1][:160]
                except AssertionError as exc:
                    outcome = "wrong: " + str(exc).splitlines()[0][:160]
                except Exception as exc:  # noqa: BLE001 (the driver reports every escape)
                    kind = "tangent runtime" if any(t in source for t in TANGENT_RUNTIME) else "internal"
                    outcome = f"{kind}: {type(exc).__name__}: {exc}"[:200]
                if outcome != "ok":
                    break
            results[name, mode] = outcome
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", required=True, help="path to Tangent's tests/functions.py")
    parser.add_argument("--jit", action="store_true")
    args = parser.parse_args(argv)
    results = run(args.functions, args.jit)
    for (name, mode), outcome in results.items():
        print(f"{name:32s} {mode}  {outcome}")
    for mode in ("jvp", "hvp"):
        kinds = {}
        for (_, m), outcome in results.items():
            if m == mode:
                kinds[outcome.split(":")[0]] = kinds.get(outcome.split(":")[0], 0) + 1
        total = sum(kinds.values())
        print(f"{mode}: {total} functions: " + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main()
