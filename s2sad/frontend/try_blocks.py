"""``try`` statements (issue 8; every ``try`` was refused):

- ``try: B finally: F`` with no handler is ``B`` then ``F`` when ``B`` leaves only by its end
  (no ``return``/``break``/``continue`` out of it) and ``F`` neither leaves nor raises: on
  the path where ``B`` runs to its end the two are the same statements in the same order; where
  ``B`` raises, the function fails either way.
- a ``try`` with ``except`` handlers becomes a nested function run where it stood::

      try:                                    def try_block(v):
          v = CFG["lr"]                           try:
      except KeyError:               ->               v = CFG["lr"]
          v = 0.1                                 except KeyError:
                                                      v = 0.1
                                                  return v
                                              v = try_block(v)     # v passed when bound before

  lifted like any nested def (``lift.py``). Where nothing it is given depends on the inputs
  being differentiated (nor was written into: ``pipeline_inline``), it is called as it is, so
  Python runs the ``try`` and its handlers exactly; otherwise (a differentiated value flows
  into it, it writes into what it is given, or ``jit=True``, where numba compiles it) its body is
  inlined, and ``check`` refuses the ``try`` there, located, saying so.

Invariant: rewritten only when nothing in the statement leaves it other than by its end or an
exception (no ``return``, no ``break``/``continue`` of an enclosing loop, no ``yield``, ``global``,
``nonlocal`` or nested ``def``/``class``); the names it binds are the function's after it, each
passed in when it may be bound before. Anything else is left as written (refused, located).
"""
import ast

from .. import astutil as A

_SCOPES = A.SCOPES


def is_try_block(fn):
    """Whether ``fn`` is a block made here (lifted by ``lift.py``)."""
    return getattr(getattr(getattr(fn, "__s2sad_source__", None), "tree", None), "_s2sad_try_block", False)


def try_blocks(src, fdef, namer):
    """Rewrite, in place, the ``try`` statements of ``fdef`` (not those of nested functions; not
    that of a block made here, inlined: ``check`` refuses it)."""
    if not getattr(fdef, "_s2sad_try_block", False):
        _block(fdef.body, fdef, namer)


def _block(stmts, fdef, namer):
    k = 0
    while k < len(stmts):
        s = stmts[k]
        if isinstance(s, ast.Try) and _leaves_by_its_end(s):
            new = _sequential(s) if not s.handlers else _lifted(s, fdef, namer)
            if new is not None:
                stmts[k:k + 1] = new
                k += len(new)
                continue
        if not isinstance(s, _SCOPES + (ast.Try,)):
            for field in ("body", "orelse"):
                if isinstance(getattr(s, field, None), list):
                    _block(getattr(s, field), fdef, namer)
        k += 1


def _leaves_by_its_end(s):
    for n in _own(s, loops=False):
        if isinstance(n, (ast.Return, ast.Break, ast.Continue, ast.Yield, ast.YieldFrom, ast.Await, ast.Global,
                          ast.Nonlocal) + _SCOPES):
            return False
    return True


def _own(node, loops=True):
    """The nodes under ``node`` in its scope; with ``loops=False`` not those inside a loop of it
    (a ``break`` there stays in the statement) except ``return``s and the like, which still leave."""
    todo = list(ast.iter_child_nodes(node))
    while todo:
        n = todo.pop()
        if isinstance(n, (ast.For, ast.While)) and not loops:
            yield n
            todo.extend(m for m in _own(n) if not isinstance(m, (ast.Break, ast.Continue)))
            continue
        yield n
        if not isinstance(n, _SCOPES + (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            todo.extend(ast.iter_child_nodes(n))


def _sequential(s):
    if any(isinstance(n, ast.Raise) for part in s.finalbody for n in ast.walk(part)) or s.orelse:
        return None
    return s.body + s.finalbody


def _lifted(s, fdef, namer):
    bound = sorted({n.id for n in _own(s) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)})
    before = _bound_before(fdef, s)
    passed = [v for v in bound if v in before]
    name = namer.fresh("try_block")
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=v) for v in passed], kwonlyargs=[], kw_defaults=[],
                         defaults=[])
    call = A.call(A.name(name), *[A.name(v) for v in passed])
    if not bound:
        body, stmt = [s], ast.Expr(value=call)
    else:
        out = A.name(bound[0]) if len(bound) == 1 else ast.Tuple(elts=[A.name(v) for v in bound], ctx=ast.Load())
        target = A.name(bound[0], store=True) if len(bound) == 1 else ast.Tuple(
            elts=[A.name(v, store=True) for v in bound], ctx=ast.Store())
        body, stmt = [s, A.at(ast.Return(value=out), s)], ast.Assign(targets=[target], value=call)
    d = ast.FunctionDef(name=name, args=args, body=body, decorator_list=[], returns=None, type_params=[])
    d._s2sad_try_block = True
    return [A.at(d, s), A.at(stmt, s)]


def _bound_before(fdef, s):
    """The names the function may have bound before ``s`` (its parameters, stores written earlier)."""
    a = fdef.args
    names = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if x}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load) and (n.lineno, n.col_offset) < (
                s.lineno, s.col_offset):
            names.add(n.id)
    return names
