"""``.source`` before any call of a function reading ``kw.get(...)`` of its ``**kw`` (args48's open
item): the build made before any call does not know that ``kw`` holds a dict, and the refusal
said "the method `.get()` of a value that is not a dict s2sad follows" — untrue (``**kw`` is always
a dict). It now says why (the keywords are known only from a call) and what to do; after a call,
``.source`` is the code for that call's keywords."""
import inspect

import numpy as np
import pytest

import s2sad


def scaled(x, **kw):
    return np.sum(x ** 3) * kw.get("c", 1.0)


X = np.array([0.3, -0.7])


def test_source_before_any_call_refused_truthfully():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        s2sad.grad(scaled).source
    msg = str(e.value)
    line = inspect.getsourcelines(scaled)[1] + 1
    assert __file__ in msg and f"line {line}," in msg and "in scaled" in msg
    assert "`kw.get(...)` of the `**kw` parameter" in msg and "before any call" in msg
    assert "not a dict" not in msg


def test_source_after_a_call():
    g = s2sad.grad(scaled)
    np.testing.assert_allclose(g(X.copy(), c=2.0), 6.0 * X ** 2, rtol=1e-12)
    assert "def scaled_adjoint" in g.source
