"""Small constructors and predicates for Python AST nodes used by every stage."""
import ast
import builtins
import copy

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
"""Nodes that open a scope of their own: a ``break`` or ``return`` inside one is not the enclosing code's."""
_LOOPS = (ast.For, ast.While, ast.AsyncFor)


def name(id_, store=False):
    return ast.Name(id=id_, ctx=ast.Store() if store else ast.Load())


def const(value):
    return ast.Constant(value=value)


def assign(target, value, like=None):
    tgt = name(target, store=True) if isinstance(target, str) else target
    val = name(value) if isinstance(value, str) else value
    node = ast.Assign(targets=[tgt], value=val)
    return at(node, like) if like is not None else node


def call(func, *args, **kwargs):
    """``func(*args, **kwargs)``; a builtin named by a string (``"range"``) is marked so that
    it is bound to the builtin itself, never to a local of the same name (see ``names``)."""
    fn = dotted(func) if isinstance(func, str) else func
    if isinstance(func, str) and "." not in func and hasattr(builtins, func):
        fn._s2sad_builtin, fn._s2sad_obj = True, getattr(builtins, func)
    args = [name(a) if isinstance(a, str) else a for a in args]
    kws = [ast.keyword(arg=k, value=v) for k, v in kwargs.items()]
    return ast.Call(func=fn, args=args, keywords=kws)


def dotted(path):
    """'np.linalg.norm' -> Attribute(Attribute(Name('np'), 'linalg'), 'norm')."""
    parts = path.split(".")
    node = name(parts[0])
    for part in parts[1:]:
        node = ast.Attribute(value=node, attr=part, ctx=ast.Load())
    return node


def dotted_path(node):
    """Attribute chain -> 'a.b.c', or None if node is not a plain dotted name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def not_(expr):
    return ast.UnaryOp(op=ast.Not(), operand=expr)


def and_(*exprs):
    exprs = [e for e in exprs if e is not None]
    return exprs[0] if len(exprs) == 1 else ast.BoolOp(op=ast.And(), values=list(exprs))


def none_of(flags):
    """`not a`, or `not (a or b)`."""
    flags = sorted(flags)
    if len(flags) == 1:
        return not_(name(flags[0]))
    return not_(ast.BoolOp(op=ast.Or(), values=[name(f) for f in flags]))


def at(node, like):
    """Give node (and its children lacking one) the source position of ``like``."""
    if like is not None and hasattr(like, "lineno"):
        for sub in walk(node):
            if not hasattr(sub, "lineno") or getattr(sub, "lineno", None) is None:
                if "lineno" in sub._attributes:
                    sub.lineno, sub.col_offset = like.lineno, like.col_offset
                    sub.end_lineno, sub.end_col_offset = like.lineno, like.col_offset
    return node


_KEEP = ("_s2sad_obj", "_s2sad_bound", "_opaque", "_s2sad_kind", "_s2sad_builtin", "_s2sad_fallback", "_s2sad_whole",
         "_s2sad_stops", "_s2sad_seq", "_s2sad_aug", "_s2sad_discrete", "_s2sad_declined", "_s2sad_inplace",
         "_s2sad_starred", "_s2sad_kept")


def clone(node):
    """Deep copy of an AST; s2sad's annotations are kept by reference, not copied."""
    if isinstance(node, list):
        return [clone(n) for n in node]
    if not isinstance(node, ast.AST):
        return node
    return _clone_node(node)


def _clone_node(node):
    """``clone`` of one node, through the instance dictionaries (where the ``ast`` classes keep
    their fields and locations): about 1.5x faster than ``iter_fields``/``setattr``, and the
    pipeline clones thousands of nodes per gradient."""
    new = copied_fields(node, _clone_node)
    old, fields = node.__dict__, new.__dict__
    for attr in node.__class__._attributes + _KEEP:
        if attr in old:
            fields[attr] = old[attr]
    return new


def copied_fields(node, each, _ast=ast.AST):
    """A new node of ``node``'s class with ``node``'s fields (none of its locations or
    annotations), each node in them (alone or in a list) replaced by ``each(child)``."""
    cls = node.__class__
    new = cls.__new__(cls)
    old, fields = node.__dict__, new.__dict__
    for name in cls._fields:
        if name in old:
            value = old[name]
            if isinstance(value, list):
                value = [each(v) if isinstance(v, _ast) else v for v in value]
            elif isinstance(value, _ast):
                value = each(value)
            fields[name] = value
    return new


def walk(node):
    """Every node under ``node`` (itself first), as a list in ``ast.walk``'s order (breadth
    first), collected up front: about twice as fast, for callers that do not change the tree
    while they go through it."""
    todo = [node]
    ast_node = ast.AST
    for n in todo:
        for field in n._fields:
            value = getattr(n, field, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast_node):
                        todo.append(item)
            elif isinstance(value, ast_node):
                todo.append(value)
    return todo


