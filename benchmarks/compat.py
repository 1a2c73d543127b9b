"""Optional comparators, imported once.  A missing package is ``None`` here and
its column reads "not installed"; nothing else in the suite imports them.
``BENCH_NO_COMPARATORS=1`` imports none of them (the processes of :mod:`benchmarks.fresh`)."""
import importlib
import os


def _load(name):
    if os.environ.get("BENCH_NO_COMPARATORS") and name != "s2sad":
        return None, "not imported (BENCH_NO_COMPARATORS)"
    try:
        return importlib.import_module(name), None
    except Exception as exc:  # noqa: BLE001  (ImportError, or a broken install)
        return None, f"{type(exc).__name__}: {exc}"


anp, _ = _load("autograd.numpy")
autograd, _ = _load("autograd")
torch, _ = _load("torch")
if torch is not None:
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
jax, _ = _load("jax")
jnp = lax = None
if jax is not None:
    jax.config.update("jax_enable_x64", True)
    jnp = importlib.import_module("jax.numpy")
    lax = importlib.import_module("jax.lax")
s2sad, S2SAD_IMPORT_ERROR = _load("s2sad")


def missing(system):
    """True when the package a system needs is not importable."""
    need = {"autograd": autograd, "torch": torch, "jax": jax}
    return system in need and need[system] is None


def versions():
    import importlib.metadata as md
    import sys
    out = {"python": sys.version.split()[0]}
    for name in ("numpy", "numba", "autograd", "torch", "jax", "s2sad"):
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            mod = {"autograd": autograd, "torch": torch, "jax": jax, "s2sad": s2sad}.get(name)
            out[name] = getattr(mod, "__version__", "not installed") if mod else "not installed"
    out["s2sad"] += _git_head()
    return out


def _git_head():
    """' (commit abc1234)' for a source checkout, read-only; '' otherwise."""
    import subprocess
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False,
                              cwd=os.path.dirname(os.path.abspath(__file__)), timeout=5)
    except (OSError, subprocess.SubprocessError):
        return ""
    return f" (commit {head.stdout.strip()})" if head.returncode == 0 and head.stdout.strip() else ""
