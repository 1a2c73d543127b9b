"""Plain dataclasses as records of fields, for ``namedtuples.py`` (a dataclass instance built in
the function and read by its fields is the tuple of its fields).

Invariant: ``record_class(cls)`` describes ``cls`` only when ``C(...)`` provably does nothing but
store its arguments (or constant defaults) in its fields, in order: a dataclass whose
``__init__`` is the one ``dataclasses`` generated (not the class's own), with no
``__post_init__``, no field left out of ``__init__`` or keyword-only, no ``default_factory``,
and no ``__getattribute__``/``__getattr__`` of its own (a field read is the value stored).
Otherwise None: the object is left as written (and refused later, located).
"""
import ast
import collections
import dataclasses
import inspect
import sys
import weakref

from .. import astutil as A

_ASDICT = collections.namedtuple("_P", "a")._asdict.__code__     # every namedtuple's own `_asdict`
_RECORDS = weakref.WeakKeyDictionary()   # one Record a class: namedtuples.py collects them in a set


class Record:
    """What namedtuples.py reads of a class: its fields in order and their constant defaults."""
    record = True

    def __init__(self, fields, defaults):
        self._fields, self._field_defaults = fields, defaults


def record_class(cls):
    """The ``Record`` of ``cls`` (the same object at each call), or None."""
    if cls not in _RECORDS:
        _RECORDS[cls] = _record(cls)
    return _RECORDS[cls]


def _record(cls):
    if not _generated_init(cls) or hasattr(cls, "__post_init__") \
            or any(m in vars(c) for c in cls.__mro__[:-1] for m in ("__getattribute__", "__getattr__")):
        return None
    fields = dataclasses.fields(cls)
    if any(f.default_factory is not dataclasses.MISSING for f in fields):
        return None
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    if [p.name for p in params] != [f.name for f in fields] \
            or any(p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params):
        return None          # a field left out of __init__, keyword-only, or an InitVar among its parameters
    defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
    return Record(tuple(f.name for f in fields), defaults)


def _generated_init(cls):
    """Is ``cls.__init__`` the one ``dataclasses`` wrote (compiled from a string), not one the
    class defines in its module's file?"""
    params = getattr(cls, "__dataclass_params__", None)
    init = vars(cls).get("__init__")
    code = getattr(init, "__code__", None)
    module_file = getattr(sys.modules.get(cls.__module__), "__file__", None)
    return params is not None and params.init and code is not None and code.co_filename == "<string>" \
        and module_file is not None and module_file != "<string>"


def own_asdict(cls):
    """Is ``cls._asdict`` the one ``namedtuple`` made (a dict of the fields, in order)?"""
    return getattr(inspect.getattr_static(cls, "_asdict", None), "__code__", None) is _ASDICT


class FieldReads(ast.NodeTransformer):
    """``name.<field>`` -> ``name[i]``, and a namedtuple's ``name._asdict()`` -> ``{'f': name[0], ...}``,
    for the names of ``chosen`` (name -> its class: a namedtuple class or a ``Record``). A field
    written (``name.f = v``) becomes ``name[i] = v``, refused later as a tuple's item written,
    unless ``loads_only`` (then it is left as written, refused as an attribute)."""

    def __init__(self, chosen, loads_only=False):
        self.chosen, self.loads_only = chosen, loads_only

    def visit_Attribute(self, node):      # (not `p._replace`, of a `q = p._replace(...)` left as written)
        cls = self.chosen.get(node.value.id) if isinstance(node.value, ast.Name) else None
        if cls is None or node.attr not in cls._fields or self.loads_only and not isinstance(node.ctx, ast.Load):
            return self.generic_visit(node)
        return self._item(node.value, cls, node.attr, node, node.ctx)

    def visit_Call(self, node):
        f = node.func
        cls = self.chosen.get(f.value.id) if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else None
        if cls is None or f.attr != "_asdict" or node.args or node.keywords or not own_asdict(cls):
            return self.generic_visit(node)
        items = [self._item(A.clone(f.value), cls, name, node, ast.Load()) for name in cls._fields]
        return ast.copy_location(ast.Dict(keys=[A.at(A.const(k), node) for k in cls._fields], values=items), node)

    @staticmethod
    def _item(name, cls, field, where, ctx):
        index = ast.copy_location(A.const(cls._fields.index(field)), where)
        return ast.copy_location(ast.Subscript(value=name, slice=index, ctx=ctx), where)
