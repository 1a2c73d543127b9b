"""Stage 1b, ``x.tolist()`` kept as a value (issue 8, stop 56): ``lst = x.tolist()`` then indexed,
looped over, summed or zipped. It is written as the comprehension ``[v for v in x.tolist()]``,
whose loop header ``lower_loops`` already follows (``v = float(x[k])``, the numbers tolist
gives); the header is marked (``_s2sad_kept``) so its run-time check is
``rules/runtime_checks.kept_items``, which refuses, with what to write, every receiver but a 1-d
float array (a 0-d array's tolist is a number, a matrix's a list of lists, an int array's ints).

Invariant: the receiver is evaluated once, where Python evaluates it: ``lst = E.tolist()`` with
``E`` not a name becomes ``t = E`` then the comprehension over ``t``; elsewhere only the
``tolist()`` of a name is rewritten (reading a name twice is reading it once). A ``tolist()`` in
a loop header or a comprehension's ``for`` is left to ``lower_loops``; a ``tolist`` that is not
the method call with no arguments, or of an expression reading no local (a constant of the
build), is left alone.
"""
import ast

from .. import astutil as A


def tolist_values(fdef, namer):
    if not any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "tolist"
               for n in ast.walk(fdef)):
        return      # (`_Values` rewrites only such calls, and what holds their receiver)
    headers = {id(n.iter) for n in ast.walk(fdef) if isinstance(n, (ast.For, ast.comprehension))}
    _Values(headers, namer, set(A.assigned_locals(fdef))).visit(fdef)


class _Values(ast.NodeTransformer):
    def __init__(self, headers, namer, local):
        self.headers, self.namer, self.local = headers, namer, local

    def is_tolist(self, node):
        """``E.tolist()`` with ``E`` reading a local (one of globals and constants only, as
        ``np.eye(2).tolist()``, is a constant the later stages evaluate, of any rank)."""
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "tolist" \
            and not node.args and not node.keywords \
            and any(isinstance(n, ast.Name) and n.id in self.local for n in ast.walk(node.func.value))

    def visit_Assign(self, s):
        if len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) and self.is_tolist(s.value) \
                and not isinstance(s.value.func.value, ast.Name):
            held = self.namer.fresh("listed")
            self.local.add(held)
            first = A.at(A.assign(held, s.value.func.value, like=s), s)
            s.value.func.value = A.at(A.name(held), s.value)
            return [first, self.generic_visit(s)]
        return self.generic_visit(s)

    def visit_Call(self, node):
        node = self.generic_visit(node)
        if not self.is_tolist(node) or id(node) in self.headers or not isinstance(node.func.value, ast.Name):
            return node
        node._s2sad_kept = True
        v = self.namer.fresh("listed_item")
        gen = ast.comprehension(target=A.name(v, store=True), iter=node, ifs=[], is_async=0)
        return A.at(ast.ListComp(elt=A.name(v), generators=[gen]), node)
