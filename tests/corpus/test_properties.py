"""Property-based tests: random programs, written out as source files, differentiated by
s2sad and checked against central finite differences.

The programs mix smooth scalar expressions with the constructs the compiler lowers:
if/else on data, for loops with a loop-carried accumulator, while loops whose trip count
depends on the inputs, helpers, and reassignment. Every operation is smooth and bounded
on the sampled domain, so a mismatch is a wrong gradient, not a numerical accident.
"""
import importlib.util
import itertools

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from s2sad.testing import check_grad  # noqa: E402

LEAVES = ["x", "y", "0.5", "1.5"]
UNARY = ["np.sin({})", "np.cos({})", "np.tanh({})", "np.exp(np.tanh({}))", "np.sqrt(1.0 + {} * {})",
         "({}) ** 2", "-({})", "np.log1p({} * {})", "np.arctan({})", "smooth({})"]
BINARY = ["({} + {})", "({} - {})", "({} * {})", "({} / (1.0 + {} * {}))", "np.maximum({}, {} + 3.0)"]

HELPER = '''
def smooth(v):
    if v > 0.0:
        return v * v / (1.0 + v)
    return v * v
'''


def expressions(depth=3):
    leaf = st.sampled_from(LEAVES)
    return st.recursive(leaf, lambda inner: st.one_of(
        st.tuples(st.sampled_from(UNARY), inner).map(lambda t: t[0].format(*[t[1]] * t[0].count("{}"))),
        st.tuples(st.sampled_from(BINARY), inner, inner).map(_binary)), max_leaves=6)


def _binary(t):
    template, a, b = t
    n = template.count("{}")
    return template.format(a, *[b] * (n - 1))


def statements():
    e = expressions()
    return st.one_of(
        st.tuples(e).map(lambda t: [f"s = s + {t[0]}"]),
        st.tuples(e, e, e).map(lambda t: [f"if {t[0]} > 0.1:", f"    s = s + {t[1]}", "else:",
                                          f"    s = s * 0.5 + {t[2]}"]),
        st.tuples(e, st.integers(1, 4)).map(lambda t: [f"for i in range({t[1]}):",
                                                        f"    s = s * 0.7 + np.tanh({t[0]}) * i"]),
        st.tuples(e).map(lambda t: ["k = 0", "while s < 2.0 and k < 6:",
                                    f"    s = s + 0.3 + np.tanh({t[0]}) ** 2", "    k = k + 1"]),
        st.tuples(e).map(lambda t: [f"x = x * 0.9 + 0.1 * np.sin({t[0]})"]),
    )


_counter = itertools.count()


def load(tmp_path, lines):
    name = f"prop_{next(_counter)}"
    body = "\n".join("    " + line for line in ["s = 0.0"] + lines + ["return s"])
    path = tmp_path / f"{name}.py"
    path.write_text(f"import numpy as np\n{HELPER}\n\ndef f(x, y):\n{body}\n")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=st.lists(statements(), min_size=1, max_size=4),
       x=st.floats(-1.5, 1.5), y=st.floats(-1.5, 1.5))
def test_random_programs_match_finite_differences(tmp_path, program, x, y):
    f = load(tmp_path, [line for block in program for line in block])
    value = f(x, y)
    if not np.isfinite(value) or _near_kink(f, x, y):
        return  # a branch or loop boundary within the finite-difference step: no derivative there
    check_grad(f, x, y, wrt=(0, 1), rtol=1e-4, atol=1e-6)


def _near_kink(f, x, y, h=1e-4):
    """True if the function's second difference shows a jump near (x, y) (a branch switch,
    a tie of np.maximum): a kink makes it ~h times the change of slope, a smooth function
    ~h**2 times its curvature."""
    for dx, dy in ((h, 0.0), (0.0, h), (h, h), (h, -h)):
        left, mid, right = f(x - dx, y - dy), f(x, y), f(x + dx, y + dy)
        if abs(left - 2 * mid + right) > 1e-6 * max(1.0, abs(mid)):
            return True
    return False
