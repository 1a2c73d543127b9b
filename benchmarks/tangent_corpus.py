"""Run s2sad over Google Tangent's own test corpus, with this project's own driver.

Tangent's ``tests/functions.py`` (Apache-2.0, github.com/google/tangent) is not copied
into this repository: fetch it and pass its path::

    python -m benchmarks.tangent_corpus --functions path/to/tangent/tests/functions.py [--jit]

Each function that is not a TensorFlow one is differentiated with respect to all its
float arguments at a few inputs chosen like Tangent's fixtures (scalars a, b, c;
vectors x; square matrices sqm; an integer n) and compared with central finite
differences. Outcomes: ok, wrong (a mismatch), refused (an S2sadError), internal
(any other exception). Functions that call Tangent's own runtime (its stack, its
gradient hooks) cannot run without Tangent and are reported as such.
"""
import argparse
import importlib.util
import inspect
import sys
import types

import numpy as np

import s2sad
from s2sad.testing import numeric_grad

TANGENT_RUNTIME = ("tangent.", "insert_grad_of")


def load(path):
    """Import Tangent's functions.py with a stand-in `tangent` module (and no TensorFlow)."""
    stub = types.ModuleType("tangent")

    class _Unavailable:
        def __init__(self, *a, **k):
            raise RuntimeError("Tangent's runtime is not available here")
    stub.Stack = _Unavailable
    stub.push = stub.pop = stub.insert_grad_of = _Unavailable
    stub.trace = lambda f: f  # a TensorFlow-only decorator
    sys.modules.setdefault("tangent", stub)
    spec = importlib.util.spec_from_file_location("tangent_functions", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["tangent_functions"] = module
    spec.loader.exec_module(module)
    return module


def inputs(params, rng):
    """Argument sets for a signature, like Tangent's fixtures (None: not a NumPy function)."""
    scalars = {"a": (0.3, -0.7, 1.6), "b": (0.9, 1.4, -0.4), "c": (0.5, 2.1, -1.2)}
    shapes = {"x": [(3,), (5,)], "sqm": [(3, 3), (1, 1)], "input": [(4, 3)], "W": [(3, 2)],
              "inputs": [(3, 3)], "h": [(2,)], "U": [(2, 2)]}
    if "inputs" in params:  # rnn: h[t + 1] = np.dot(inputs[t], W) + h[t], h of shape (4, 3)
        shapes["W"] = [(3, 3)]
    if "U" in params:       # bilinear: np.dot(x, W) + np.dot(h, U) + b
        shapes["x"] = [(3,)]
    if any(p.startswith(("t", "mat", "boolean", "conv", "pool", "timage", "tkernel", "s")) and p not in (
            "sqm",) for p in params):
        return None
    sets = []
    for k in range(2):
        args = []
        for p in params:
            if p in scalars:
                args.append(scalars[p][k])
            elif p == "n":
                args.append(3)
            elif p == "i":
                args.append(1)
            elif p == "abc_packed_in_tuple":
                args.append((0.3, 0.9, 0.5))
            elif p in ("val",):
                args.append({"a": 0.3, "b": 0.9, "c": 0.5})
            elif p == "p":
                args.append({"i": {"j": 3.0, "k": 4.0}})
            elif p == "b" and "W" in params:
                args.append(rng.normal(size=2))
            elif p == "label":
                args.append(rng.uniform(0.1, 0.9, size=(4, 2)))
            else:
                shape = shapes.get(p, [(3,)])
                args.append(rng.normal(size=shape[k % len(shape)]))
        sets.append(args)
    return sets


def check(f, args, jit):
    params = list(inspect.signature(f).parameters)
    try:
        f(*args)
    except Exception as exc:  # noqa: BLE001
        return f"primal fails: the function itself raises {type(exc).__name__} on these inputs"
    wrt = tuple(i for i, a in enumerate(args) if isinstance(a, (float, np.ndarray, tuple, dict)))
    if not wrt:
        return "no float argument"
    g = s2sad.grad(f, wrt=wrt, jit=jit)(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args])
    for i, gi in zip(wrt, g if len(wrt) > 1 else (g,)):
        if isinstance(args[i], (tuple, dict)):
            gi, num = _flat(gi), _numeric_structured(f, args, i)
        else:
            num = numeric_grad(f, list(args), i)
        if not np.allclose(gi, num, rtol=1e-4, atol=1e-6):
            return f"wrong: d/d{params[i]} {gi} vs finite differences {num}"
    return "ok"


def _fails(f, args):
    try:
        f(*args)
        return False
    except Exception:  # noqa: BLE001
        return True


def _flat(g):
    if isinstance(g, dict):
        return np.concatenate([_flat(g[k]) for k in sorted(g)])
    if isinstance(g, (tuple, list)):
        return np.concatenate([_flat(v) for v in g])
    return np.ravel(np.asarray(g, dtype=float))


def _numeric_structured(f, args, i):
    """Finite differences with respect to each leaf of a tuple or dict argument, flattened."""
    def leaves(v, path=()):
        if isinstance(v, dict):
            return [q for k in sorted(v) for q in leaves(v[k], path + (k,))]
        if isinstance(v, tuple):
            return [q for k, e in enumerate(v) for q in leaves(e, path + (k,))]
        return [path]

    def with_leaf(v, path, x):
        if not path:
            return x
        head, rest = path[0], path[1:]
        if isinstance(v, dict):
            return {**v, head: with_leaf(v[head], rest, x)}
        return tuple(with_leaf(e, rest, x) if k == head else e for k, e in enumerate(v))

    def get(v, path):
        for k in path:
            v = v[k]
        return v
    out = []
    for path in leaves(args[i]):
        def along(x, path=path):
            return f(*[with_leaf(a, path, x) if j == i else a for j, a in enumerate(args)])
        out.append(numeric_grad(along, [get(args[i], path)], 0))
    return np.concatenate([np.ravel(o) for o in out])


def run(path, jit=False):
    module = load(path)
    rng = np.random.default_rng(0)
    results = {}
    for name, f in sorted(vars(module).items()):
        if not inspect.isfunction(f) or f.__module__ != "tangent_functions":
            continue
        source = inspect.getsource(f)
        if "tf." in source or name.startswith("tfe"):
            continue
        sets = inputs(list(inspect.signature(f).parameters), rng)
        if sets is None:
            continue
        outcome = "ok"
        if any(_fails(f, args) for args in sets):  # an iterable named like a scalar (listcomp(a))
            sets = [[rng.normal(size=3) if isinstance(a, float) else a for a in args] for args in sets]
        for args in sets:
            try:
                outcome = check(f, args, jit)
            except s2sad.S2sadError as exc:
                outcome = "refused: " + str(exc).strip().splitlines()[-1][:160]
            except Exception as exc:  # noqa: BLE001 (the driver reports every escape)
                kind = "tangent runtime" if any(t in source for t in TANGENT_RUNTIME) else "internal"
                outcome = f"{kind}: {type(exc).__name__}: {exc}"[:200]
            if outcome != "ok":
                break
        results[name] = outcome
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", required=True, help="path to Tangent's tests/functions.py")
    parser.add_argument("--jit", action="store_true")
    args = parser.parse_args(argv)
    results = run(args.functions, args.jit)
    for name, outcome in results.items():
        print(f"{name:32s} {outcome}")
    kinds = {}
    for outcome in results.values():
        kinds[outcome.split(":")[0]] = kinds.get(outcome.split(":")[0], 0) + 1
    print(f"\n{len(results)} functions: " + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main()
