"""Derivative rules: the registry (``registry``; what a rule's template reads:
``template_reads``), the table of rules as Python templates (``grads``) and the run-time
helpers the rules call (``runtime``)."""
