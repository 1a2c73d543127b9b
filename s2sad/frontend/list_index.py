"""Stage 1d: indices into a list that grows are made absolute where they are read.

The reverse sweep indexes a list's adjoint, which has the list's *final* length. An index
counted from the end (``states[-1]``), or a slice bound counted from the end or left open at
the end (``L[-2:]``, ``L[:-1]``, ``L[k:]``), denotes other elements there than it did when
the primal read it while the list was shorter: the gradient went to the wrong element
(a silently wrong result). So in a function that appends to a list, every subscript of that
list is rewritten into the element positions the primal read, evaluated where it read them
(a ``for`` loop over such a list whose body appends to it, which Python's iterator runs over
the new elements too, is refused, and so is appending to a list not made by a display, such as
``L = L[1:]``, whose adjoint would be handed on with the length it reaches later):

* ``L[i]`` -> ``L[i % len(L) if -len(L) <= i < len(L) else i]`` (``L[len(L) - k if len(L) >= k
  else -k]`` for a constant ``-k``); a non-negative constant index is left alone;
* ``L[a:b]`` -> ``L[lo:hi]`` with both bounds clamped into ``[0, len(L)]`` as Python does
  (an open end becomes ``len(L)``); a step other than a positive constant is refused;
* ``np.array(L)``, ``sum(L)`` (the whole list passed to a library function) -> ``L[:len(L)]``;
  passed to the user's own function (inlined, it would read the list itself) it is refused.

A read no append can follow (after the last append, outside the loops that append) is left
as written.

Invariant: the rewrite computes exactly what Python computes, also in error cases (an index
out of range still raises ``IndexError``: the out-of-range branch keeps the index as written).
Only plain expressions are repeated (names, constants, arithmetic, comparisons, subscripts,
attributes, ``len``/``int``/``min``/``max``/``abs``);
any other index is refused with a located error asking for a name. Subscripts in a ``while``
test are left alone (their values only decide the test, never reach the result).
"""
import ast

from .. import astutil as A
from ..errors import unsupported
from ..scopes import is_library
from .helper_appends import (
    NO_VALUE,
    PURE_CALLS,
    helper_appends,
    only_appends,
    returns_parameter,
)

_PLAIN = (ast.Name, ast.Constant, ast.UnaryOp, ast.BinOp, ast.Subscript, ast.Attribute, ast.Slice, ast.Tuple,
          ast.IfExp, ast.Compare, ast.BoolOp, ast.operator, ast.unaryop, ast.cmpop, ast.boolop, ast.expr_context)


def absolute_list_indices(src, fdef, resolve=None, forward=False):
    """Rewrite the reads of the lists ``fdef`` appends to (see the module docstring);
    ``resolve`` maps a call's function node to the object it names (or None); ``forward``: the
    code is differentiated in forward mode only (no reverse sweep hands a list's adjoint on), so a
    list that grows may be made by anything (``L = L[1:]``; the placeholder ``L = np.empty(...)``
    an adjoint binds before the branch that makes ``L = []``, which second order differentiates)."""
    resolve = resolve or (lambda node: None)
    helpers = helper_appends(fdef, resolve)
    groups = _groups(fdef, {name for _, name in helpers})
    if groups:
        _Rewrite(src, fdef, groups, resolve, forward, helpers).visit(fdef)


def _appends(node):
    """The ``L.append(v)`` calls inside ``node``."""
    return [n for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr == "append" and isinstance(n.func.value, ast.Name)]


def _groups(fdef, grown=()):
    """Each list appended to (or given to a helper that may: ``grown``), and each name bound to it
    by plain assignment (``M = L``) -> all those names."""
    copies = [(n.targets[0].id, n.value.id) for n in ast.walk(fdef) if isinstance(n, ast.Assign)
              and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) and isinstance(n.value, ast.Name)]
    out = {}
    for name in {c.func.value.id for c in _appends(fdef)} | set(grown):
        group, changed = {name}, True
        while changed:
            changed = False
            for a, b in copies:
                if (a in group) != (b in group):
                    group |= {a, b}
                    changed = True
        for n in group:
            out[n] = out.get(n, frozenset()) | frozenset(group)
    return out


