"""Draw a function's computation graph with its adjoint (backward) edges, as DOT.

    >>> g = s2sad.graph(f, wrt=(0, 1))       # DOT source (a str)
    >>> g.render("f.svg")                    # .dot needs nothing; .svg/.png/.pdf need Graphviz

The graph is read from the normalized form the compiler differentiates (stage
``inline``: helpers inlined, one operation per statement). Inputs, operations
and the output are nodes; black edges carry values forward; red dashed edges
run backward from each operation to its differentiable operands, labelled with
the local derivative (``dy/dx``) that the adjoint multiplies by. Loops and
branches are clusters; dashed grey edges carry a value to the next iteration.
"""
import ast
import builtins
import shutil
import subprocess
from pathlib import Path

from ..errors import S2sadError

NONDIFF_ATTRS = {"shape", "size", "ndim", "dtype", "itemsize", "nbytes"}
MAX_LABEL = 48
LEGEND = ("black: forward operations    red dashed: adjoint edges (d out / d in)    "
          "grey dashed: next loop iteration / control")


class GraphvizError(S2sadError):
    """Graphviz ``dot`` is missing or failed."""


class Graph(str):
    """DOT source of a computation graph; ``render(path)`` writes .dot/.svg/.png/.pdf."""

    def render(self, path, fmt=None):
        path = Path(path)
        fmt = (fmt or path.suffix.lstrip(".") or "dot").lower()
        if fmt in ("dot", "gv"):
            path.write_text(str(self), encoding="utf-8")
            return path
        return render_dot(str(self), path, fmt)

    def _repr_svg_(self):
        if shutil.which("dot") is None:
            return None
        return subprocess.run(["dot", "-Tsvg"], input=str(self), capture_output=True, text=True).stdout


def render_dot(text, path, fmt):
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizError(f"writing .{fmt} needs Graphviz's `dot` program, which is not installed "
                            "(install graphviz, e.g. `apt-get install graphviz`, or write a .dot file)")
    proc = subprocess.run([exe, f"-T{fmt}", "-o", str(path)], input=text, capture_output=True, text=True)
    if proc.returncode != 0:
        msg = (proc.stderr.strip().splitlines() or ["unknown failure"])[0]
        raise GraphvizError(f"Graphviz `dot -T{fmt}` failed: {msg}")
    return Path(path)


def graph(f, wrt=0, stage="inline"):
    """DOT source of the computation graph of ``f`` with adjoint edges for ``wrt``."""
    from ..api import GradFunction
    from ..pipeline import build
    gf = f if isinstance(f, GradFunction) else GradFunction(f, wrt, "grad")
    text = build(gf.func, gf.wrt, stop_after=stage)
    if not isinstance(text, str):
        raise S2sadError(f"stage {stage!r} is not printable; use 'anf' or 'inline'")
    fdef = ast.parse(text).body[0]
    return Graph(_Drawer(gf.func, gf.wrt).draw(fdef))


def _label(text):
    text = " ".join(text.split())
    if len(text) > MAX_LABEL:
        text = text[:MAX_LABEL - 3] + "..."
    return text.replace("\\", "\\\\").replace('"', '\\"')


