"""Generated names never collide with the user's (s2sad/names.py).

The general check: every name that appears in a generated adjoint (``dout``,
``b_x``, ``tape_y``, ``t1``, ``value``, runtime helpers, builtins the stages call
such as ``range``/``len``/``max``...) is given, in turn, to a variable of the
user's program -- a parameter, a local, a helper's local, a global constant, a
global helper -- and the gradient must still agree with finite differences.
"""
import ast
import importlib.util
import itertools
import os
import sys
import tempfile
import textwrap

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.frontend.check import NAME_MATCHED

_count = itertools.count()

# Each template names one user variable {N}; the rest avoids builtins the body would shadow.
TEMPLATES = {
    "param": ("""
        def f(x, {N}):
            y = x * {N}
            k = 0
            while k < 3:
                y = np.tanh(y * x + {N})
                k += 1
            return np.sum(y * y)
        """, lambda: (np.array([0.3, -0.4, 0.8]), 0.7), (0, 1)),
    "local": ("""
        def f(x):
            {N} = x * 2.0
            s = 0.0
            for i in range(3):
                s = s + {N}[i] * x[i]
                if s > 1.0:
                    s = s * 0.5
            return s + np.sum({N} * {N})
        """, lambda: (np.array([0.3, -0.4, 0.8]),), 0),
    "helper local": ("""
        def h(v):
            {N} = v * v
            return {N} + np.sin(v)

        def f(x):
            y = h(x)
            return np.sum(h(y) * x)
        """, lambda: (np.array([0.3, -0.4, 0.8]),), 0),
    "global value": ("""
        {N} = 1.5

        def f(x):
            y = x * {N}
            return np.sum(y * x) + np.sum(np.exp(x) * {N})
        """, lambda: (np.array([0.3, -0.4, 0.8]),), 0),
    "global helper": ("""
        def {N}(v):
            return v * v * 3.0

        def f(x):
            return np.sum({N}(x) * x)
        """, lambda: (np.array([0.3, -0.4, 0.8]),), 0),
}
ALWAYS = ["dout", "np", "value", "range", "len", "min", "max", "slice", "_", "unbroadcast", "zeros_like",
          "sum_grad", "t1", "b_x", "b_y", "tape_y", "n_iter", "pos", "x_entry"]


_DIR = tempfile.TemporaryDirectory(prefix="s2sad_names_")   # removed when the test process ends


def load(text, name):
    modname = f"names_mod_{next(_count)}"
    path = os.path.join(_DIR.name, f"{modname}.py")
    with open(path, "w") as fh:
        fh.write("import numpy as np\n\n" + textwrap.dedent(text).replace("{N}", name))
    spec = importlib.util.spec_from_file_location(modname, path)
    mod = sys.modules[modname] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def generated_names(template):
    """Every name in the adjoints of the template (neutral name, both specialisations)."""
    text, make_args, wrt = TEMPLATES[template]
    mod = load(text, "zz_user")
    names = set()
    for compiled in (False, True):
        from s2sad.pipeline import build
        source = build(mod.f, ["x"] + (["zz_user"] if template == "param" else []), compiled=compiled).source
        names |= {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}
        names |= {a.arg for a in ast.walk(ast.parse(source)) if isinstance(a, ast.arg)}
    return sorted(names - {"zz_user", "x", "f", "h", "k", "s", "i", "y", "v"})


def _names_by_template():
    """``generated_names`` of every template, kept on disk under a key of everything they are made
    from: each s2sad source file's bytes, the templates, and the Python, NumPy, SciPy and numba
    versions (the builds are deterministic: the same inputs give the same adjoints). Ten builds
    ran at every collection, in each xdist worker (a replaced one too: tests/worker_recycling.py),
    ~3-6 s each time; a key that differs builds again, as does a cache that cannot be read."""
    import hashlib
    import json
    import numba
    import scipy
    from s2sad.backends.jit_module import cache_dir
    key = hashlib.sha256(repr((sys.version, np.__version__, scipy.__version__, numba.__version__,
                               sorted(ALWAYS), [(t, TEMPLATES[t][0], TEMPLATES[t][2]) for t in TEMPLATES])).encode())
    package = os.path.dirname(s2sad.__file__)
    for root, dirs, files in sorted(os.walk(package)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                with open(os.path.join(root, name), "rb") as fh:
                    key.update(name.encode() + b"\0" + fh.read())
    path = os.path.join(cache_dir(), "test_names", key.hexdigest() + ".json")
    try:
        with open(path) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        pass
    names = {t: generated_names(t) for t in TEMPLATES}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(path), delete=False, suffix=".tmp") as fh:
        json.dump(names, fh)
    os.replace(fh.name, path)      # whole or absent: another worker may read it now
    return names


_NAMES = _names_by_template()
CASES = [(t, n) for t in TEMPLATES for n in sorted(set(_NAMES[t]) | set(ALWAYS))]


def test_the_names_kept_on_disk_are_those_built_now():
    """The cases above came from the disk when its key matched: the builds give the same names now
    (a key missing something the adjoints depend on would show here, in one test, not in every worker)."""
    assert _NAMES == {t: generated_names(t) for t in TEMPLATES}


@pytest.mark.parametrize("template, name", CASES)
def test_user_name_equal_to_a_generated_name(template, name):
    text, make_args, wrt = TEMPLATES[template]
    mod, ref = load(text, name), load(text, "zz_user")
    args = make_args()
    try:
        same = np.allclose(mod.f(*args), ref.f(*args))
    except Exception:          # the name shadows something the body itself uses (e.g. np): not s2sad's
        same = False
    if not same:
        pytest.skip(f"`{name}` changes what the user's own code computes")
    if template == "global helper" and name in NAME_MATCHED:     # stages read these names as the builtins
        with pytest.raises(UnsupportedSyntaxError, match=f"not Python's builtin `{name}`"):
            check_grad(mod.f, *args, wrt=wrt)
        return
    check_grad(mod.f, *args, wrt=wrt)


@pytest.mark.jit
@pytest.mark.parametrize("template, name", [("param", "dout"), ("param", "r"), ("local", "max"),
                                            ("param", "range"), ("helper local", "b_x")])
def test_user_name_equal_to_a_generated_name_jit(template, name):
    text, make_args, wrt = TEMPLATES[template]
    mod = load(text, name)
    check_grad(mod.f, *make_args(), wrt=wrt, jit=True)
    if template == "param":              # the numba drivers take the same parameters
        g, h = s2sad.grad(mod.f, wrt=wrt, jit=True), s2sad.vjp(mod.f, wrt=wrt, jit=True)
        for got in (g.compiled(*make_args()), h.compiled(*make_args(), 1.0)):
            for a, b in zip(got, g(*make_args())):
                np.testing.assert_allclose(a, b, rtol=1e-12)
