"""Backpropagation on a computation graph: a hand-written layer vs. s2sad.

Seed tutorial 000: z = x**2 + y**2 drawn as a computation graph. Going forward
gives z; going backward with dL/dz = dout gives (2x*dout, 2y*dout), so with
dout = 1 the backward pass *is* the gradient. The tutorial writes that backward
pass by hand in a layer class; s2sad writes it for you, as Python source.
Run:  python examples/computation_graph.py
"""
import os
import sys

import numpy as np

try:
    import s2sad
except ModuleNotFoundError:  # not installed: use the checkout this file lives in
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import s2sad


class SqrtWithAdd:
    """The tutorial's layer: forward caches its inputs, backward applies the chain rule."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y
        return x ** 2 + y ** 2

    def backward(self, dout=1):
        dx = dout * 2 * self.x
        dy = dout * 2 * self.y
        return dx, dy


def f(x, y):
    """The same function as plain Python: s2sad derives the backward pass itself."""
    return x ** 2 + y ** 2


def numerical_grad(fun, x, y, h=1e-4):
    """Gradient from the definition of the derivative (central differences)."""
    dx = (fun(x + h, y) - fun(x - h, y)) / (2 * h)
    dy = (fun(x, y + h) - fun(x, y - h)) / (2 * h)
    return dx, dy


def gradient_descent(grad_fn, x, y, lr=0.01, step_num=100):
    """x -= lr * df/dx, y -= lr * df/dy, step_num times (the tutorial's loop)."""
    for _ in range(step_num):
        dx, dy = grad_fn(x, y)
        x -= lr * dx
        y -= lr * dy
    return x, y


def main(fast=False):
    # fast is accepted for the test-suite but ignored: 100 steps are cheap.
    # 1. The hand-written layer at (2, 3): forward first, then backward.
    layer = SqrtWithAdd()
    layer.forward(2, 3)
    by_hand = layer.backward()
    print("hand-written backward at (2, 3):", by_hand)

    # 2. s2sad: differentiate f with respect to both arguments.
    df = s2sad.grad(f, wrt=(0, 1))
    by_s2sad = tuple(float(g) for g in df(2.0, 3.0))
    print("s2sad.grad at (2, 3):           ", by_s2sad)

    # 3. Numerical differentiation: approximate, and costs 2 calls per input.
    numeric = numerical_grad(f, 2.0, 3.0)
    print("numerical gradient at (2, 3):   ", numeric)

    print("\nThe adjoint (backward pass) s2sad generated for f:")
    print(df.source)

    # 4. Gradient descent from (3, 4), lr = 0.01, 100 steps, with either gradient.
    def layer_grad(x, y):
        layer.forward(x, y)
        return layer.backward()

    hand_xy = gradient_descent(layer_grad, 3, 4)
    s2sad_xy = gradient_descent(df, 3.0, 4.0)
    print("descent with the hand-written layer: [{}, {}]".format(*hand_xy))
    print("descent with s2sad.grad:             [{}, {}]".format(*map(float, s2sad_xy)))
    return {
        "grad_by_hand": by_hand,
        "grad_s2sad": by_s2sad,
        "grad_numeric": numeric,
        "descent_by_hand": [float(v) for v in hand_xy],
        "descent_s2sad": [float(v) for v in s2sad_xy],
        "source": df.source,
    }


if __name__ == "__main__":
    main()
