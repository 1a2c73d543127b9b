"""One module per workload; importing this package registers them all, in
the order the rows appear in the table (so the import order matters)."""
from . import sumsq, linreg, mlp, himmelblau, mxnet_cf, rnn, logreg, gmm, lstm  # noqa: F401, I001
from . import ode  # noqa: F401, E402  (issue 11: after the others)