def base_name(target):
    """``a[i][j]`` -> ``"a"``; a plain name -> itself; anything else -> None."""
    while isinstance(target, ast.Subscript):
        target = target.value
    return target.id if isinstance(target, ast.Name) else None


def is_atom(node):
    return isinstance(node, (ast.Name, ast.Constant))


def names_in(node):
    return [n.id for n in walk(node) if isinstance(n, ast.Name)]


def is_comment(stmt):
    """A ``__comment__("...")`` placeholder: the source line shown above a block (emit.py)."""
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) \
        and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == "__comment__"


def is_silent(stmt):
    """A comment placeholder with no text: a location alone, no line is printed for it."""
    return is_comment(stmt) and isinstance(stmt.value.args[0], ast.Constant) and stmt.value.args[0].value == ""


def is_docstring(stmt):
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
        and isinstance(stmt.value.value, str)


def assigned_locals(fdef):
    """Parameters and every name stored anywhere in the function."""
    names = [a.arg for a in fdef.args.args]
    for node in walk(fdef):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
    return list(dict.fromkeys(names))


def stores(fdef):
    """Name -> the nodes binding it anywhere in ``fdef`` (Store or Del ``Name`` nodes; None for a
    ``global``/``nonlocal`` declaration, which binds it elsewhere)."""
    out = {}
    for n in walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            out.setdefault(n.id, []).append(n)
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            for name in n.names:
                out.setdefault(name, []).append(None)
    return out


def clone_shallow(node):
    return copy.copy(node)


def become(node, new):
    """Turn ``node`` into ``new`` in place (its class and fields; every parent sees the change)."""
    node.__class__ = type(new)
    node.__dict__.clear()
    node.__dict__.update(new.__dict__)


def replaced(node, old, new):
    """``node`` with its descendant ``old`` (found by identity) replaced by ``new``."""
    for parent in ast.walk(node):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
            elif isinstance(value, list) and any(v is old for v in value):
                setattr(parent, field, [new if v is old else v for v in value])
    return node


def map_blocks(node, statement):
    """Replace, in place, each statement ``s`` of every statement list under ``node`` (not inside
    nested functions or classes) by the list ``statement(s)``; a block's own statements first."""
    for field in ("body", "orelse", "finalbody"):
        block = getattr(node, field, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            setattr(node, field, [r for s in block for r in statement(s)])
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.stmt, ast.excepthandler)) \
                and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            map_blocks(child, statement)


def unroll_blocks(node, statement, scopes=False):
    """Replace, in place, each statement ``s`` of every statement list under ``node`` by the list
    ``statement(s)``, inner statements first (post order: a loop's body is rewritten before the
    loop is copied); nested functions, lambdas and classes only with ``scopes``."""
    for child in ast.iter_child_nodes(node):
        if scopes or not isinstance(child, SCOPES):
            unroll_blocks(child, statement, scopes)
    for field in ("body", "orelse", "finalbody"):
        block = getattr(node, field, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            setattr(node, field, [r for s in block for r in statement(s)])


def bound_name(s):
    """The name an assignment of one name (``v = e``) binds, else None."""
    if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
        return s.targets[0].id
    return None


def rename_notes(node, rename, positions=True):
    """Rename, as the tree's names are renamed (``rename``: old name -> new), the names s2sad's
    annotations on ``node`` record: ``_s2sad_append`` (the list's name and, with ``positions``,
    the position's) and ``_s2sad_aug`` (the element ``xs[i] op= v`` read). A note left naming
    the old name would name another variable after inlining (a helper's ``t1`` is the caller's)."""
    if hasattr(node, "_s2sad_append"):
        lst, pos = node._s2sad_append
        node._s2sad_append = (rename.get(lst, lst), rename.get(pos, pos) if positions else pos)
    if getattr(node, "_s2sad_aug", None) is not None:
        node._s2sad_aug = rename.get(node._s2sad_aug, node._s2sad_aug)


def leaves_loop(body, kinds=(ast.Break,), returns=False):
    """Whether the loop whose body is ``body`` can be left by one of its own ``kinds`` statements
    (``ast.Break``/``ast.Continue`` of this loop, not of a loop inside it: an inner loop's
    ``else`` still belongs to this loop's pass) or, with ``returns``, by a ``return`` at any depth.
    Nested functions, lambdas and classes are scopes of their own and are not looked into."""
    todo = list(body)
    while todo:
        n = todo.pop()
        if isinstance(n, kinds) or returns and isinstance(n, ast.Return):
            return True
        if isinstance(n, SCOPES):
            continue
        if isinstance(n, _LOOPS):
            todo.extend(n.orelse)
            if returns and leaves_loop(n.body, kinds=(), returns=True):
                return True
            continue
        todo.extend(ast.iter_child_nodes(n))
    return False
