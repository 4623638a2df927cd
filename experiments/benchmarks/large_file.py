"""Benchmark: peak memory and time of `stancelab segments` on one very large article file.

Writes files of several sizes (distinct paragraphs taken from the seed articles, numbered so no two are equal)
into a temporary folder, runs `python -m experiments.cli segments FOLDER > /dev/null` on each in a fresh
process, and prints the peak resident memory (ru_maxrss of that process) and the wall time. For contrast it
also measures reading the same file whole (`features.read.encoding.read_text`, what the reader did before).
The streamed reader's memory should stay flat while the file grows ten-fold.

    python experiments/benchmarks/large_file.py                 # 20 MB and 200 MB
    python experiments/benchmarks/large_file.py --sizes 5 50    # other sizes, in MB
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def seed_paragraphs() -> list[str]:
    """The text paragraphs of the seed articles (blank-line separated blocks, joined lines)."""
    paragraphs = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        blocks = path.read_text(encoding="utf-8").split("\n\n")
        paragraphs += [" ".join(b.split()) for b in blocks if len(b.split()) > 8]
    return paragraphs


def write_large_file(path: Path, megabytes: int) -> int:
    """An article of about `megabytes` MB: an outlet header, then numbered seed paragraphs. Returns bytes."""
    paragraphs, target, i = seed_paragraphs(), megabytes * 1_000_000, 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("LE MONDE\n\n")
        while f.tell() < target:
            block = [f"({i + k}) {paragraphs[(i + k) % len(paragraphs)]}\n\n" for k in range(1000)]
            f.write("".join(block))
            i += 1000
    return path.stat().st_size


def measure(argv: list[str]) -> tuple[float, float]:
    """(peak resident MB, wall seconds) of one command run in a fresh process, its output discarded."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    if status != 0:
        raise RuntimeError(f"{argv} failed: {proc.stderr.read().decode()}")
    return usage.ru_maxrss / 1024, seconds  # Linux reports kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 200], help="file sizes in MB")
    args = parser.parse_args()
    py = sys.executable
    baseline = measure([py, "-m", "experiments.cli", "segments", str(ROOT / "seeds")])
    print(f"stancelab segments seeds (two short articles): peak {baseline[0]:.0f} MB, {baseline[1]:.1f} s")
    print("file MB | segments: peak MB, seconds | read whole (before): peak MB")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder, "big.txt")
            n_bytes = write_large_file(path, size)
            streamed = measure([py, "-m", "experiments.cli", "segments", folder])
            whole = measure([py, "-c", f"from features.read.encoding import read_text; read_text({str(path)!r})"])
            print(f"{n_bytes / 1e6:7.0f} | {streamed[0]:8.0f}, {streamed[1]:7.1f} | {whole[0]:8.0f}")


if __name__ == "__main__":
    main()
