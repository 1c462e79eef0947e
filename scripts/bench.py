#!/usr/bin/env python3
"""Benchmark of samizdat side by side with Hugo 0.168: clean build, no-change rebuild and
one-page-edit rebuild of generated campaign sites, timed. See scripts/README.md, and
`scripts/bench.py --help`. The code is the package next to this file, scripts/bench/.
"""

import sys

sys.dont_write_bytecode = True   # no __pycache__ in the repository
from bench import main  # noqa: E402  scripts/bench/ (a package wins over this file's own name)

if __name__ == "__main__":
    main()
