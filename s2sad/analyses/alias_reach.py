"""Which binding of a name reaches a statement, for the alias stage (``analyses/alias.py``).

A write-back (``m[idx] = n``, ``m = n``) is right only if the names it reads still hold the
arrays they held when the view was taken. These queries answer that from program order
(``alias_flow._flatten``): the assignment that gave a name its buffer before a statement
(``definition``: the latest plain assignment on the path, none if another binding may reach it
round a loop or from a branch), whether names are unchanged between two statements, whether
two names are one object through plain copies, and whether an assignment makes a new array;
and, for refusals, how a name or a statement reads in the user's code (``spelled``, ``as_written``).

Invariant: they read the tree and the alias facts and never change either; in-place updates,
element writes and write-backs keep a name's buffer, so they are not bindings here.
"""
import ast

from .. import astutil as A
from .alias_flow import _block_chain_contains, _stores


class Reaching:
    """Mixed into ``Aliasing``: needs ``namer``, ``sharing`` and ``_s2sad_op`` on assignments."""

    def spelled(self, name, k, flat, depth=3):
        """``name`` as the user wrote it: a renaming of the user's name (``L2``, an inlined helper's
        ``helper_L``) is that name, another temporary s2sad introduced is its definition."""
        if self.namer.as_written(name) != name:
            return self.namer.as_written(name)
        d = self.definition(name, k, flat) if name in self.namer.issued and depth else None
        if d is None or not isinstance(flat[d].stmt, ast.Assign):
            return name
        value = A.clone(flat[d].stmt.value)
        for node in ast.walk(value):
            if isinstance(node, ast.Name) and node.id in self.namer.issued:
                node.id = self.spelled(node.id, d, flat, depth - 1)
        return ast.unparse(value)

    def as_written(self, stmt, part=None):
        """A located copy of ``stmt`` (and of its sub-node ``part``) with an inlined helper's
        renamed locals (``_clip_inplace_v``) spelled as in the helper (``v``), for a refusal."""
        copy = A.at(A.clone(stmt), stmt)
        pairs = [(copy, stmt)] + [(c, o) for c, o in zip(ast.walk(copy), ast.walk(stmt)) if o is part]
        for node in ast.walk(copy):
            if isinstance(node, ast.Name):
                node.id = self.namer.as_written(node.id)
        for attr in ("_s2sad_src", "lineno", "col_offset", "end_lineno", "end_col_offset"):
            if hasattr(stmt, attr):
                setattr(copy, attr, getattr(stmt, attr))
        return copy, (pairs[-1][0] if part is not None and len(pairs) > 1 else part)

    def chain(self, name, k, flat):
        """[(name, k), (a, d1), (b, d2), ...]: ``name`` at flat[k] is ``a`` as read by the plain
        copy flat[d1] (``name = a``), which is ``b`` as read by flat[d2] (``a = b``), ..."""
        out, cur, pos = [(name, k)], name, k
        for _ in range(len(flat)):
            d = self.definition(cur, pos, flat)
            if d is None or not isinstance(flat[d].stmt.value, ast.Name):
                break
            cur, pos = flat[d].stmt.value.id, d
            out.append((cur, pos))
        return out

    def copy_of(self, n, m, k, flat):
        """True if at flat[k] ``n`` is ``m``'s array through plain copies of names
        (``a = m; n = a``), ``m`` not rebound since."""
        return any(cur == m and self.unchanged([m], d, k, flat) for cur, d in self.chain(n, k, flat)[1:])

    def same_object(self, n, m, k, flat):
        """True if at flat[k] ``n`` and ``m`` are one array through plain copies of names: one
        is a copy of the other, or both are copies of a name ``r`` not rebound between the
        two reads of it (``G = ...; C2 = G; cov = G``)."""
        ms = self.chain(m, k, flat)
        return any(r == r2 and self.unchanged([r], min(dn, dm), max(dn, dm), flat)
                   for r, dn in self.chain(n, k, flat) for r2, dm in ms)

    def fresh(self, j, flat, other=None, after=-1):
        """True if the assignment flat[j] gives its name a new array (a copy, an arithmetic
        result) made after flat[after], directly or through copies of names (``t1 = np.copy(y);
        y = t1``); False if those copies lead back to ``other`` (then it is ``other``'s array)
        or to an array made before flat[after] (which ``other`` may share)."""
        value = flat[j].stmt.value
        for _ in range(len(flat)):
            if not isinstance(value, ast.Name):
                break
            if value.id == other:
                return False
            j = self.definition(value.id, j, flat)
            if j is None:
                return False
            value = flat[j].stmt.value
        if j <= after:
            return False
        if isinstance(value, (ast.BinOp, ast.UnaryOp)):
            return True
        return isinstance(value, ast.Call) and not self.sharing(flat[j].stmt._s2sad_op)

    def definition(self, name, k, flat):
        """Index of the assignment that gave ``name`` its buffer before flat[k]: the latest plain
        assignment on the path to it (in-place updates and element writes keep the buffer)."""
        target = flat[k]
        for j in range(k - 1, -1, -1):
            e = flat[j]
            if name not in _stores(e):
                continue
            s = e.stmt
            if not e.header and (not isinstance(s, ast.Assign) or isinstance(s.targets[0], ast.Subscript)
                                 or getattr(s, "_s2sad_inplace", False) or getattr(s, "_s2sad_settled", False)):
                continue  # the same buffer, updated
            if e.header or not _block_chain_contains(e.block, target, flat):
                return None  # a loop variable, or assigned in a branch that may not have run
            if self.rebound_in_loop(name, j, k, flat):
                return None  # another binding reaches flat[k] round a loop
            return j
        return None

    def rebound_in_loop(self, name, j, k, flat):
        """True if ``name`` is rebound (not updated in place) anywhere in a loop that
        encloses flat[k] but not flat[j]: on a later iteration flat[j] is not what reaches k."""
        inner = set(flat[k].loops) - set(flat[j].loops)
        for i, e in enumerate(flat):
            if i == j or not inner & set(e.loops) or name not in _stores(e):
                continue
            s = e.stmt
            if e.header or not (isinstance(s, ast.Assign) and (isinstance(s.targets[0], ast.Subscript)
                                                               or getattr(s, "_s2sad_inplace", False)
                                                               or getattr(s, "_s2sad_writeback", False))):
                return True
        return False

    def unchanged(self, names, d, k, flat):
        """No assignment to ``names`` runs between flat[d] and flat[k] (loops around k included)."""
        outer = set(flat[d].loops)
        inner = set(flat[k].loops) - outer
        for j, e in enumerate(flat):
            between = d < j < k or (inner & set(e.loops)) or (e.header and id(e.stmt) in inner)
            if between and set(_stores(e)) & set(names) and not getattr(e.stmt, "_s2sad_writeback", False):
                if not (e.header is False and getattr(e.stmt, "_s2sad_inplace", False)):
                    return False
        return True
