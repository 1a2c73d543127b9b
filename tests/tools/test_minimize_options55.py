"""``s2sad.minimize`` with a keyword it does not take (issue 8, stop 55): ``callback=`` or
``bounds=`` (what users of scipy.optimize.minimize write) raised Python's own TypeError
("unexpected keyword argument") from the signature. Now an ArgumentError (an S2sadError, still a
TypeError) names the keywords minimize accepts and, for these two, what to write instead; before
anything is built or compiled, with jit=True (also on the fast path of a call that ran before) and
jit=False. The advice for bounds (a reparametrisation) is checked to reach the bounded optimum."""
import numpy as np
import pytest

import s2sad

ACCEPTED = ("method", "lr", "steps", "args", "jit", "betas", "eps", "momentum")


def bowl(p):
    return np.sum((p - np.array([2.0, -1.0])) ** 2)


def squashed(z):
    """bowl over the box [0, 1]^2, written as the bounds advice says."""
    x = 1.0 / (1.0 + np.exp(-z))
    return np.sum((x - np.array([2.0, -1.0])) ** 2)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("keyword, says", [("callback", "no callback(.|\n)*res.losses(.|\n)*res.x"),
                                           ("bounds", "no bounds(.|\n)*inside f(.|\n)*scipy.optimize"),
                                           ("tol", r"no option `tol`; its options are")])
def test_an_unknown_keyword_is_an_argument_error_naming_the_accepted_ones(keyword, says, jit):
    with pytest.raises(s2sad.ArgumentError, match=says) as info:
        s2sad.minimize(bowl, np.zeros(2), steps=5, jit=jit, **{keyword: None})
    assert isinstance(info.value, TypeError)
    assert all(f"{name}=" in str(info.value) for name in ACCEPTED)


def test_refused_also_after_a_descent_of_the_same_kind_ran():
    """The second call of a kind goes straight to its compiled loop (optim_fast): refused there too."""
    s2sad.minimize(bowl, np.zeros(2), method="sgd", lr=0.1, steps=3)
    with pytest.raises(s2sad.ArgumentError, match="callback="):
        s2sad.minimize(bowl, np.zeros(2), method="sgd", lr=0.1, steps=3, callback=print)


def test_too_many_positional_arguments():
    with pytest.raises(s2sad.ArgumentError, match="at most 8 more positional"):
        s2sad.minimize(bowl, np.zeros(2), "sgd", 0.1, 3, (), False, (0.9, 0.999), 1e-8, 0.9, print)


def test_the_bounds_advice_finds_the_bounded_optimum():
    res = s2sad.minimize(squashed, np.zeros(2), method="adam", lr=0.1, steps=2000, jit=False)
    x = 1.0 / (1.0 + np.exp(-res.x))
    assert x[0] > 0.99 and x[1] < 0.01          # the corner (1, 0) of the box nearest (2, -1)
