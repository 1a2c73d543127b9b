"""The ``__init__`` a ``@dataclass`` writes for itself, as the tree of a plain ``__init__`` (hunt48).

The dataclass decorator makes ``__init__`` from a string (no source to read), so an object of a
dataclass built in the differentiated function was refused ("the attribute `.total` of a local
value"). For the plain case the generated method is known: one parameter for each field
``init=True`` in order (its default a constant), then ``self.f = f`` for each, and
``self.f = default`` / ``self.f = []`` (``default_factory=list``; ``dict`` -> ``{}``) for the
fields ``init=False``. Invariant (the tree does what the generated ``__init__`` does): the class
has no ``__post_init__`` anywhere on its MRO, no keyword-only field, every default is a number,
string, bool or None, and every factory is ``list`` or ``dict``; otherwise None (refused, as before).
"""
import ast
import dataclasses

from .. import astutil as A

_CONSTANT = (bool, int, float, complex, str, type(None))
_FACTORY = {list: lambda: ast.List(elts=[], ctx=ast.Load()), dict: lambda: ast.Dict(keys=[], values=[])}


def generated_init(klass, fn, mro):
    """True if ``fn`` is the ``__init__`` the dataclass decorator wrote for ``klass``."""
    return dataclasses.is_dataclass(klass) and "__dataclass_fields__" in vars(klass) \
        and getattr(getattr(fn, "__code__", None), "co_filename", None) == "<string>" \
        and not any("__post_init__" in vars(c) for c in mro)


def field_default(klass, attr):
    """Whether ``klass.attr`` is the constant default of one of its dataclass fields (a class
    attribute the decorator leaves, no descriptor: the instance's attribute is read first)."""
    fields = vars(klass).get("__dataclass_fields__", {})
    return attr in fields and type(vars(klass)[attr]) in _CONSTANT


def dataclass_init(klass):
    """The tree of ``klass``'s generated ``__init__`` (module docstring), or None."""
    params, defaults, body = [ast.arg(arg="self")], [], []
    for f in dataclasses.fields(klass):
        if f.kw_only:
            return None
        value = _default(f)
        if f.init:
            params.append(ast.arg(arg=f.name))
            if value is not None:
                defaults.append(value)
            elif defaults:
                return None
            value = A.name(f.name)
        if value is None:
            return None
        target = ast.Attribute(value=A.name("self"), attr=f.name, ctx=ast.Store())
        body.append(ast.Assign(targets=[target], value=value))
    args = ast.arguments(posonlyargs=[], args=params, vararg=None, kwonlyargs=[], kw_defaults=[],
                         kwarg=None, defaults=defaults)
    tree = ast.FunctionDef(name="__init__", args=args, body=body or [ast.Pass()], decorator_list=[], returns=None)
    if "type_params" in ast.FunctionDef._fields:
        tree.type_params = []
    tree._s2sad_dataclass = True
    return tree


def _default(f):
    """The default of field ``f`` as an expression (a fresh one for each object), or None."""
    if f.default is not dataclasses.MISSING:
        return A.const(f.default) if type(f.default) in _CONSTANT else None
    if f.default_factory is not dataclasses.MISSING:
        make = _FACTORY.get(f.default_factory)
        return make() if make is not None else None
    return None
