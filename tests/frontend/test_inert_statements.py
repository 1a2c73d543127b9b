"""frontend/inert_statements.py: ``with np.errstate(...)`` that only quiets warnings and a
``del name`` no read can follow change no value, so they go; every other ``with`` and ``del``
is refused at its line."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad


def quiet_log(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(x > 0, np.log(np.abs(x)), 0.0)
    return np.sum(r * x)


def nested_quiet(x):
    s = 0.0
    for i in range(3):
        with np.errstate(all="ignore"):
            if i > 0:
                s = s + np.sum(np.sqrt(x) * i)
    return s


def del_temporary(x):
    t = x * 2.0
    y = np.sin(t)
    del t
    return np.sum(y * x)


def del_in_loop(x):
    s = 0.0
    for i in range(3):
        t = x * i
        s = s + np.sum(np.cos(t))
        del t
    return s


X = np.array([-1.0, -0.3, 0.4, 1.2])


@pytest.mark.parametrize("f", [quiet_log, nested_quiet, del_temporary, del_in_loop])
def test_inert_statements_are_read_through(f):
    x = np.abs(X) if f is nested_quiet else X
    check_grad(f, x)
    source = s2sad.grad(f).source
    assert "errstate" not in source and "del " not in source


def errstate_raise(x):
    with np.errstate(divide="raise"):      # an exception where a division by zero happens
        r = np.log(x)
    return np.sum(r)


def errstate_as(x):
    with np.errstate(divide="ignore") as old:  # noqa: F841
        r = np.log(x)
    return np.sum(r)


def read_after_del(x):
    s = 0.0
    for i in range(3):
        if i > 0:
            s = s + np.sum(t)             # the next iteration reads what `del` unbound
        t = x * i
        del t
    return s


def del_item(x):
    L = [x, x * 2.0, x * 3.0]
    del L[0:2]            # (del L[i] of a local list is lifted: frontend/queues.py, list_mutation.py)
    return np.sum(L[0])


@pytest.mark.parametrize("f, line", [(errstate_raise, "with np.errstate(divide=\"raise\"):"),
                                     (errstate_as, "with np.errstate(divide=\"ignore\") as old:"),
                                     (read_after_del, "del t"), (del_item, "del L[0:2]")])
def test_other_with_and_del_are_refused_at_their_line(f, line):
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(f)(X)
    assert line in str(err.value) and "test_inert_statements.py" in str(err.value)
