"""Functions written as people in other fields write them (hunt21: epidemiology, robotics, time
series, recommenders, RL, numerical methods, graphs, image processing, biology, metric learning,
sparse and banded matrices, audio, astronomy, queueing, American options, Python idioms). The
whole hunt lives in /work/scratch/hunt21 (harness.py, set_*.py, table.md); these are the cases
where s2sad was wrong, crashed or refused what a user would expect to work."""
from collections import OrderedDict, defaultdict

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

GROUPS = (0, 1, 0, 2, 1)
X5 = np.array([0.5, -0.3, 1.2, 0.8, -1.1])


def group_means_with_counts(x):
    counts = defaultdict(int)
    for g in GROUPS:
        counts[g] += 1
    s = 0.0
    for g, v in zip(GROUPS, x):
        s += v * v / counts[g]
    return s


def test_class_passed_to_a_call_is_no_shared_buffer():
    """`counts = defaultdict(int)` was taken to share memory with the global `int`, and the
    counting (no derivative in it) refused with the advice `counts = np.copy(int)`. A class, a
    function or a module holds no buffer. Refused before the fix."""
    check_grad(group_means_with_counts, X5)
    check_jvp(group_means_with_counts, X5, tangent=X5[::-1].copy())


def sums_by_group_in_a_defaultdict(x):
    acc = defaultdict(float)
    for g, v in zip(GROUPS, x):
        acc[g] += v * v
    return sum(acc.values()) + acc[1]


def entries_of_an_ordered_dict(x):
    d = OrderedDict()
    d["a"] = x[0] ** 2
    return d["a"] + x[1]


def entries_of_dict_fromkeys(x):
    d = dict.fromkeys(["a", "b"], 0.0)
    d["a"] += x[0] ** 2
    return d["a"] + d["b"]


class Params(dict):
    pass


def entries_of_a_dict_subclass(x):
    p = Params()
    p["w"] = x[0] * 2
    return p["w"] ** 2


@pytest.mark.parametrize("mode", ["grad", "jvp"])
@pytest.mark.parametrize("f, made", [(sums_by_group_in_a_defaultdict, "defaultdict(...)"),
                                     (entries_of_an_ordered_dict, "OrderedDict(...)"),
                                     (entries_of_dict_fromkeys, "dict.fromkeys(...)"),
                                     (entries_of_a_dict_subclass, "Params(...)")],
                         ids=["defaultdict", "OrderedDict", "fromkeys", "subclass"])
def test_derivative_written_into_an_object_a_class_made_is_refused(f, made, mode):
    """The adjoint of `d[k] = v` takes `d` for an array (`zeros_like(d)`, `v`'s gradient read
    back at `k`): into a dict a class call made, the derivative code raised TypeError
    (AdjointFailedError 'please report it') in both modes. Now a located refusal naming the
    call. Failed before the fix (AdjointFailedError, or the `np.copy(float)` advice)."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="test_hunt21.py\", line") as info:
        s2sad.grad(f)(X5) if mode == "grad" else s2sad.jvp(f)(X5, X5)
    assert f"which `{made}` made" in str(info.value) and "np.copy" not in str(info.value)
