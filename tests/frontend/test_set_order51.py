"""A loop over a set display of constants visits the elements in the order of the function's own
frozenset constant (frontend/set_values.py). CPython compiles ``for k in {0, 8, 1}`` into a
frozenset constant; a code object loaded from a ``.pyc`` rebuilds it from the marshalled order,
which for colliding hashes is not the source's ({0, 1, 8} here), and strings' hashes change from
one process to the next. s2sad took the source order for numbers (silently wrong for a function
imported from a ``.pyc`` whose set holds colliding numbers) and rebuilt a set of strings in the
adjoint (wrong when the primal's constant came from a ``.pyc``: ``test_set_values50``'s ``strings``
failed under some hash seeds)."""
import importlib.util
import marshal

import numpy as np
import pytest

from s2sad.testing import check_grad, check_jvp

SOURCE = '''
def numbers(x):
    s = 0.0
    for k in {0, 8, 1}:
        s = s * 0.5 + x[k % 4] ** 3
    return s


def strings(x):
    s = 0.0
    for name in {"bb", "a", "cccc", "dd", "e"}:
        s = s * 0.5 + x[len(name) - 1] ** 3
    return s


def in_a_comprehension(x):
    return sum(x[k % 4] * (i + 1) for i, k in enumerate([k for k in {0, 8, 1}]))
'''
X = np.array([0.7, -0.4, 1.1, 0.3])


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The module's functions, their code as a ``.pyc`` load gives it (marshalled and loaded)."""
    path = tmp_path_factory.mktemp("set_order") / "set_order_module51.py"
    path.write_text(SOURCE)
    spec = importlib.util.spec_from_file_location("set_order_module51", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("numbers", "strings", "in_a_comprehension"):
        fn = getattr(module, name)
        fn.__code__ = marshal.loads(marshal.dumps(fn.__code__))
    return module


def test_the_marshalled_order_differs_from_the_source_order(loaded):
    visited = next(k for k in loaded.numbers.__code__.co_consts if isinstance(k, frozenset))
    assert list(visited) != list({0, 8, 1}) or pytest.skip("this CPython keeps the source order")


@pytest.mark.parametrize("name", ["numbers", "strings", "in_a_comprehension"])
@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_the_adjoint_visits_the_primals_order(loaded, name, jit):
    f = getattr(loaded, name)
    check_grad(f, X, jit=jit)
    if not jit:
        check_jvp(f, X, tangent=np.array([0.3, -0.1, 0.2, 0.5]))
