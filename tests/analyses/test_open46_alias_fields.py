"""Fields of a container built in the function, unpacked into names, then the array written in
place (open46, issue 8's false refusals): ``W, b = prm.W, prm.b`` of ``prm = Params(W=X, b=B)``,
then ``X[0] = 1.0`` with ``b`` read later was refused on main ("a write through `X`, which
shares memory with `b`"): the alias stage's buffers did not know which position of the tuple
display held which array, so ``b`` was taken to hold ``X`` too. ``alias_points.Held`` keeps the
positions of a tuple display (immutable), so ``prm[1]`` holds what ``B`` held at the display.
A position that may hold the written array (the same array twice, a branch swapping the
positions) stays refused, located. (autograd has no in-place writes: central differences only.)"""
import numpy as np
import pytest

import open46_alias_funcs as F
import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, -0.2, 0.5, 0.1])
B = np.array([0.1, 0.4, -0.3, 0.2, 0.6, -0.1])
# every one refused on main
EXACT = [("dataclass_fields", ()), ("namedtuple_fields", ()), ("tuple_fields_in_loop", ()),
         ("nested_fields", ()), ("branch_fields", (1.0,)), ("branch_fields", (-1.0,))]
IDS = [f"{n}{a}" for n, a in EXACT]


@pytest.mark.parametrize("name, extra", EXACT, ids=IDS)
def test_grad(name, extra):
    check_grad(getattr(F, name), X, B, *extra, wrt=(0, 1))


@pytest.mark.parametrize("name, extra", EXACT, ids=IDS)
def test_jvp(name, extra):
    check_jvp(getattr(F, name), X, B, *extra, tangent=(np.full(4, 0.3), np.linspace(-1.0, 1.0, 6)), wrt=(0, 1))


@pytest.mark.parametrize("name", ["dataclass_fields", "tuple_fields_in_loop"])
def test_hvp(name):
    check_hvp(getattr(F, name), X, B, v=np.linspace(-1.0, 1.0, 4), wrt=0, rtol=1e-4, atol=1e-4)


def test_checkpointed_loop():
    def grad2(f, wrt, jit):
        return s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2)
    check_grad(F.tuple_fields_in_loop, X, B, wrt=(0, 1), grad_fn=grad2)


def test_rebound_after_the_display_keeps_the_old_array():
    """``prm = (Y, B); Y = X; W = prm[0]``: W holds the old Y, which the write into X leaves."""
    check_grad(F.rebound_after_pack, X, B, wrt=(0, 1))


@pytest.mark.parametrize("name, extra, line", [("same_array_twice", (), 83), ("swapped_in_branch", (1.0,), 94),
                                                ("swapped_in_branch", (-1.0,), 94),
                                                # a list the tuple holds, grown after the display (a silent
                                                # wrong gradient, 0 for 1, before the positions left lists out)
                                                ("list_grown_after_the_display", (), 124),
                                                ("list_name_grown_after_the_display", (), 136)])
def test_a_position_that_may_hold_the_written_array_is_refused(name, extra, line):
    with pytest.raises(S2sadError) as err:
        s2sad.grad(getattr(F, name), wrt=(0, 1))(X.copy(), B.copy(), *extra)
    assert f"line {line}" in str(err.value) and "open46_alias_funcs.py" in str(err.value)


@pytest.mark.jit
def test_jit_same_shape_fields():
    """numba keeps a tuple of arrays of one shape (the other forms hold two shapes: a located JitError)."""
    check_grad(F.same_shape_fields, X, X[::-1] * 0.5, wrt=(0, 1), jit=True)
