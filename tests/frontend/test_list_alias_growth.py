"""A list grown through a second name (``ys = xs; ys.append(v)``, ``ys += [v]``, ``ys.extend``)
and a list read whole inside the argument of its own append (``L.append(np.sum(np.array(L)))``).

Before: ``rows.append(np.sum(np.array(rows)))`` raised an internal AdjointFailedError (the whole
read took the list's final length in the reverse sweep: list_index counted the append as running
before its own argument); ``ys += [v]`` through an alias was refused in reverse mode as a join of
lists and raised AdjointFailedError in forward mode; ``ys.extend([...])`` was refused. A growth
through an alias that s2sad cannot follow (in a loop) is refused with advice for lists."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def read_whole_in_append(k0):
    rows = [np.sum(k0 * 2.0), np.sum(k0)]
    rows.append(np.sum(np.array(rows)))
    return rows[2] * 1.5


def read_whole_in_alias_append(k0):
    rows = [k0 * 2.0, k0]
    ys = rows
    ys.append(np.sum(np.array(rows), axis=0))
    return np.sum(ys[2] * rows[0])


def alias_append_read_by_first_name(x):
    traj = [x, x * 2.0, x * 3.0]
    parts = traj
    v = np.sin(x)
    parts.append(v)
    return np.sum(traj[3] * traj[0]) + np.sum(parts[-1])


def alias_iadd(q):
    traj = [q @ q, 0.75]
    parts = traj
    parts += [np.sin(q[0])]
    return traj[-1] * traj[0] + len(traj)


def alias_extend(q):
    traj = [q @ q, 0.75]
    parts = traj
    parts.extend([np.sin(q[0]), q[1] * traj[0]])
    return traj[-1] + traj[0] * traj[2] + parts[1]


def alias_of_alias_iadd(q):
    a = [q * 1.0]
    b = a
    c = b
    c += [np.cos(q)]
    return np.sum(a[1] * a[0])


X = np.array([0.3, 0.7, -1.1])
GROWN = [read_whole_in_append, read_whole_in_alias_append, alias_append_read_by_first_name, alias_iadd,
         alias_extend, alias_of_alias_iadd]


@pytest.mark.parametrize("f", GROWN)
def test_growth_through_a_second_name_is_exact(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([1.0, -0.5, 2.0]))


@pytest.mark.jit
@pytest.mark.parametrize("f", [read_whole_in_alias_append, alias_iadd])
def test_growth_through_a_second_name_under_jit(f):
    check_grad(f, X, jit=True)


def alias_append_in_loop(x):
    traj = [x, x * 2.0]
    parts = traj
    for i in range(3):
        parts.append(np.sin(traj[-1]))
    return np.sum(traj[-1] * traj[0])


def test_growth_through_a_second_name_in_a_loop_is_exact():
    """Refused before alias40: ``parts = traj`` is one name (frontend/list_aliases.py)."""
    check_grad(alias_append_in_loop, X)
    check_jvp(alias_append_in_loop, X, tangent=np.array([1.0, -0.5, 2.0]))


def alias_made_in_a_branch_appended_in_loop(x):
    traj = [x, x * 2.0]
    parts = [x]
    if x[0] > 0:
        parts = traj
    for i in range(3):
        parts.append(np.sin(traj[-1]))
    return np.sum(traj[-1] * traj[0])


def test_growth_through_a_second_name_made_in_a_branch_is_refused_with_list_advice():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)append through `parts`.*Append through `traj`"):
        s2sad.grad(alias_made_in_a_branch_appended_in_loop)(X)


def alias_of_a_parameter(x, xs):
    ys = xs
    ys += [x * 2.0]
    return ys[-1] * x


def test_an_alias_of_a_parameter_is_not_taken_for_a_local_list():
    with pytest.raises(s2sad.S2sadError):
        s2sad.grad(alias_of_a_parameter)(0.7, [1.0])
