"""Benchmark suite: s2sad against tape AD (autograd, PyTorch), JAX and
hand-written adjoints (NumPy and numba).  Run with ``python -m benchmarks.run``.

Every system runs single-threaded (BLAS, OpenMP, XLA, torch): the project
machines have 2 shared cores, where thread pools mostly measure contention.
Set the variables yourself before starting Python to override."""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
