"""The key of a compiled module's on-disk cache (``backends/jit_module._versions``) hashes the files
whose code numba compiles into it. It named ``rules/runtime.py`` but not the rule helpers whose Python
bodies ``numba_helpers`` compile as they are (``runtime_stats._trigamma1``, ``tangent_runtime_linalg.
_tetragamma1``), so after such a body changed a warm cache ran the old machine code, silently: in
stop 59, with ``_tetragamma1`` mended, hvp(jit=True) of ``sum(digamma(p))`` at (1e-300, -1e-300,
1e-110, 2.5) gave (inf, inf, 2e220, ...) from the warm cache where a fresh one gives (-inf, inf,
-inf, ...), SciPy's ``polygamma(2, x) v``. Every ``rules/runtime*.py`` and ``rules/tangent_runtime*.py``
is in the key now."""
import hashlib
import os

import pytest

import s2sad
from s2sad.backends import jit_module

RULES = os.path.join(os.path.dirname(s2sad.__file__), "rules")
HELPERS = sorted(f for f in os.listdir(RULES) if f.endswith(".py") and f.startswith(("runtime", "tangent_runtime")))


def test_the_helpers_are_found():
    assert {"runtime_stats.py", "tangent_runtime_linalg.py", "runtime.py", "runtime_ieee.py"} <= set(HELPERS)


@pytest.mark.parametrize("name", HELPERS)
def test_each_helper_file_is_in_the_cache_key(name):
    with open(os.path.join(RULES, name), "rb") as fh:
        digest = hashlib.sha1(fh.read()).hexdigest()
    assert digest in jit_module._versions().splitlines()
