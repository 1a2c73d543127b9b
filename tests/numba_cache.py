"""Two changes to numba's disk cache for the test processes (installed by conftest.py).

* ``locked_saves``: the xdist workers share one cache directory, so a save must be safe against
  another process saving the same function at once.
* ``cacheable_at_level_zero``: the suite compiles with ``NUMBA_OPT=0``, and at that level numba
  could not cache an adjoint that calls another numba function (most of them: the fallbacks of
  a first-try copy, ``add_into``, ``matmul``...), so a warm run compiled them all again.

Neither changes what the compiled code computes.
"""
import itertools
import os


def locked_saves():
    """Make numba's cache saves safe between processes; False where ``fcntl`` is missing.

    numba's ``IndexDataCacheFile.save`` reads the index, picks the first data file name no entry
    uses, writes the index, then the data: two processes saving different argument types of one
    function at once both pick the same name, and the index ends up naming the other's machine
    code (tests/test_numba_cache54.py). Here a save holds an exclusive ``flock`` on
    ``<cache path>/.save.lock`` from reading the index to writing it, and writes the data before
    the index that names it. Each file is written to a temporary name and renamed (numba's
    ``_open_for_write``), so a reader never sees half a file; loads take no lock."""
    try:
        import fcntl
    except ImportError:
        return False
    from numba.core import caching

    def save(self, key, data):
        with open(os.path.join(self._cache_path, ".save.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            overloads = self._load_index()
            name = overloads.get(key)
            if name is None:
                used = set(overloads.values())
                name = next(n for n in map(self._data_name, itertools.count(1)) if n not in used)
            self._save_data(name, data)
            if overloads.get(key) != name:
                overloads[key] = name
                self._save_index(overloads)

    caching.IndexDataCacheFile.save = save
    return True


def cacheable_at_level_zero():
    """At optimisation level 0, a library's final module loses its dead code before numba looks
    for dynamic globals; False if numba's code generator is not the one this was written for.

    Reading a numba function as a global (``$f = global(add_into)`` before ``$f(...)``) lowers it
    to a load of its address, a ``numba.dynamic.globals`` variable, even when only called. At
    levels 1-3 LLVM deletes the unused load and variable; at level 0 they stay, numba finds a
    dynamic global in the module and refuses to cache it ("Cannot cache compiled function ... as
    it uses dynamic globals"). SROA, dead code elimination and global dead code elimination
    remove exactly those (a variable whose address is really used stays, and so does the
    refusal); the three passes are among the ones level 3 runs. The adjoint of
    tests/backends/test_numpy_keywords_jit.py's ``stacks``: 13.5 s CPU cold with or without
    them, then 0.9 s warm instead of 13.5 s again."""
    from llvmlite import binding as llvm
    from numba.core import codegen
    lib = codegen.CPUCodeLibrary
    final = getattr(lib, "_optimize_final_module", None)
    if final is None or getattr(final, "_s2sad_tests", False) or \
            not hasattr(llvm, "create_new_module_pass_manager"):
        return False

    def optimize_final_module(self):
        final(self)
        if getattr(self._codegen, "_opt_level", None) == 0:
            mpm = llvm.create_new_module_pass_manager()
            mpm.add_sroa_pass()
            mpm.add_dead_code_elimination_pass()
            mpm.add_global_dead_code_eliminate_pass()
            mpm.run(self._final_module, self._codegen._module_pass_manager()[1])

    optimize_final_module._s2sad_tests = True
    lib._optimize_final_module = optimize_final_module
    return True
