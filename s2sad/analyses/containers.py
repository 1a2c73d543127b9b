"""Names that may hold a Python tuple or list, decided from the forms of their assignments.

Kinds count a tuple's length, or a list of numbers' length, as an axis, so such a name looks
like an array of some rank. Where the compiled adjoint needs a typed placeholder for a name
(``pipeline_assemble._placeholders``, ``shape_keep``'s loop-carried saves), an empty array of
that rank would give numba two types for one name: these names get none.

A name is *tuple-valued* when some assignment binds it a tuple display, another tuple-valued
name, or an element of a list of tuples (``pairs = [(a, b), ...]``, ``pairs.append(t)``,
``p = pairs[i]``); *list-valued* when some assignment binds it a list display or
comprehension, ``list(...)``, another list-valued name, or a slice of one (``w = L[a:b]``).
Invariant: one fixed point over the assignments and ``append`` calls anywhere in the body
(nested blocks included); the result only grows with the seed, so callers may over-approximate.
"""
import ast

from .. import astutil as A


def containers(body, lists=frozenset()):
    """(tuple-valued names, list-valued names) of ``body``; ``lists``: names known to hold lists."""
    stmts = [n for s in body for n in A.walk(s) if isinstance(n, (ast.Assign, ast.Expr))]
    c = _Containers(lists)
    while True:
        size = c.size()
        for s in stmts:
            c.step(s)
        if c.size() == size:
            return c.tuples, c.lists


class _Containers:
    def __init__(self, lists):
        self.tuples, self.lists, self.of_tuples = set(), set(lists), set()

    def size(self):
        return len(self.tuples) + len(self.lists) + len(self.of_tuples)

    def is_tuple(self, e):
        return isinstance(e, ast.Tuple) or isinstance(e, ast.Name) and e.id in self.tuples or \
            isinstance(e, ast.Subscript) and not isinstance(e.slice, ast.Slice) and isinstance(e.value, ast.Name) \
            and e.value.id in self.of_tuples

    def is_list(self, e):
        return isinstance(e, (ast.List, ast.ListComp)) or isinstance(e, ast.Call) and \
            getattr(e.func, "id", None) == "list" or isinstance(e, ast.Name) and e.id in self.lists or \
            isinstance(e, ast.Subscript) and isinstance(e.slice, ast.Slice) and self.is_list(e.value)

    def is_list_of_tuples(self, e):
        return isinstance(e, ast.List) and e.elts and all(self.is_tuple(x) for x in e.elts) or \
            isinstance(e, ast.Name) and e.id in self.of_tuples or \
            isinstance(e, ast.Subscript) and isinstance(e.slice, ast.Slice) and self.is_list_of_tuples(e.value)

    def step(self, s):
        v = s.value
        if isinstance(s, ast.Expr):
            if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "append" \
                    and isinstance(v.func.value, ast.Name) and len(v.args) == 1 and self.is_tuple(v.args[0]):
                self.of_tuples.add(v.func.value.id)
            return
        names = [t.id for t in s.targets if isinstance(t, ast.Name)]
        if self.is_tuple(v):
            self.tuples.update(names)
        if self.is_list(v):
            self.lists.update(names)
        if self.is_list_of_tuples(v):
            self.of_tuples.update(names)


def tuple_or_list_valued(body, lists=frozenset()):
    """The names of ``body`` that may hold a tuple or a list."""
    tuples, lists = containers(body, lists)
    return tuples | lists
