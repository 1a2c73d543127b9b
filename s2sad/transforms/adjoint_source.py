"""A generated adjoint as a function s2sad can differentiate again (``hvp``,
``hessian``, ``grad(grad(f))``: forward mode over the reverse-mode code).

The adjoint is plain Python, but a few of its forms are outside what the front
end reads; they are rewritten on its syntax tree:

* ``h = tape_h.pop()`` -> ``h = pop(tape_h)``: a call with a forward rule
  (``t_h = pop(tape_t_h)``; ``readable_pops`` turns both back into ``.pop()``);
* ``add_at(b, idx, g)`` -> ``b = added_at(b, idx, g)``: the same in-place update,
  as an assignment the normal form can follow;
* the ``dout=1.0`` parameter -> ``dout = 1.0``: the output is a scalar;
* its ``# source line`` comments -> ``__comment__("...")`` markers, so the second
  order code still quotes the user's lines above each block.

The result is compiled and registered with ``linecache`` like any generated
code, so the front end reads its source with ``inspect`` as it reads the user's.
"""
import ast
import hashlib
import io
import linecache
import tokenize

import numpy as np

from .. import astutil as A
from ..analyses.ir import resolve
from ..backends import emit
from ..backends.jit_lines import user_statements
from ..errors import locate
from ..rules.runtime import add_at
from ..rules.tangent_runtime import added_at, pop


def _comment(text, where=""):
    """Run-time no-op standing for a ``# text`` line."""


def adjoint_function(built):
    """The adjoint of ``built`` (a ``pipeline.Built``) as a differentiable Python function."""
    module = ast.parse(built.source)
    fdef = module.body[0]
    _restore_comments(fdef, _comments(built.source), dict(emit.WHERE.get(built.filename, ())),
                      _statement_wheres(built))
    glb = dict(built.namespace)
    taken = set(glb) | {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name)}
    names = {}
    glb["__comment__"] = _comment
    for base, obj in (("pop", pop), ("added_at", added_at)):
        name = base
        while name in taken and glb.get(name) is not obj:
            name += "_"
        names[base], glb[name] = name, obj
        taken.add(name)
    _Rewrite(glb, names).visit(fdef)
    _constant_dout(fdef)
    source = ast.unparse(ast.fix_missing_locations(module)) + "\n"
    digest = hashlib.sha1(source.encode()).hexdigest()[:10]
    filename = f"<s2sad adjoint of {built.name}, to differentiate {digest}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    emit.WHERE[filename] = _marked_lines(source)     # a refusal in it names the user's line too
    glb["__name__"] = "s2sad_generated"
    glb.setdefault("np", np)
    exec(compile(source, filename, "exec"), glb)
    return glb[fdef.name]


def _marked_lines(source):
    """(line, the user's location) of each ``__comment__`` marker in ``source`` that has one."""
    return sorted((n.lineno, n.args[1].value) for n in ast.walk(ast.parse(source))
                  if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "__comment__"
                  and len(n.args) == 2 and isinstance(n.args[1], ast.Constant) and n.args[1].value)


def _comments(source):
    """line number -> text of each whole-line comment."""
    out = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT and not tok.line[:tok.start[1]].strip():
            out[tok.start[0]] = tok.string[1:].strip()
    return out


def _statement_wheres(built):
    """line of ``built.source`` -> the user's location of the statement it was made from. The
    forward sweep has no comment markers; without these, a rule's helper refusing in the tangent
    of a forward-sweep statement (``pinv_tangent`` at a rank-deficient matrix) names no line."""
    if built.tree is None:
        return {}
    made = user_statements(built.source, [built.tree] + list(built.companions or ()))
    return {line: locate(src, stmt) for line, (src, stmt) in made.items()}


def _restore_comments(node, comments, wheres, silent):
    """Markers for the comments; each keeps the user's location the first emit gave it. A
    statement under no comment that was made from a user's statement gets a silent marker
    (no text, its location: ``silent``) when its location differs from the one above it."""
    for field in ("body", "orelse"):
        block = getattr(node, field, None)
        if not isinstance(block, list):
            continue
        out, last = [], None
        for s in block:
            above, line = [], s.lineno - 1
            while line in comments:
                above.insert(0, (comments[line], wheres.get(line, "")))
                line -= 1
            if above:
                last = above[-1][1]
            elif not hasattr(s, "body") and silent.get(s.lineno, last) != last:
                last = silent[s.lineno]
                above = [("", last)]
            out += [ast.Expr(value=A.call("__comment__", A.const(c), A.const(w))) for c, w in above] + [s]
            _restore_comments(s, comments, wheres, silent)
        setattr(node, field, out)


class _Rewrite(ast.NodeTransformer):
    def __init__(self, glb, names):
        self.glb, self.names = glb, names

    def visit_Assign(self, node):
        v = node.value
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "pop" \
                and not v.args and isinstance(v.func.value, ast.Name):
            node.value = A.call(self.names["pop"], A.name(v.func.value.id))
        return node

    def visit_Expr(self, node):
        call = node.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) \
                and self.glb.get(call.func.id) is add_at and isinstance(call.args[0], ast.Name):
            target = A.name(call.args[0].id, store=True)
            return ast.Assign(targets=[target], value=A.call(self.names["added_at"], *call.args))
        return node


def _constant_dout(fdef):
    """The adjoint's last parameter is the output's gradient (``dout``): 1.0 for a scalar output."""
    args = fdef.args
    dout = args.args.pop().arg
    args.defaults = []
    fdef.body.insert(0, A.assign(dout, A.const(1.0)))


def readable_pops(fdef, ns):
    """``pop(tape)`` -> ``tape.pop()`` in the final code."""
    for node in ast.walk(fdef):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.value.args) == 1 \
                and isinstance(node.value.args[0], ast.Name) and resolve(ns, node.value.func) is pop:
            lst = node.value.args[0].id
            node.value = A.call(ast.Attribute(value=A.name(lst), attr="pop", ctx=ast.Load()))
