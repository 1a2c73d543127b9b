"""Bugs the fuzz40 campaign (seeds 40xxxxxx) found, each minimised from a generated program. Fixed ones
are regression tests that failed on main (the two alias ones fixed by frontend/list_aliases.py, alias40)."""
import numpy as np

import s2sad
from s2sad.testing import check_grad


def _alias_slot_rebound_then_append(k0):
    # fuzz 40200112 (minimised): an alias of a list, a slot rebound through it, then an item appended
    parts = [k0 * 2.0, k0]
    rows = parts
    parts[0] += k0
    rows[-1] = rows[0]
    rows.append(k0)
    return sum(parts)


# was AdjointFailedError (an internal ValueError, shapes (3,) (2,)): `rows[-1] = rows[0]` taped `rows`
# (2 items) and restored it, the adjoint of `rows.append(k0)` left b_rows 3 items long, so `rows = parts`'s
# adjoint added zeros_like(rows) (2) to b_parts (3); fixed by frontend/list_aliases.py (one name)
def test_alias_of_a_list_whose_slot_is_rebound_then_appended_to():
    check_grad(_alias_slot_rebound_then_append, -0.53)


def _appended_through_both_names(tau):
    # fuzz 40100192 (minimised): a list appended to through an alias and through its own name
    xs = [tau * np.ones(2), np.ones(2)]
    ps = xs
    ps.append(np.ones(2) * 2.0)
    xs.append(np.sin(tau) * np.ones(2))
    return np.sum(ps[3]) * tau


def test_gradient_of_a_list_appended_to_through_both_names():
    g = s2sad.grad(_appended_through_both_names)(0.4)
    assert np.isclose(g, 2.0 * (np.sin(0.4) + 0.4 * np.cos(0.4)))


# was AdjointFailedError in hvp (an internal IndexError reading ps[3]: the tangent pass did not see the
# append through the alias `ps`); fixed by frontend/list_aliases.py (one name)
def test_hvp_of_a_list_appended_to_through_both_names():
    h = s2sad.hvp(_appended_through_both_names)(0.4, 1.0)
    assert np.isclose(h, 2.0 * (2.0 * np.cos(0.4) - 0.4 * np.sin(0.4)))
