"""Stage 1a'', ``super().m(...)`` in a method whose object is known: the parent's method, bound.

In a method, ``super().m`` is ``m`` looked up in the classes of ``type(self).__mro__`` after
the class the method is defined in (its ``__class__`` cell), bound to ``self``. Where s2sad
holds ``self`` itself (a bound method differentiated or a method inlined: ``bound_objects``,
``own_methods`` put it in a cell), that lookup is done here, at build time, without running
anything (``vars`` of each class, no property or ``__getattr__``), and ``super().m`` becomes a
name for the bound method found, which ``own_methods`` inlines as it inlines ``self.m``. The
classes looked through are recorded for the guard (``_record``): a method rebound on the parent
class between calls rebuilds the gradient.

Invariant: rewritten only when the function has a ``__class__`` cell and its first parameter
is a cell holding the object, ``super`` is the builtin called with no arguments, and the
attribute found is a plain function of the user's: what Python would call with ``self``.
Anything else is left as written (and refused later, located).
"""
import ast
import types

from .. import astutil as A
from .resolve import user_function


def super_calls(src, fdef, namer):
    """Rewrite, in place, each ``super().m`` of ``fdef`` that can be resolved (module docstring)."""
    code = getattr(src.func, "__code__", None)
    owner, obj = _owner_and_object(src, code)
    if owner is None:
        return
    if "super" in src.globals or "super" in src.cells or "super" in A.assigned_locals(fdef):
        return                                # not the builtin
    for node in A.walk(fdef):
        for field, value in ast.iter_fields(node):
            if _is_super_attribute(value):
                method = _parent_method(type(obj), owner, value.attr, obj)
                if method is not None:
                    _record(src, code.co_varnames[0], type(obj), owner, value.attr)
                    name = A.at(A.name(namer.fresh(f"super_{value.attr}")), value)
                    name._s2sad_obj = method
                    setattr(node, field, name)


def _owner_and_object(src, code):
    if code is None or not code.co_varnames or "__class__" not in src.cells:
        return None, None
    try:
        owner, obj = src.cells["__class__"].cell_contents, src.cells[code.co_varnames[0]].cell_contents
    except (KeyError, ValueError):      # no cell for the first parameter, or an empty cell
        return None, None
    return (owner, obj) if isinstance(owner, type) and isinstance(obj, owner) else (None, None)


def _is_super_attribute(value):
    return isinstance(value, ast.Attribute) and isinstance(value.ctx, ast.Load) \
        and isinstance(value.value, ast.Call) and isinstance(value.value.func, ast.Name) \
        and value.value.func.id == "super" and not value.value.args and not value.value.keywords


def _record(src, self_name, cls, owner, attr):
    """Record for the guard (``scopes``) the classes the lookup went through, read from ``self``:
    ``self.__class__.__mro__[i].<attr>`` for each class after ``owner`` up to the one defining it,
    so that a method rebound there or added to a class in between rebuilds the gradient."""
    mro = cls.__mro__
    for i in range(mro.index(owner) + 1, len(mro)):
        found = getattr(mro[i], attr, None)
        if found is not None:
            src.note_path(self_name, ["__class__", "__mro__", (i,), attr], found)
        if attr in vars(mro[i]):
            return


def _parent_method(cls, owner, attr, obj):
    """``super(owner, obj).attr`` when it is a user's plain function bound to ``obj``, else None."""
    mro = cls.__mro__
    for klass in mro[mro.index(owner) + 1:]:
        if attr in vars(klass):
            raw = vars(klass)[attr]
            return types.MethodType(raw, obj) if user_function(raw) else None
    return None
