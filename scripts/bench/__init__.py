"""samizdat side by side with Hugo: the code behind `scripts/bench.py` (see scripts/README.md).

One run of the benchmark, per corpus size and per run, for each tool in turn (the order flips
every run, so that neither tool always goes first on a warming or cooling machine):

1. a clean build into an empty folder,
2. a no-change rebuild into the same folder (and which files it rewrote),
3. a rebuild after editing one page's body (and which files it rewrote),

then `cp -r` of samizdat's output, as the floor of writing that many bytes.

Modules, each usable on its own:

- `tools`: finding and building samizdat, finding Hugo, generating the corpora;
- `measure`: timing one command (wall, CPU, peak memory) and snapshots of an output folder;
- `scenarios`: the three builds of one run and the `cp -r` reference;
- `report`: the markdown tables written to target/bench/results.md;
- `cli`: the command line, and the loop over sizes, runs and tools.
"""

from .cli import main  # noqa: F401