class _Drawer:
    def __init__(self, func, wrt):
        self.func, self.wrt = func, list(wrt)
        self.lines, self.nodes, self.edges = [], {}, []   # node id -> (label, kind, targets)
        self.defs, self.uses, self.count, self.indent = {}, [], 0, 1

    # -- nodes and edges ------------------------------------------------------
    def node(self, label, kind, targets=()):
        nid = f"n{len(self.nodes)}"
        self.nodes[nid] = (label, kind, list(targets))
        self.lines.append("  " * self.indent + f'{nid} [label="{_label(label)}"\0{nid}\0];')
        return nid

    def link(self, expr, nid, control=False):
        """Edges from the definitions of the local names ``expr`` reads into node ``nid``."""
        diff = set() if control else self.diff_names(expr)
        for name in dict.fromkeys(n.id for n in ast.walk(expr) if isinstance(n, ast.Name)):
            sources = self.defs.get(name, [])
            for src in sources:
                self.edges.append((src, nid, name, "diff" if name in diff else "data"))
            if sources:
                self.uses.append((nid, name, tuple(sources), name in diff))

    def diff_names(self, expr):
        """Local names through which ``expr`` is differentiable."""
        if isinstance(expr, ast.Name):
            return {expr.id}
        if isinstance(expr, (ast.Compare, ast.BoolOp, ast.Constant)):
            return set()
        if isinstance(expr, ast.Attribute):
            return set() if expr.attr in NONDIFF_ATTRS else self.diff_names(expr.value)
        if isinstance(expr, ast.Subscript):
            return self.diff_names(expr.value)
        if isinstance(expr, ast.Call):
            if self.nondiff_call(expr.func):
                return set()
            parts = list(expr.args) + [k.value for k in expr.keywords]
            return set().union(*(self.diff_names(a) for a in parts)) if parts else set()
        out = set()
        for child in ast.iter_child_nodes(expr):
            out |= self.diff_names(child)
        return out

    def nondiff_call(self, func):
        from ..rules import registry as rules
        path = ast.unparse(func).split(".")
        obj = self.func.__globals__.get(path[0], getattr(builtins, path[0], None))
        for part in path[1:]:
            obj = getattr(obj, part, None)
        return obj is not None and rules.is_nondiff(obj)

    # -- statements -----------------------------------------------------------
    def draw(self, fdef):
        for arg in fdef.args.args:
            kind = "wrt" if arg.arg in self.wrt else "input"
            self.defs[arg.arg] = [self.node(arg.arg, kind, [arg.arg])]
        self.block(fdef.body)
        return self.finish(fdef.name)

    def block(self, stmts):
        for stmt in stmts:
            getattr(self, "s_" + type(stmt).__name__, self.s_other)(stmt)

    def s_Assign(self, stmt):
        tgt = stmt.targets[0]
        names = [n.id for n in ast.walk(tgt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
        nid = self.node(f"{ast.unparse(tgt)} = {ast.unparse(stmt.value)}", "op", names)
        if isinstance(tgt, ast.Subscript):
            self.link(tgt.value, nid)
            self.link(tgt.slice, nid, control=True)
            names = [tgt.value.id] if isinstance(tgt.value, ast.Name) else []
            self.nodes[nid] = (self.nodes[nid][0], "op", names)
        self.link(stmt.value, nid)
        for name in names:
            self.defs[name] = [nid]

    def s_AugAssign(self, stmt):
        left = ast.parse(ast.unparse(stmt.target), mode="eval").body      # the target, as a load
        self.s_Assign(ast.Assign(targets=[stmt.target], value=ast.BinOp(left=left, op=stmt.op,
                                                                           right=stmt.value)))

    def s_Return(self, stmt):
        value = stmt.value or ast.Constant(None)
        nid = self.node(f"return {ast.unparse(value)}", "output", ["out"])
        self.link(value, nid)

    def s_other(self, stmt):
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            return                                    # a docstring
        nid = self.node(ast.unparse(stmt).splitlines()[0], "control")
        self.link(stmt, nid, control=True)

    def s_If(self, stmt):
        cluster = self.open(f"if {ast.unparse(stmt.test)}")
        cond = self.node(f"{ast.unparse(stmt.test)} ?", "cond")
        self.link(stmt.test, cond, control=True)
        before, merged = dict(self.defs), {}
        for label, body in (("then", stmt.body), ("else", stmt.orelse)):
            self.defs = dict(before)
            if body:
                self.open(label)
                self.block(body)
                self.close()
            for name, srcs in self.defs.items():
                merged[name] = list(dict.fromkeys(merged.get(name, []) + srcs))
        self.defs = merged
        self.close(cluster)

    def s_While(self, stmt):
        self.loop(f"while {ast.unparse(stmt.test)}", stmt, lambda: self.link(stmt.test, self.node(
            f"{ast.unparse(stmt.test)} ?", "cond"), control=True))

    def s_For(self, stmt):
        def head():
            nid = self.node(f"{ast.unparse(stmt.target)} in {ast.unparse(stmt.iter)}", "cond",
                            [n.id for n in ast.walk(stmt.target) if isinstance(n, ast.Name)])
            self.link(stmt.iter, nid, control=True)
            for name in self.nodes[nid][2]:
                self.defs[name] = [nid]
        self.loop(f"for {ast.unparse(stmt.target)} in {ast.unparse(stmt.iter)}", stmt, head)

    def loop(self, title, stmt, head):
        cluster = self.open(title)
        before, first_use = dict(self.defs), len(self.uses)
        head()
        self.block(stmt.body)
        after = self.defs
        for nid, name, sources, diff in self.uses[first_use:]:
            new = [s for s in after.get(name, []) if s not in before.get(name, [])]
            if set(sources) <= set(before.get(name, [])):
                for src in new:
                    self.edges.append((src, nid, name, "loop-diff" if diff else "loop"))
        self.defs = {n: list(dict.fromkeys(before.get(n, []) + after.get(n, []))) for n in after}
        self.close(cluster)
        self.block(stmt.orelse)

    def open(self, title):
        self.count += 1
        pad = "  " * self.indent
        self.lines.append(f"{pad}subgraph cluster_{self.count} {{")
        self.lines.append(f'{pad}  label="{_label(title)}"; style="rounded"; color="grey50"; fontsize=10;')
        self.indent += 1
        return self.count

    def close(self, _cluster=None):
        self.indent -= 1
        self.lines.append("  " * self.indent + "}")

    # -- activity and output ----------------------------------------------------
    def active(self):
        """Nodes on a differentiable path from a wrt input to the output."""
        diff = [(s, d) for s, d, _, kind in self.edges if kind in ("diff", "loop-diff")]
        fwd = self._reach({n for n, v in self.nodes.items() if v[1] == "wrt"}, diff)
        back = self._reach({n for n, v in self.nodes.items() if v[1] == "output"}, [(d, s) for s, d in diff])
        return fwd & back

    @staticmethod
    def _reach(start, edges):
        seen, todo = set(start), list(start)
        while todo:
            cur = todo.pop()
            for s, d in edges:
                if s == cur and d not in seen:
                    seen.add(d)
                    todo.append(d)
        return seen

    STYLE = {"wrt": 'shape=ellipse, style=filled, fillcolor="lightblue"',
             "input": 'shape=ellipse, color="grey40"',
             "op": 'shape=box, style="rounded"',
             "output": 'shape=doubleoctagon, style=filled, fillcolor="palegreen"',
             "cond": 'shape=diamond, color="grey40", fontcolor="grey30"',
             "control": 'shape=note, color="grey40"'}

    def finish(self, name):
        active = self.active()
        out = []
        for line in self.lines:
            if "\0" in line:
                nid = line.split("\0")[1]
                kind = self.nodes[nid][1]
                style = self.STYLE[kind]
                if kind == "op" and nid in active:
                    style = 'shape=box, style="rounded,filled", fillcolor="lightyellow"'
                line = line.replace(f"\0{nid}\0", ", " + style)
            out.append(line)
        out.extend(self.edge_lines(active))
        head = [f'digraph "{_label(name)}" {{', '  rankdir=TB; node [fontname="Helvetica", fontsize=11];',
                '  edge [fontname="Helvetica", fontsize=9];',
                f'  label="{_label(name)}: {LEGEND}"; labelloc=b; fontsize=10; fontname="Helvetica";']
        return "\n".join(head + out + ["}"]) + "\n"

    def edge_lines(self, active):
        out, seen = [], set()
        for src, dst, var, kind in self.edges:
            if (src, dst, var, kind) in seen:
                continue
            seen.add((src, dst, var, kind))
            if kind.startswith("loop"):
                out.append(f'  {src} -> {dst} [label="{_label(var)}", style=dashed, color="grey50", '
                           'constraint=false];')
            else:
                color = "black" if kind == "diff" else "grey60"
                out.append(f'  {src} -> {dst} [label="{_label(var)}", color="{color}"];')
            if kind in ("diff", "loop-diff") and src in active and dst in active:
                targets = self.nodes[dst][2]
                y = "out" if self.nodes[dst][1] == "output" else ",".join(targets) or "y"
                out.append(f'  {dst} -> {src} [label="d{_label(y)}/d{_label(var)}", color="red", '
                           'fontcolor="red", style=dashed, constraint=false];')
        return out
