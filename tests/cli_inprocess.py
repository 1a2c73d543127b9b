"""``s2sad ...`` run inside the test process, for tests about what a command prints, not about
the process: ``python -m s2sad`` is ``sys.exit(tools.cli.main())``, so ``main(argv)`` with its
streams captured gives the same exit status, stdout and stderr, without a new interpreter
importing numpy, numba and s2sad again (about 1 s of CPU each, 13-36 s of wall time for
four of them on a loaded CI worker). Warnings are printed on its stderr under a new
interpreter's filters, so a test that wants one line on stderr still sees a stray warning. Tests about the process itself (its import path, its
environment, colours on a terminal, the demo) keep ``subprocess`` (tests/tools/test_cli.py).

Invariant: the test process is left as it was: the folders the command put on ``sys.path``
and the modules it imported from them (the target's) are removed, the working directory and
``S2SAD_DUMP`` are restored."""
import contextlib
import io
import os
import subprocess
import sys
import warnings

# a new interpreter's warning filters (pytest's own record warnings instead of printing them)
_FRESH_FILTERS = (("ignore", DeprecationWarning), ("ignore", PendingDeprecationWarning), ("ignore", ImportWarning),
                  ("ignore", ResourceWarning))


def _to_stderr(message, category, filename, lineno, file=None, line=None):
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def run_cli(*args, cwd=None):
    """``python -m s2sad *args`` in this process: a ``CompletedProcess`` (returncode, stdout, stderr)."""
    from s2sad.tools.cli import main
    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    path, modules, here, dump = list(sys.path), set(sys.modules), os.getcwd(), os.environ.get("S2SAD_DUMP")
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
            warnings.resetwarnings()        # a warning the command prints is on its stderr, as in a process
            for action, category in _FRESH_FILTERS:
                warnings.simplefilter(action, category)
            warnings.showwarning = _to_stderr
            try:
                code = main(argv)
            except SystemExit as exc:          # argparse's --help / --version
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(here)
        added = [os.path.abspath(p) for p in sys.path if p not in path]
        sys.path[:] = path
        for name in set(sys.modules) - modules:     # the target's modules, not s2sad's lazy imports
            file = getattr(sys.modules[name], "__file__", None) or ""
            if name.startswith("_s2sad_target_") or any(file.startswith(folder + os.sep) for folder in added):
                del sys.modules[name]
        if dump is None:
            os.environ.pop("S2SAD_DUMP", None)
        else:
            os.environ["S2SAD_DUMP"] = dump
    return subprocess.CompletedProcess(["s2sad", *argv], code, out.getvalue(), err.getvalue())
