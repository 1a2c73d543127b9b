"""``python -m tests.fuzz.replay tests/fuzz/findings/<name>.py [...]``: re-run findings.

Prints, for each file, whether its bug still reproduces (exit status 1 if any does)."""
import sys

from .findings import replay


def main(paths):
    still = 0
    for path in paths:
        signature, now = replay(path, detail=True)
        print(f"{'REPRODUCES' if signature else 'fixed     '}  {path}  ({now})")
        still += bool(signature)
    return 1 if still else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
