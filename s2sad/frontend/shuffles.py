"""A shuffle in place as a write of a permutation: ``rng.shuffle(a)`` of a local array ``a`` ->
``a[:] = a[rng.permutation(len(a))]``.

NumPy's ``permutation(n)`` of an int shuffles ``np.arange(n)`` with the draws ``shuffle`` makes for
any array of ``n`` rows (a ``Generator``'s, a ``RandomState``'s and ``np.random``'s alike: both
run the same Fisher-Yates loop over the first axis), so ``a`` ends with the same rows and the
generator in the same state. The write through ``a[:]`` keeps ``shuffle``'s in-place semantics
(the alias analysis follows it to every view of ``a``); the gradient is that of the permutation
drawn. Invariant: rewritten only for ``shuffle`` of a generator the front end knows
(``methods.generator_method``) or of ``np.random``, one positional argument that is a name no
list, tuple or parameter can be (``lists``: a list's ``L[:] = L[p]`` would fail; a parameter is the
caller's array), no keyword (``axis=``); anything else keeps its refusal.
"""
import ast

from .. import astutil as A
from ..transforms.purity import draws
from .methods import generator_method


def shuffle_as_permutation(call, generators, obj, lists):
    """The assignment standing for the statement ``call`` (``rng.shuffle(a)``), or None."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "shuffle"
            and len(call.args) == 1 and not call.keywords and isinstance(call.args[0], ast.Name)
            and call.args[0].id not in lists):
        return None
    fn = generator_method(call.func.value, "shuffle", generators, obj) or obj(call.func)
    if not draws(fn):
        return None
    a = call.args[0].id
    perm = A.call(ast.Attribute(value=A.clone(call.func.value), attr="permutation", ctx=ast.Load()), A.call("len", a))
    whole = ast.Slice(lower=None, upper=None, step=None)
    return A.at(A.assign(ast.Subscript(value=A.name(a), slice=whole, ctx=ast.Store()),
                         ast.Subscript(value=A.name(a), slice=perm, ctx=ast.Load())), call)
