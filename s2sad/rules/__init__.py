"""Derivative rules: the registry (``registry``), the table of rules as Python
templates (``grads``) and the run-time helpers the rules call (``runtime``)."""
