"""A function defined in an installed library or the standard library is differentiated only
through a rule, never read and inlined as the user's helper (frontend/resolve.library_function,
decided by where its file lives: sysconfig's stdlib and site-packages paths, site's). Its source
uses constructs s2sad does not model (`with np.errstate`, array-API namespaces, `nonlocal`):
inlined, it was refused at a line of the library's file, with advice about "your own objects",
or worse. Now: a NoDerivativeError at the user's line, in every mode. The user's own functions
(this file, code made by exec) stay helpers."""
import statistics
import types

import numpy as np
import pytest
import scipy.special

import s2sad
from s2sad import NoDerivativeError
from s2sad.frontend.resolve import library_function
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, -1.2, 2.0])


def square_sum(x):
    return np.sum(x * x)


def uses_spherical_jn(x):      # logsumexp, softplus (rules53), multigammaln (stop 58) were the example until they got a rule
    return np.sum(scipy.special.spherical_jn(1, x)) * 2.0


def uses_geometric_mean(x):    # (statistics.fmean until stop 54 gave it a rule: tests/rules/test_lifts54.py)
    return statistics.geometric_mean([x[0], x[1]])


def uses_own_helper(x):
    return square_sum(np.tanh(x))


def test_library_functions_are_told_from_the_users():
    assert library_function(scipy.special.logsumexp) and library_function(statistics.fmean)
    assert library_function(statistics.median)
    assert not library_function(square_sum) and not library_function(uses_own_helper)
    module = compile("def cell(x):\n    return x * 2.0\n", "<ipython-input-1>", "exec")
    cell = types.FunctionType(next(c for c in module.co_consts if isinstance(c, types.CodeType)), {})
    assert not library_function(cell)                   # a notebook cell, the REPL
    assert not library_function(check_grad)             # s2sad's own: decided by its rules
    assert not library_function(np.sin)                 # no Python code: not a helper anyway


@pytest.mark.parametrize("f, name", [(uses_spherical_jn, "spherical_jn"), (uses_geometric_mean, "geometric_mean")])
@pytest.mark.parametrize("mode", ["grad", "jvp", "hvp"])
def test_a_library_function_without_a_rule_is_refused_at_the_users_line(f, name, mode):
    extra = () if mode == "grad" else (np.ones(3),)
    with pytest.raises(NoDerivativeError) as err:
        getattr(s2sad, mode)(f)(X, *extra)
    text = str(err.value)
    assert __file__ in text and f"`{name}`" in text and "site-packages" not in text \
        and "statistics.py" not in text


@pytest.mark.parametrize("jit", [False, True])
def test_the_users_helpers_are_still_inlined(jit):
    check_grad(uses_own_helper, X, jit=jit)
    check_jvp(uses_own_helper, X, tangent=np.ones(3), jit=jit)
    check_hvp(uses_own_helper, X, v=np.ones(3), jit=jit, reference="autograd")



def discards_fmean(x):
    a = x * 2.0
    statistics.fmean(a)
    return np.sum(a)


def test_a_library_function_called_for_its_effect_gets_no_advice_meant_for_helpers():
    # the refusal told the user to "end `fmean` with `return`": advice for their own helpers
    with pytest.raises(s2sad.UnsupportedSyntaxError) as err:
        s2sad.grad(discards_fmean)(X)
    text = str(err.value)
    assert "statistics.fmean(a)" in text and "`statistics.fmean(...)`" in text
    assert "end `fmean` with `return`" not in text and "np.zeros(n)" in text