class _Rewrite(ast.NodeTransformer):
    def __init__(self, src, fdef, groups, resolve, forward=False, helpers=()):
        self.src, self.groups, self.growing, self.resolve = src, groups, set(groups), resolve
        self.forward = forward
        self.helpers = {id(c): name for c, name in helpers}     # calls of helpers that may append
        self.appends = [(*_end(c), c.func.value.id, None) for c in _appends(fdef)]
        self.appends += [(*_end(c), name, id(c)) for c, name in helpers]
        self.loops = []

    def grows_after(self, lst, node, call=None):
        """May an append to ``lst`` (or to a name bound to the same list) run after ``node``? (The
        helper ``call`` itself left out: its argument ``lst`` is the list it grows.)"""
        group = self.groups[lst]
        for loop in self.loops:
            grown = {c.func.value.id for c in _appends(loop)}
            grown |= {self.helpers[id(c)] for c in ast.walk(loop) if id(c) in self.helpers and c is not call}
            if grown & group:
                return True
        here = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        return any((line, col) > here for line, col, name, c in self.appends
                   if name in group and (call is None or c != id(call)))

    def visit_While(self, node):
        return self._loop(node)

    def _loop(self, node):
        """Visit a loop's body as inside it (``self.loops``), its ``else`` as after it."""
        self.loops.append(node)
        node.body = [self.visit(s) for s in node.body]
        self.loops.pop()
        node.orelse = [self.visit(s) for s in node.orelse]
        return node

    def visit_For(self, node):
        """``for v in L`` where the body appends to ``L``: Python's iterator also visits the new
        elements; the lowered loop (``for k in range(len(L))``) would not. Refused."""
        it = node.iter
        iterated = [it] if isinstance(it, ast.Name) else list(it.args) if isinstance(it, ast.Call) and \
            isinstance(it.func, ast.Name) and it.func.id in ("enumerate", "zip") else []
        appended = {c.func.value.id for s in node.body for c in _appends(s)}
        for lst in iterated:
            if isinstance(lst, ast.Name) and lst.id in self.growing and lst.id in appended:
                raise unsupported(self.src, node, f"a `for` loop over the list `{lst.id}` while its body "
                                  "appends to it (the loop also visits the new elements)",
                                  f"Loop over `range(len({lst.id}))` for the elements already there, or "
                                  "write a `while` loop on an index for all of them.")
        node.iter = self.visit(node.iter)
        return self._loop(node)

    def visit_FunctionDef(self, node):
        node.body = [self.visit(s) for s in node.body]
        return node

    def visit_Assign(self, node):
        """A list that grows must be made by a display (``L = []``, ``L = [x0]``): the adjoint of
        one made otherwise (``L = L[1:]``, ``L = list(x)``) would be handed on with the length the
        list reaches later, not the one it had when made. Refused."""
        for t in node.targets:
            if isinstance(t, ast.Name) and t.id in self.growing and not isinstance(node.value, (ast.List, ast.Name)) \
                    and not self.forward and not self.handed_back(t.id, node.value) and self.grows_after(t.id, node):
                raise unsupported(self.src, node, _made_otherwise(t.id, node.value, self.resolve),
                                  f"Start it as a display (`{t.id} = []`, or `[a, b]`) and append to it, or "
                                  "keep the values in a NumPy array.")
        return self.generic_visit(node)

    def handed_back(self, lst, value):
        """``value`` is ``push(lst, v)`` of a helper that may append to ``lst`` and returns that very
        parameter (``L = push(L, v)``): ``lst`` is bound again to the same list, as by ``M = L``."""
        if not (isinstance(value, ast.Call) and self.helpers.get(id(value)) == lst):
            return False
        fn = self.resolve(value.func)
        spots = [k for k, a in enumerate(value.args) if isinstance(a, ast.Name) and a.id == lst]
        spots += [k.arg for k in value.keywords if isinstance(k.value, ast.Name) and k.value.id == lst]
        return len(spots) == 1 and returns_parameter(fn, spots[0])

    def visit_Subscript(self, node):
        node = self.generic_visit(node)
        if not (isinstance(node.value, ast.Name) and node.value.id in self.growing
                and self.grows_after(node.value.id, node)):
            return node
        lst, idx = node.value.id, node.slice
        if isinstance(idx, ast.Slice):
            node.slice = self.bounds(lst, idx)
        elif not _nonnegative(idx):
            node.slice = A.at(self.position(lst, idx), idx)
        return node

    def visit_Call(self, node):
        """``np.array(L)``, ``sum(L)`` of a list that grows later: ``L[:len(L)]``, the elements
        read (the list's adjoint is longer when the reverse sweep reaches this call)."""
        node = self.generic_visit(node)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "append" or \
                isinstance(node.func, ast.Name) and node.func.id in NO_VALUE:
            return node
        if self.helper(node.func):
            self.whole_to_helper(node)
            return node
        node.args = [self.prefix(a) for a in node.args]
        for k in node.keywords:
            k.value = self.prefix(k.value)
        return node

    def helper(self, func):
        """True for the user's own functions (inlined: they see the list itself)."""
        obj = self.resolve(func)
        return obj is not None and callable(obj) and not is_library(obj) and not isinstance(obj, type)

    def whole_to_helper(self, call):
        """The user's function, inlined, would read the list itself with its final length (one
        that only appends to it reads nothing: ``push(lst, v)`` twice)."""
        fn = self.resolve(call.func)
        spots = [(k, a) for k, a in enumerate(call.args)] + [(k.arg, k.value) for k in call.keywords]
        for where, a in spots:
            if isinstance(a, ast.Name) and self.helpers.get(id(call)) == a.id and only_appends(fn, where):
                continue
            if isinstance(a, ast.Name) and a.id in self.growing and self.grows_after(a.id, a, call):
                name = A.dotted_path(call.func) or "the function"
                raise unsupported(self.src, a, f"passing the list `{a.id}`, which grows after this call, to "
                                  f"`{name}`", f"Pass a copy of the elements so far (`{a.id}[:]`) or the "
                                  f"values it needs (`{a.id}[-1]`).")

    def prefix(self, a):
        if not (isinstance(a, ast.Name) and a.id in self.growing and self.grows_after(a.id, a)):
            return a
        whole = ast.Slice(lower=None, upper=A.call("len", a.id), step=None)
        return A.at(ast.Subscript(value=A.name(a.id), slice=whole, ctx=ast.Load()), a)

    def plain(self, e):
        if not all(isinstance(n, _PLAIN) or isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                   and n.func.id in PURE_CALLS and not n.keywords for n in ast.walk(e)):
            raise unsupported(self.src, e, "this index into a list that grows (its adjoint is indexed "
                              "after the list has its final length)",
                              "Compute the index into a name on the line before.")
        return e

    def position(self, lst, i):
        n = A.call("len", lst)
        k = _negative_constant(i)
        if k is not None:   # L[-k]: L[len(L) - k] when it exists, else L[-k] raises as written
            return ast.IfExp(test=ast.Compare(left=n, ops=[ast.GtE()], comparators=[A.const(k)]),
                             body=ast.BinOp(left=A.call("len", lst), op=ast.Sub(), right=A.const(k)),
                             orelse=A.clone(i))
        self.plain(i)
        inside = ast.Compare(left=ast.UnaryOp(op=ast.USub(), operand=n), ops=[ast.LtE(), ast.Lt()],
                             comparators=[A.clone(i), A.call("len", lst)])
        return ast.IfExp(test=inside, body=ast.BinOp(left=A.clone(i), op=ast.Mod(), right=A.call("len", lst)),
                         orelse=A.clone(i))

    def bounds(self, lst, s):
        if s.step is not None and not (_nonnegative(s.step) and s.step.value > 0):
            raise unsupported(self.src, s, "a slice with this step of a list that grows",
                              "Slice with a positive constant step, or index the elements one by one.")
        lower = s.lower if s.lower is None or _nonnegative(s.lower) else A.at(self.bound(lst, s.lower), s.lower)
        upper = A.call("len", lst) if s.upper is None else A.at(self.bound(lst, s.upper), s.upper)
        return A.at(ast.Slice(lower=lower, upper=upper, step=s.step), s)

    def bound(self, lst, b):
        """A slice bound as the position it denotes, clamped into [0, len(L)] as Python does."""
        if _nonnegative(b):
            return A.call("min", b, A.call("len", lst))
        self.plain(b)
        from_end = A.call("max", ast.BinOp(left=A.clone(b), op=ast.Add(), right=A.call("len", lst)), A.const(0))
        return ast.IfExp(test=ast.Compare(left=A.clone(b), ops=[ast.Lt()], comparators=[A.const(0)]),
                         body=from_end, orelse=A.call("min", A.clone(b), A.call("len", lst)))


