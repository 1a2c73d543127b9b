"""tests/numba_cache.py: the test processes' changes to numba's disk cache.

The xdist workers share one cache directory, so numba's saves must be safe between processes:
two processes save 150 entries each, different keys, into one numba cache index at the same
time, and every entry must then load the data saved under its own key (numba's own ``save`` lets
both pick the same data file name, and its index then names the other's data). And at the
suite's optimisation level 0, an adjoint calling numba functions must be cached at all."""
import os
import pathlib
import subprocess
import sys
import textwrap

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SAVER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    from numba.core.caching import IndexDataCacheFile
    from tests.numba_cache import locked_saves
    assert locked_saves()
    path, tag = sys.argv[1], sys.argv[2]
    cache = IndexDataCacheFile(cache_path=path, filename_base="f", source_stamp=(1.0, 1))
    open(os.path.join(path, "ready-" + tag), "w").close()
    while len([n for n in os.listdir(path) if n.startswith("ready-")]) < 2:
        time.sleep(0.001)
    for i in range(150):
        cache.save(tag + str(i), tag + str(i))
""")


def test_two_processes_saving_at_once_keep_each_key_with_its_own_data(tmp_path):
    pytest.importorskip("fcntl")
    from numba.core.caching import IndexDataCacheFile
    code = SAVER.format(root=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path), tag], stderr=subprocess.PIPE, text=True)
             for tag in "ab"]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    cache = IndexDataCacheFile(cache_path=str(tmp_path), filename_base="f", source_stamp=(1.0, 1))
    keys = [tag + str(i) for tag in "ab" for i in range(150)]
    assert sorted(cache._load_index()) == sorted(keys)
    assert [cache.load(k) for k in keys] == keys
    assert not [n for n in os.listdir(tmp_path) if ".tmp." in n]


def slice_product(x):
    y = np.zeros(4)
    y[1:] += x[:3] * x[1:]
    return np.sum(np.sin(y) * y)


def test_an_adjoint_calling_numba_functions_is_cached_at_level_zero(tmp_path, monkeypatch):
    """The suite compiles with NUMBA_OPT=0, where numba refused to cache any adjoint that reads a
    numba function as a global (here ``add_into``): a warm run compiled them again. (The test
    processes compile at level 0 unless run with --jit-all or --numba-opt.)"""
    import warnings

    import numba
    from numba.core import config as numba_config

    from s2sad.testing import check_grad
    monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(numba_config, "CACHE_DIR", str(tmp_path / "numba"))
    x = np.array([0.3, -0.7, 1.1, 0.4])
    with warnings.catch_warnings():
        warnings.simplefilter("error", numba.NumbaWarning)
        check_grad(slice_product, x, jit=True)
    saved = [p.name for p in (tmp_path / "numba").rglob("*.nbc")]
    assert any("slice_product_adjoint" in name for name in saved), saved
