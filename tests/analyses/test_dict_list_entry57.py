"""A global dict holding a list, read and made an array (``np.array(CFG["w"])``), failed inside
s2sad (BuildFailedError: "TypeError: 'NoneType' object is not subscriptable" in
analyses/expr_ranks._dict_entry, which took the entry's kind, None for a list, for a tuple).
An entry of no kind now has no known rank, as any other unknown value (stop 57, issue 8)."""
import numpy as np

from s2sad.testing import check_against_autograd, check_grad, check_jvp

CFG = {"w": [1.0, 2.0, 3.0], "a": 2.0}
X = np.array([0.3, -0.7, 1.1])


def list_entry_of_a_global_dict(x):
    return np.sum(x * np.array(CFG["w"])) ** 2 * CFG["a"]


def test_list_entry_of_a_global_dict():
    check_grad(list_entry_of_a_global_dict, X)
    check_jvp(list_entry_of_a_global_dict, X, tangent=np.array([0.2, 0.5, -0.3]))
    check_against_autograd(list_entry_of_a_global_dict, X)


def test_list_entry_of_a_global_dict_jit():
    check_grad(list_entry_of_a_global_dict, X, jit=True)
