"""`make bench`: every benchmark, figures printed and written to bench/RESULTS.md."""
from __future__ import annotations

import sys

from bench import delivery


def main() -> int:
    delivery.main(sys.argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
