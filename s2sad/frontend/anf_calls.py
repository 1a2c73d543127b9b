"""Calls in A-normal form (a mixin of :class:`.anf.ANF`): ``f(a, b, k=c)`` with every argument an
atom, after the rewrites of :mod:`.calls` (a method as its NumPy function, ``max(a, b, c)`` folded,
``np.diff(x, prepend=p)`` with its edges joined) and the roles of lists written as arguments
(``calls.list_role``): a NumPy function's list becomes one named array, a function of a sequence
keeps a named list, a shape or axis tuple stays as written.

Invariant: the call computes what the call as written computes; each argument is a name or a
constant (a list or tuple of them where the function takes a sequence).
"""
import ast
import builtins

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from .calls import (MATH_SEQUENCES, canonical_keywords, check_sum_of_lists, first_by_position, fold_extreme, holds_tuple,
                    list_role)
from .diff_edges import diff_edges
from . import numpy2_forms, numpy_forms, numpy_forms_more, numpy_forms_nan, scipy_forms, scipy_frozen, scipy_linalg_aliases, scipy_linalg_forms, scipy_stats_cdfs, scipy_stats_forms, ufunc_out
from .forwarded_args import forwarded_keywords
from .methods import check_module_attribute, generator_method, item_read, method_call
from .resolve import MISSING, np_ref

FORMS = (numpy_forms, numpy_forms_more, numpy_forms_nan, numpy2_forms, scipy_forms, scipy_stats_forms,
         scipy_linalg_forms, scipy_stats_cdfs, scipy_linalg_aliases, ufunc_out)     # tried in this order


def _dict_view(e):
    """``d.items()``, ``d.values()``, ``d.keys()`` of a parameter or local: a call that carries no
    derivative unless ``d`` does (then activity refuses it, naming the line); the global dict's
    bound method resolves and is called the same way."""
    return e.func.attr in ("items", "values", "keys") and not e.args and not e.keywords \
        or _dict_get(e)


def _dict_get(e):
    """``d.get(k, default)`` (``d.get(k)``: the default None) of a local or parameter with a
    constant key (or a name: the key of a loop over a dict, a constant in each copy of its body;
    or any other key, as the generated adjoint of a lookup table's ``d.get(tok)`` reads it,
    ``d.get(seq[k1])``: transforms/lookup_dicts.py): a dict's entry or the default
    (transforms/dict_loops.py; refused there when the receiver is not a dict, or the key is not
    a constant or a loop's key)."""
    return e.func.attr == "get" and len(e.args) in (1, 2) and not e.keywords \
        and isinstance(e.func.value, ast.Name) and not isinstance(e.args[0], ast.Starred)