def _end(call):
    """Where an append takes effect: after its argument is evaluated, so at the call's end (a read
    of the list inside the argument, ``L.append(np.sum(np.array(L)))``, runs before the list grows);
    a call with no end position counts as the end of its line; a call s2sad placed (``A.at`` gives it
    the start of a statement as its end) counts from its own position too."""
    start = (getattr(call, "lineno", 0), getattr(call, "col_offset", 0))
    end_line, end_col = getattr(call, "end_lineno", None), getattr(call, "end_col_offset", None)
    return (start[0], 10 ** 9) if end_line is None or end_col is None else max(start, (end_line, end_col))


def _nonnegative(e):
    return isinstance(e, ast.Constant) and type(e.value) is int and e.value >= 0


def _negative_constant(e):
    """``k`` for an index written ``-k`` (a positive int constant), else None."""
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub) and _nonnegative(e.operand) and e.operand.value:
        return e.operand.value
    if isinstance(e, ast.Constant) and type(e.value) is int and e.value < 0:
        return -e.value
    return None


def _made_otherwise(name, value, resolve):
    """What appending to ``name``, bound here to ``value`` (not a list display), is: a ``deque``
    or another class's object is named as such, not called a list."""
    cls = resolve(value.func) if isinstance(value, ast.Call) else None
    if isinstance(cls, type) and not issubclass(cls, list):
        return (f"appending to `{name}`, which `{ast.unparse(value.func)}(...)` makes here: a "
                f"`{cls.__name__}`, not a list (s2sad follows appends to lists made by a list display)")
    return f"appending to the list `{name}` made here by something other than a list display"
