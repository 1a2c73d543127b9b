"""The ``s2sad`` command: see what the compiler did.

    s2sad show FILE.py:FUNC [--wrt x,y] [--jit] [--stage NAME]   print the adjoint (or a stage)
           [--mode jvp|hvp]                                      ... or the forward-mode / Hessian-vector code
    s2sad export FILE.py:FUNC -o OUT.py [--wrt ...] [--jit]       standalone gradient module
           [--mode jvp|hvp]                                      ... or jvp / hvp module
    s2sad graph FILE.py:FUNC -o graph.svg|.png|.dot [--wrt ...]   computation graph + adjoint edges
    s2sad demo [--steps N] [--no-jit]                             differentiate and fit a simulation

Every failure is one line on stderr (``s2sad: error: ...``) and exit status 2;
an unexpected internal failure is one line and exit status 1 (set
``S2SAD_TRACEBACK=1`` to see its traceback).
"""
import argparse
import inspect
import importlib.util
import os
import re
import sys
from pathlib import Path

from ..errors import S2sadError

PROG = "s2sad"


class CliError(Exception):
    """A usage error: reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise CliError(f"{message} (see `{self.prog} --help`)")


# -- loading FILE.py:FUNC -----------------------------------------------------------

def split_target(spec):
    path, sep, name = spec.rpartition(":")
    if not sep or not path or not name:
        raise CliError(f"expected FILE.py:FUNCTION, got {spec!r}")
    return Path(path), name


def load_module(path):
    """Import a .py file by path (a module of a package by its dotted name, so its relative
    imports work; otherwise its directory first on sys.path so its own imports work), or a
    module given by dotted name (``pkg.mod``) importable from here."""
    if not path.is_file():
        if path.suffix != ".py" and re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", str(path)):
            return _run_import(lambda: importlib.import_module(str(path)), path)
        raise CliError(f"no such file: {path}")
    package = _package_name(path.resolve())
    if package is not None:
        root, dotted = package
        if root not in sys.path:
            sys.path.insert(0, root)
        return _run_import(lambda: importlib.import_module(dotted), path)
    stem = re.sub(r"\W", "_", path.stem)
    name = stem if stem.isidentifier() and stem not in sys.modules else f"_s2sad_target_{stem}"
    folder = str(path.resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CliError(f"cannot import {path} (is it a .py file?)")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    return _run_import(lambda: spec.loader.exec_module(module) or module, path)


def _package_name(path):
    """(folder above the outermost package, dotted module name) for a file inside a package
    (folders with ``__init__.py``); None for a file that is not in one."""
    parts, folder = [path.stem], path.parent
    while (folder / "__init__.py").is_file() and folder.name.isidentifier():
        parts.insert(0, folder.name)
        folder = folder.parent
    if len(parts) == 1 or not all(p.isidentifier() for p in parts):
        return None
    return str(folder), ".".join(parts if parts[-1] != "__init__" else parts[:-1])


def _run_import(load, path):
    try:
        return load()
    except SyntaxError as exc:
        raise CliError(f"{exc.filename or path}:{exc.lineno}: syntax error: {exc.msg}") from None
    except Exception as exc:                      # the user's module failed while importing
        raise CliError(f"importing {path} failed: {type(exc).__name__}: {_first_line(exc)}") from None


def load_target(spec):
    path, name = split_target(spec)
    module = obj = load_module(path)
    for part in name.split("."):
        if not hasattr(obj, part):
            found = [k for k, v in vars(module).items()
                     if callable(v) and getattr(v, "__module__", None) == module.__name__]
            hint = f" (it defines: {', '.join(found)})" if found else ""
            raise CliError(f"{path} has no function named {name!r}{hint}")
        owner, obj = obj, getattr(obj, part)
        if isinstance(owner, type) and not isinstance(inspect.getattr_static(owner, part), (staticmethod, classmethod)) \
                and callable(obj) and hasattr(obj, "__code__"):
            raise CliError(f"{spec} is a method of class {owner.__name__}: its first parameter is the object, which "
                           "s2sad cannot differentiate. Name a module-level function or a staticmethod, or call "
                           "s2sad.grad on the bound method (obj.m) from Python")
    if not callable(obj) or not hasattr(obj, "__code__"):
        raise CliError(f"{spec} is not a Python function (it is a {type(obj).__name__})")
    return obj


def parse_wrt(text, func):
    """``--wrt x,y`` -> ['x', 'y'] (a tuple of gradients); ``--wrt x`` or none -> one gradient."""
    if text is None:
        return 0
    items = [w.strip() for w in text.split(",") if w.strip()]
    if not items:
        raise CliError("--wrt needs parameter names or positions, e.g. --wrt x,y")
    items = [int(w) if re.fullmatch(r"-?\d+", w) else w for w in items]
    return tuple(items) if len(items) > 1 else items[0]


def parse_ranks(text, func):
    """``--ranks x=0,y=1`` or ``0,1`` -> (0, 1) in parameter order (None = unknown)."""
    if text is None:
        return None
    import inspect
    params = list(inspect.signature(func).parameters)
    ranks = [None] * len(params)
    for pos, item in enumerate(w.strip() for w in text.split(",")):
        name, _, value = item.rpartition("=")
        if not re.fullmatch(r"\d+", value) or (name and name not in params) or pos >= len(params):
            raise CliError(f"--ranks {text!r}: expected ranks of {', '.join(params)} like 0,1 or x=0")
        ranks[params.index(name) if name else pos] = int(value)
    return tuple(ranks)


def _first_line(exc):
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def one_line(message):
    """Fold an s2sad error (File "...", line N, column C, in f: / code / caret / text) into one line."""
    m = re.match(r'File "(.*)", line (\d+), column (\d+), in (\S+):\n(.*)\n\s*\^\n(.*)', message, re.S)
    if not m:
        return " ".join(message.split())
    path, line, col, func, code, text = m.groups()
    return f"{path}:{line}:{col}: in {func}: {' '.join(text.split())} [`{code.strip()}`]"


def _need_jit():
    if importlib.util.find_spec("s2sad.backends.jit") is None:
        raise CliError("--jit needs the numba backend (s2sad.backends.jit), which this installation does not have")


# -- commands ----------------------------------------------------------------------

def highlight(code, color="auto", stream=None):
    stream = stream or sys.stdout
    if color == "never" or (color == "auto" and not (hasattr(stream, "isatty") and stream.isatty())):
        return code
    try:
        from pygments import highlight as pyg
        from pygments.formatters import TerminalFormatter
        from pygments.lexers import PythonLexer
    except ImportError:
        return code
    return pyg(code, PythonLexer(), TerminalFormatter())


def cmd_show(args):
    from .. import api, pipeline
    func = load_target(args.target)
    ranks = parse_ranks(args.ranks, func)
    if args.jit:
        _need_jit()
    if args.mode != "grad":
        return _show_forward(args, func, ranks)
    gf = api.GradFunction(func, parse_wrt(args.wrt, func), "grad", jit=args.jit and args.stage is None)
    if args.stage is not None:
        if args.stage not in pipeline.STAGES:
            raise CliError(f"unknown stage {args.stage!r}; stages are: {', '.join(pipeline.STAGES)}")
        kinds = {"param_kinds": dict(zip(pipeline_params(func), ranks))} if ranks else {}
        text = pipeline.build(func, gf.wrt, stop_after=args.stage, **kinds)
        if not isinstance(text, str):
            raise CliError(f"stage {args.stage!r} has no printable output in this version of the pipeline")
        header = f"# s2sad: {func.__name__} after stage {args.stage!r}\n"
    else:
        built = gf.build_for(ranks) if ranks else gf.built
        text = built.source
        header = f"# s2sad: adjoint of {func.__name__} with respect to {', '.join(gf.wrt)}" \
                 f"{' (numba: ' + str(built.path) + ')' if args.jit else ''}\n"
        if not ranks:
            header += "# for arguments of any shape (--ranks 0,... gives the adjoint for scalars)\n"
    sys.stdout.write(highlight(header + text, args.color))
    return 0


def _show_forward(args, func, ranks):
    """``show --mode jvp|hvp``: the forward-mode or forward-over-reverse code (or a stage of it)."""
    from .. import higher, pipeline_forward as pf
    cls = higher.JVPFunction if args.mode == "jvp" else higher.HVPFunction
    tf = cls(func, parse_wrt(args.wrt, func), jit=args.jit and args.stage is None)
    if args.stage is not None:
        if args.stage not in pf.STAGES:
            raise CliError(f"unknown stage {args.stage!r} for --mode {args.mode}; "
                           f"stages are: {', '.join(pf.STAGES)}")
        kinds = dict(zip(pipeline_params(func), ranks)) if ranks else {}
        build = pf.build_jvp if args.mode == "jvp" else pf.build_hvp
        text = build(func, tf.wrt, param_kinds=kinds, stop_after=args.stage)
        header = f"# s2sad: {func.__name__} ({args.mode}) after stage {args.stage!r}\n"
    else:
        built = tf.build_for(ranks) if ranks else tf.built
        text = built.source
        header = f"# s2sad: {args.mode} of {func.__name__} with respect to {', '.join(tf.wrt)}" \
                 f"{' (numba: ' + str(built.path) + ')' if args.jit else ''}\n"
        if not ranks:
            header += "# for arguments of any shape (--ranks 0,... gives the code for scalars)\n"
    sys.stdout.write(highlight(header + text, args.color))
    return 0


def pipeline_params(func):
    import inspect
    return list(inspect.signature(func).parameters)


def cmd_export(args):
    from ..backends.export import export
    func = load_target(args.target)
    if args.jit and importlib.util.find_spec("numba") is None:
        raise CliError("--jit needs numba, which is not installed")
    wrt = parse_wrt(args.wrt, func)
    if args.mode != "grad":
        from ..backends import export_forward
        text = export_forward.export(func, args.output, args.mode, wrt, jit=args.jit,
                                     ranks=parse_ranks(args.ranks, func))
        print(f"wrote {args.output} ({len(text.splitlines())} lines): {args.mode}_{func.__name__}")
        return 0
    text = export(func, args.output, wrt, jit=args.jit, ranks=parse_ranks(args.ranks, func))
    print(f"wrote {args.output} ({len(text.splitlines())} lines): grad_{func.__name__}, "
          f"value_and_grad_{func.__name__}")
    return 0


def cmd_graph(args):
    from .graph import graph
    func = load_target(args.target)
    out = Path(args.output)
    fmt = (args.format or out.suffix.lstrip(".")).lower()
    if fmt not in ("dot", "gv", "svg", "png", "pdf"):
        raise CliError(f"unknown graph format {fmt!r}: use a .dot, .svg, .png or .pdf file name")
    dot = graph(func, parse_wrt(args.wrt, func), stage=args.stage)
    dot.render(out, fmt)
    print(f"wrote {out} ({fmt})")
    return 0


def cmd_demo(args):
    if args.steps < 1:
        raise CliError(f"--steps must be at least 1, got {args.steps}")
    from ..__main__ import run_demo
    return run_demo(steps=args.steps, jit=not args.no_jit, color=args.color)


# -- the parser ----------------------------------------------------------------------

def _common(p, jit=True):
    p.add_argument("target", metavar="FILE.py:FUNC",
                   help="the function to differentiate (a file of a package may use relative imports; "
                        "or MODULE.NAME:FUNC)")
    p.add_argument("--wrt", metavar="x,y", help="parameters to differentiate with respect to "
                   "(names or positions; default: the first parameter)")
    if jit:
        p.add_argument("--ranks", metavar="0,1", help="dimensions of each argument (x=0,y=1 or 0,1; "
                       "0 = scalar): the adjoint a call with such arguments gets")
        p.add_argument("--jit", action="store_true", help="the numba-compiled adjoint")
        p.add_argument("--mode", choices=["grad", "jvp", "hvp"], default="grad",
                       help="grad: the adjoint (default); jvp: forward mode; hvp: Hessian-vector product")


def build_parser():
    from ..pipeline import STAGES
    parser = _Parser(prog=PROG, description="s2sad: source-to-source reverse-mode AD for numeric "
                     "Python. See the adjoint code it generates, export it, draw it.")
    parser.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                        help="syntax-highlight code (default: when stdout is a terminal)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser("show", help="print the generated adjoint (or the code after a stage)")
    _common(p)
    p.add_argument("--stage", metavar="NAME", help=f"print the code after this stage: {', '.join(STAGES)}")
    p.set_defaults(run=cmd_show)
    p = sub.add_parser("export", help="write the adjoint as a standalone module (numpy only)")
    _common(p)
    p.add_argument("-o", "--output", required=True, metavar="OUT.py")
    p.set_defaults(run=cmd_export)
    p = sub.add_parser("graph", help="draw the computation graph with its adjoint edges")
    _common(p, jit=False)
    p.add_argument("-o", "--output", required=True, metavar="graph.svg|.png|.dot")
    p.add_argument("--format", help="output format (default: from the file name)")
    p.add_argument("--stage", default="inline", choices=["anf", "inline"],
                   help="which normalized form to draw (default: inline, helpers inlined)")
    p.set_defaults(run=cmd_graph)
    p = sub.add_parser("demo", help="differentiate a simulation with a data-dependent loop and fit it")
    p.add_argument("--steps", type=int, default=300, help="descent steps (default 300)")
    p.add_argument("--no-jit", action="store_true", help="use the pure-Python adjoint")
    p.set_defaults(run=cmd_demo)
    for p in sub.choices.values():
        p.add_argument("--color", choices=["auto", "always", "never"], default=argparse.SUPPRESS,
                       help=argparse.SUPPRESS)
    return parser


def fail(message):
    print(f"{PROG}: error: {message}", file=sys.stderr)


def main(argv=None):
    """Entry point of ``python -m s2sad`` and the ``s2sad`` script; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise CliError("choose a command: show, export, graph or demo (see `s2sad --help`)")
        return args.run(args) or 0
    except CliError as exc:
        fail(exc)
    except S2sadError as exc:
        fail(one_line(str(exc)))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:                       # `s2sad show ... | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else _first_line(exc))
    except Exception as exc:                      # a bug in s2sad: still one line unless asked
        if os.environ.get("S2SAD_TRACEBACK"):
            raise
        fail(f"internal error: {type(exc).__name__}: {_first_line(exc)} "
             "(set S2SAD_TRACEBACK=1 for the traceback; please report it)")
        return 1
    return 2