class Calls:
    def call(self, e, s):
        if isinstance(e.func, ast.Name) and self.res.obj(e.func) is dict and not e.args \
                and all(k.arg for k in e.keywords):
            return self.dict_([A.const(k.arg) for k in e.keywords], [k.value for k in e.keywords], e, s)
        spread = [k for k in e.keywords if k.arg is None]
        if spread and not forwarded_keywords(self.fdef, e, self.res.call_kind(e)):
            raise unsupported(self.src, e, "**kwargs in a call", "Pass the arguments by name.")
        elif spread:        # a helper's own **kw passed on: spread where it is inlined (forwarded_args.py)
            return self._forwarded(e, s, spread)
        func, args, keywords = e.func, list(e.args), list(e.keywords)
        unfrozen = scipy_frozen.unfreeze(self.src, e, self.res.obj, self.frozen, self.frozen_bound)
        if unfrozen is not None:    # stats.norm(mu, s).logpdf(x) -> stats.norm.logpdf(x, mu, s)
            func, args, keywords = unfrozen
        elif isinstance(func, ast.Attribute) and (method := generator_method(func.value, func.attr, self.generators,
                                                                            self.res.obj)):
            receiver = func.value if isinstance(func.value, ast.Name) else self.atom(func.value, s)
            func = A.at(ast.Attribute(value=receiver, attr=func.attr, ctx=ast.Load()), func)
            func._s2sad_obj = method    # rng.normal(size=n): a draw, as of a generator read as a global
        elif isinstance(func, ast.Attribute) and self.res.obj(func) is MISSING and not _dict_view(e):
            check_module_attribute(self.src, func, self.res.obj(func.value))     # np.trapz in NumPy 2.4
            if (read := item_read(e)) is not None:     # x.item(i) -> np.ravel(x)[i]
                return self.value(read, s)
            func, args, keywords = method_call(self.src, e, self.generators)    # x.sum(), G.copy() of a global G
        fn = self.res.obj(func)
        args, keywords = first_by_position(fn, args, keywords)     # np.sum(a=x) -> np.sum(x)
        check_sum_of_lists(self.src, e, fn)
        folded = fold_extreme(self.src, ast.Call(func=func, args=args, keywords=keywords), fn)
        if folded is not None:      # max(a, b, c) -> max(max(a, b), c)
            return self.value(folded, s)
        edged = diff_edges(self.src, A.at(ast.Call(func=func, args=args, keywords=keywords), e), fn,
                           lambda a: self.atom(a, s))
        if edged is not None:       # np.diff(x, prepend=p) -> np.diff(np.concatenate((edge, x), axis), n, axis)
            return self.value(edged, s)
        form = self._form(func, args, keywords, e, fn, s)
        if form is not None:        # np.ptp(x) -> np.max(x) - np.min(x), np.add.reduce(x) -> np.sum(x, axis=0)...
            return self.value(form, s)
        args = [self.call_arg(fn, k, a, s) for k, a in enumerate(args)]
        kws = [ast.keyword(arg=k.arg, value=self.call_arg(fn, k.arg, k.value, s))
               for k in canonical_keywords(fn, keywords)]
        out = ast.Call(func=func, args=args, keywords=kws)
        for note in ("_s2sad_discrete", "_s2sad_records", "_s2sad_entry", "_s2sad_objects"):   # a whole-number argument (scipy_stats_forms);
            if hasattr(e, note):         # the records a helper receives and returns (record_helpers.py); `d[k]` of a defaultdict
                setattr(out, note, getattr(e, note))
        if func is not e.func and e.func.attr == "copy" and not e.args and not e.keywords:
            out._s2sad_c_order = True   # `x.copy()` makes a C-ordered array, `np.copy(x)` keeps x's order
        return out

    def _forwarded(self, e, s, spread):
        """A call passing a helper's own ``**kw`` on: the call without it, then the spread kept
        (forwarded_args.py checked that the helper only passes it on)."""
        plain = ast.Call(func=e.func, args=e.args, keywords=[k for k in e.keywords if k.arg is not None])
        out = self.call(A.at(plain, e), s)
        if not isinstance(out, ast.Call):
            raise unsupported(self.src, e, "**kwargs in a call", "Pass the arguments by name.")
        out.keywords = out.keywords + [ast.keyword(arg=None, value=A.clone(k.value)) for k in spread]
        return out

    def _form(self, func, args, keywords, e, fn, s):
        """The first of the NumPy/SciPy spelling rewrites (FORMS, in order) that applies to the call,
        or None: `np.ptp(x)` -> `np.max(x) - np.min(x)`, `stats.t.cdf(...)` -> its closed form..."""
        for module in FORMS:
            extra = (self.res.obj,) if module is ufunc_out else ()
            form = module.rewrite(A.at(ast.Call(func=func, args=args, keywords=keywords), e), fn,
                                  lambda a: self.atom(a, s), *extra)
            if form:
                return form
        return None

    def call_arg(self, fn, where, a, s):
        """An argument as an atom (`*xs` keeps its star: such a call has no rule, see analyses/ir.py). A list or tuple written in the call becomes a named value
        (`t = np.array([a, b])`, or `t = [a, b]` for functions taking a sequence of arrays)
        when a derivative may flow through it; a shape or axis tuple stays as written."""
        if isinstance(a, ast.Starred):
            return ast.Starred(value=self.atom(a.value, s), ctx=ast.Load())
        if not isinstance(a, (ast.Tuple, ast.List)):
            atom = self.arg(a, s)
            if holds_tuple(a, self.tuples, self.res.obj) and list_role(fn, where) == "array":   # np.clip(np.gradient(K), 0, 1): NumPy stacks it
                return self.temp(ast.Call(func=np_ref("np.asarray"), args=[atom], keywords=[]), s)
            return atom
        kind = list_role(fn, where)
        if not A.names_in(a) and kind != "array":
            return a  # a constant such as (2, 3) or [0, 2]
        if kind == "elements":
            return type(a)(elts=[self.element(x, s) for x in a.elts], ctx=ast.Load())
        if kind == "sequence" and fn is np.block:   # nested lists stay lists: block_grad keeps the nesting
            return self.nested_list(a, s)
        if kind == "sequence":
            numpy_join = fn is not builtins.sum and fn not in MATH_SEQUENCES   # NumPy converts each element
            return self.temp(ast.List(elts=[self.array_literal(x, s) if numpy_join and isinstance(
                x, (ast.Tuple, ast.List)) else self.element(x, s) for x in a.elts], ctx=ast.Load()), s)
        if kind == "array":
            return self.array_literal(a, s)
        return type(a)(elts=[self.arg(x, s) for x in a.elts], ctx=ast.Load())

    def nested_list(self, a, s):
        """A list (or tuple, which np.block refuses as NumPy does) of lists, each level a named value."""
        return self.temp(type(a)(elts=[self.nested_list(x, s) if isinstance(x, (ast.Tuple, ast.List))
                                       else self.atom(x, s) for x in a.elts], ctx=ast.Load()), s)

    def element(self, e, s):
        """An element of a list: a nested list becomes its own `np.array([...])`, a constant one
        too (a row `[0.0, 0.0, 1.0]` beside rows with names: numba takes a list of arrays, not
        arrays mixed with a list)."""
        if isinstance(e, (ast.Tuple, ast.List)):
            return self.array_literal(e, s)
        return self.atom(e, s)

    def array_literal(self, a, s):
        elts = ast.List(elts=[self.element(x, s) for x in a.elts], ctx=ast.Load())
        return self.temp(ast.Call(func=np_ref("np.array"), args=[elts], keywords=[]), s)

    def arg(self, a, s):
        if isinstance(a, (ast.Tuple, ast.List)):
            return type(a)(elts=[self.arg(x, s) for x in a.elts], ctx=ast.Load())
        if isinstance(a, ast.Attribute) and self.res.obj(a) is not MISSING and A.dotted_path(a):
            return a  # a module constant (np.float64, np.pi): an atom for every later stage
        return self.atom(a, s)
