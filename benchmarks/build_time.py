"""How long s2sad takes to build a gradient, and what a gradient costs without jit.

    python -m benchmarks.build_time

Build: parse -> normalize -> analyze -> reverse -> optimize -> emit -> compile, for a
30-line function with loops and branches (CPU time, median of 30 fresh builds).
Ratios: gradient / primal time in plain Python, both through the public API
(``grad(f)(...)``) and calling the generated adjoint directly (``grad(f).adjoint``).
"""
import statistics
import time
import timeit

import numpy as np

import s2sad
from s2sad import api


def thirty_lines(x, y, z):
    a = x * y + z
    b = np.sin(a) * np.cos(x)
    c = np.exp(-b * b) + np.log1p(a * a)
    s = 0.0
    for i in range(5):
        if s > 1.0:
            s = s * 0.5 + c
        else:
            s = s + b * i
    k = 0
    while s < 10.0 and k < 100:
        s = s * 1.1 + 0.1
        k += 1
    d = np.tanh(s) + np.sqrt(a * a + 1.0)
    e = d ** 2 - c / (1.0 + b * b)
    m = max(d, e)
    n = min(d, e)
    q = m * n + np.arctan(x)
    r = q / (1.0 + abs(y))
    t = r if r > 0 else -r
    u = t * t + np.square(z)
    v = u - x * y * z
    w = v + np.exp(-abs(v))
    return w


def sum_of_squares(x, y):
    return x ** 2 + y ** 2


def himmelblau(x, y):
    return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2


def tanh_recurrence(w, x):
    h = 0.0
    for i in range(len(x)):
        h = np.tanh(w * h + x[i])
    return h


def build_ms(runs=30):
    times = []
    for _ in range(runs):
        api._CACHE.clear()
        start = time.process_time()
        s2sad.grad(thirty_lines, wrt=(0, 1, 2)).build_for((0, 0, 0))
        times.append(time.process_time() - start)
    return statistics.median(times) * 1e3, min(times) * 1e3


def per_call(fn, *args):
    timer = timeit.Timer(lambda: fn(*args))
    number = timer.autorange()[0]
    return min(timer.repeat(7, number)) / number


def main():
    med, best = build_ms()
    print(f"build a 30-line function (no numba): median {med:.1f} ms, best {best:.1f} ms CPU time")
    x = np.random.default_rng(0).normal(size=1000)
    print(f"{'function':22s} {'primal':>10s} {'grad(f)':>10s} {'ratio':>7s} {'adjoint':>10s} {'ratio':>7s}")
    for name, f, args in [("x**2 + y**2", sum_of_squares, (3.0, 4.0)), ("Himmelblau", himmelblau, (1.0, 2.0)),
                          ("tanh recurrence 1000", tanh_recurrence, (0.5, x))]:
        g = s2sad.grad(f, wrt=(0, 1))
        g(*args)
        tp, tg, ta = per_call(f, *args), per_call(g, *args), per_call(g.adjoint, *args, 1.0)
        print(f"{name:22s} {tp * 1e6:8.2f}us {tg * 1e6:8.2f}us {tg / tp:6.2f}x {ta * 1e6:8.2f}us {ta / tp:6.2f}x")


if __name__ == "__main__":
    main()
