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


class Cfg:
    table = np.array([1.0, 2.0, 3.0])


def table_of_a_global_class_written(x):
    t = getattr(Cfg, "table")
    t[0] = x[0]
    return np.sum(t * x[:3])


def test_class_handing_out_its_array_is_still_a_global():
    """Only a class or function handed to a class call (`defaultdict(int)`) shares no memory:
    `getattr(Cfg, 'table')` is the class's own array, and writing into it stays refused."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="shares memory with the global `Cfg`"):
        s2sad.grad(table_of_a_global_class_written)(X5)


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


def softplus(v):
    return np.log1p(np.exp(v))


ACT = {"softplus": softplus, "tanh": np.tanh}


def activation_from_a_table(x):
    return np.sum(ACT["softplus"](x) * x)


def activation_chosen_by_a_test(x):
    f = np.sin if x[0] > 0 else np.cos
    return np.sum(f(x))


class Arm:
    def __init__(self, lengths):
        self.lengths = lengths

    def reach(self, q):
        return np.sum(self.lengths * np.cos(np.cumsum(q)))


ARM = Arm(np.array([1.0, 0.7, 0.4]))


def method_of_a_global_object(q):
    return ARM.reach(q) ** 2


@pytest.mark.parametrize("mode", ["grad", "jvp"])
@pytest.mark.parametrize("f, said", [(activation_from_a_table, "`ACT['softplus']` is a function chosen while"),
                                     (activation_chosen_by_a_test, "`f` is a function chosen while")],
                         ids=["table", "chosen"])
def test_call_no_rule_can_name_is_advised_alike_in_both_modes(f, said, mode):
    """A function held in a dict or a variable, or a method of the user's object: reverse mode
    said so, forward mode (jvp, and hvp's tangent pass) advised `@s2sad.tangent(ACT['softplus'])`,
    `@s2sad.tangent(f)` of a local variable, `@s2sad.tangent(reach)`: nothing the user can
    register. Both modes now share the refusal (errors.unknown_callee). Failed before the fix (jvp)."""
    x = np.array([0.3, -0.2, 0.5])
    with pytest.raises(s2sad.NoDerivativeError, match="test_hunt21.py\", line") as info:
        s2sad.grad(f)(x) if mode == "grad" else s2sad.jvp(f)(x, x)
    assert said in str(info.value) and "s2sad.tangent(" not in str(info.value)


def test_method_of_a_global_object_is_differentiated_in_both_modes():
    """`ARM.reach(q)` was refused in both modes (a method of the user's object); it is now
    inlined with `self` reading ARM's attributes (frontend/own_methods.py, meth25)."""
    x = np.array([0.3, -0.2, 0.5])
    check_grad(method_of_a_global_object, x)
    check_jvp(method_of_a_global_object, x, tangent=np.array([1.0, -0.5, 0.25]))


def reversed_in_place(x):
    y = x.copy() * 2
    y[::-1] = y
    return y @ np.arange(1.0, 7.0)


def rows_flipped_in_place(A):
    B = A * 1.0
    B[::-1] = B
    return np.sum(B * np.arange(9.0).reshape(3, 3))


def whole_written_with_itself(x):
    y = x * 2
    y[:] = y
    return y @ np.arange(1.0, 7.0)


@pytest.mark.parametrize("f, arg", [(reversed_in_place, X5[:3].repeat(2)), (whole_written_with_itself, X5[:3].repeat(2)),
                                    (rows_flipped_in_place, np.arange(9.0).reshape(3, 3) * 0.1)],
                         ids=["reversed", "whole", "rows"])
def test_array_written_with_itself_is_read_before_the_write(f, arg):
    """`y[::-1] = y`: NumPy reads all of y before writing. The adjoint read the value's gradient
    out of y's own (`b_y += b_y[::-1]`) and then zeroed the slot (`b_y[::-1] = 0.0`): a zero
    gradient without a word. (Forward mode was right: its tangent is written as NumPy writes.) The
    frontend now writes a copy (`t = np.copy(y); y[::-1] = t`), so both modes read another array.
    check_grad failed before the fix; check_jvp passed before and after."""
    check_grad(f, arg)
    check_jvp(f, arg, tangent=np.cos(np.arange(arg.size)).reshape(arg.shape))
