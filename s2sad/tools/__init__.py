"""Tools built on the compiler: the command line (``cli``), computation graphs
(``graph``) and compiled descent loops (``optim``: ``minimize``)."""
