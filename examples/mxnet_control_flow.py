"""Differentiating through Python control flow, and head gradients (vjp).

Seed tutorial 004 (MXNet autograd): in f(a) below, how many times the while
loop runs and which if branch is taken depend on the input. Still f(a) = k * a
for some k that depends on a, so df/da = k = c / a. MXNet records the path it
took at run time; s2sad turns the loop and the if into adjoint code that
replays the same path backwards.
Head gradients: z.backward(head) computes sum(head * dz/dx) - a vector-Jacobian
product, s2sad.vjp. Seed 002 says the same in PyTorch: t.backward(z) == l.backward()
for l = sum(t * z).
Run:  python examples/mxnet_control_flow.py
"""
import os
import sys

import numpy as np

try:
    import s2sad
except ModuleNotFoundError:  # not installed: use the checkout this file lives in
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import s2sad


def f(a):
    b = a * 2
    while np.linalg.norm(b) < 1000:   # the loop count depends on a
        b = b * 2
    if np.sum(b) > 0:                 # so does the branch
        c = b
    else:
        c = 100 * b
    return c


def z_of(x):
    y = x * 2
    z = y * x                         # z = 2 x^2, so dz/dx = 4x
    return z


def t_of(x, y):
    return x + y


def l_of(x, y, z):
    return np.sum(t_of(x, y) * z)     # the scalar l = t . z


def main(fast=False):
    # fast is accepted for the test-suite but ignored: everything here is small.
    # 1. Control flow. c.backward() on a non-scalar c means a head of ones.
    df = s2sad.vjp(f)
    a = np.random.default_rng(0).standard_normal(3)
    results = {}
    for name, inp in [("a", a), ("-a", -a)]:    # opposite signs take opposite branches
        c = f(inp)
        grad = df(inp, np.ones_like(inp))
        print(f"input {name} = {inp}: c / a = {c / inp}, s2sad gradient = {grad}")
        results[name] = (inp, c, grad)

    # 2. Head gradients: z = 2x^2 at x = [[1, 2], [3, 4]].
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    dz = s2sad.vjp(z_of)
    plain = dz(x, np.ones_like(x))                         # z.backward()     -> 4x
    head = np.array([[10.0, 1.0], [0.1, 0.01]])
    headed = dz(x, head)                                   # z.backward(head) -> head * 4x
    print("z.backward():     x.grad =\n", plain)
    print("z.backward(head): x.grad =\n", headed)

    # 3. PyTorch's version: t = x + y; t.backward(z) equals l.backward() for l = sum(t * z).
    xv, yv, zv = np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0]), np.array([7.0, 8.0, 9.0])
    via_vjp = s2sad.vjp(t_of, wrt=(0, 1))(xv, yv, zv)
    via_grad = s2sad.grad(l_of, wrt=(0, 1))(xv, yv, zv)
    print("t.backward(z): x.grad, y.grad =", via_vjp)
    print("l.backward():  x.grad, y.grad =", via_grad)
    return {"control_flow": results, "grad_plain": plain, "grad_head": headed,
            "torch_vjp": via_vjp, "torch_grad": via_grad}


if __name__ == "__main__":
    main()
