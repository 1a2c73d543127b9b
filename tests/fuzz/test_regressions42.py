"""Findings of the stop-42 campaign (``python -m tests.fuzz --n 5000 --seed 42300000 --modes grad
--jit off --workers 1``, stopped at 1320 programs; minimized from seed 42301169).

A helper that writes into its own array through the rows of a ``for`` loop (``for vel in B:
vel /= ...``), called in a loop over a dict's keys, lost those writes: the adjoint's primal
computed ``np.sum(np.sin(B))`` of the unwritten ``B`` (value 14.69 for 4.44). The dict loop is
unrolled into clones of its body, and ``astutil.clone`` dropped the ``_s2sad_inplace`` mark of
``vel = vel / ...`` (the ANF of ``vel /= ...``), so the alias analysis saw a rebinding, not a
write into ``B``'s row, and made no write-back ``B[k] = vel``. The same helper called in a loop
over a tuple (not cloned) was right.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def _normalised_rows(lam):
    B = np.cosh(np.ones((2, 2)))
    for vel in B:
        vel /= np.linalg.norm(vel) + 1.0
    return np.sum(np.sin(B))


def over_dict_keys(x):
    items = {"k0": x, "k1": x, "k2": x}
    k = 0.0
    for val in items:
        k = _normalised_rows(x) * k + items[val]
    return k


def over_tuple(x):
    k = 0.0
    for val in ("k0", "k1", "k2"):
        k = _normalised_rows(x) * k + x
    return k


def test_row_writes_of_a_helper_called_over_a_tuple_are_kept():
    value, _ = s2sad.value_and_grad(over_tuple)(0.7)
    assert value == pytest.approx(over_tuple(0.7), rel=1e-12)
    check_grad(over_tuple, 0.7)


def test_row_writes_of_a_helper_called_over_dict_keys_are_kept():
    value, _ = s2sad.value_and_grad(over_dict_keys)(0.7)
    assert value == pytest.approx(over_dict_keys(0.7), rel=1e-12)
    check_grad(over_dict_keys, 0.7)
