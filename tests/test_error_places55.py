"""Refusals inside the user's code the frontend writes into the function (issue 8, objects55;
``s2sad/error_places.py``, ``frontend/object_model.InitWriter``).

On main, a refusal at a line of a local object's ``__init__`` or of a helper changing its
fields (``frontend/local_objects.py``, ``frontend/record_mutators.py``) was labelled with the
caller's name (``in ctor``, for ``self.c = np.unique(c)`` in ``Poly.__init__``), and a write
through an attribute named s2sad's variable for it (``a write through `s_p2```). Now the
label names the helper (``in Poly.__init__, inlined into ctor``) and the message the user's
attribute (``s.p``)."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError, UnsupportedSyntaxError

G = np.array([1.0, 2.0, 3.0])
X = np.array([0.3, -1.2, 0.8])


class Poly:
    def __init__(self, c):
        self.c = np.unique(c)

    def ev(self, t):
        s = 0.0
        for a in self.c:
            s = s * t + a
        return s


class Body:
    def __init__(self, p, v):
        self.p = p
        self.v = v

    def ke(self):
        return np.sum(self.v ** 2)


def ctor(x):
    p = Poly(x)
    return p.ev(0.7)


def global_field_write(x):
    s = Body(G, x)
    s.p[0] += x[0]
    return np.sum(s.p * s.v)


def kick(st, dt):
    st.p[0] += dt * st.v[0]


def helper_field_write(x):
    s = Body(G, x)
    kick(s, 0.1)
    return np.sum(s.p * s.v)


def _message(fn):
    with pytest.raises(S2sadError) as err:
        s2sad.grad(fn)(X.copy())
    return str(err.value)


def test_init_line_names_the_init():
    msg = _message(ctor)
    assert "in Poly.__init__, inlined into ctor:" in msg
    assert "self.c = np.unique(c)" in msg


@pytest.mark.parametrize("fn", [global_field_write, helper_field_write])
def test_write_names_the_attribute(fn):
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(fn)(X.copy())
    msg = str(err.value)
    assert "a write through `s.p`, which shares memory with the global `G`" in msg
    assert "s_p" not in msg
    assert np.array_equal(G, [1.0, 2.0, 3.0])


def test_helper_line_names_the_helper():
    msg = _message(helper_field_write)
    assert "in kick, inlined into helper_field_write:" in msg
    assert "st.p[0] += dt * st.v[0]" in msg


def test_own_lines_keep_the_function_name():
    msg = _message(global_field_write)
    assert ", in global_field_write:" in msg and "inlined" not in msg
