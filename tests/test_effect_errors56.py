"""The refusal of ``lst.extend([...])`` on a list not made by a display (``[a] * 3``): its advice
was "Extend by a display (`lst.extend([a, b])`)", which is what the user had written. It now
says what is wrong with the list and what works instead; the advice works (checked below)."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError


def repeated_then_extended(x):
    lst = [x[0]] * 3
    lst.extend([x[1], x[2]])
    return sum(v * (i + 1) for i, v in enumerate(lst))


def repeated_then_appended(x):       # the advice followed
    lst = [x[0]] * 3
    lst.append(x[1])
    lst.append(x[2])
    return sum(v * (i + 1) for i, v in enumerate(lst))


def test_an_extend_by_a_display_is_not_advised_to_extend_by_a_display():
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sad.grad(repeated_then_extended)(np.ones(3))
    msg = str(info.value)
    assert "line 13" in msg and "lst.extend([x[1], x[2]])" in msg
    assert "Extend by a display" not in msg
    assert "Append the items instead (`lst.append(a)`" in msg and "`[a] * 3`" in msg


def test_the_advice_works():
    x = np.array([0.3, 1.2, 0.7])
    np.testing.assert_allclose(s2sad.grad(repeated_then_appended)(x), [6.0, 4.0, 5.0])
    np.testing.assert_allclose(s2sad.jvp(repeated_then_appended)(x, np.ones(3))[1], 15.0)
