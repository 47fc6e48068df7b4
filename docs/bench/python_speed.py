"""A run from Python against the same run by the command line (issue 34: within 5 %).

    PYTHONPATH=build/python python3 docs/bench/python_speed.py [ROUNDS] [THREADS]

Alternates, ROUNDS times, `build/subsim run scenarios/benchmark.yaml --threads T --out TMP -q`
(wall time of the process: start, run, files written) and `subsim.run(same, threads=T)` with
every DataFrame of the result made (wall time in this process, the module already imported),
and prints each side's median and fastest time and their ratios. Alternating rounds keep a noisy
machine's drift out of the ratio."""

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import subsim

TOP = Path(__file__).resolve().parents[2]
SCENARIO = TOP / "scenarios" / "benchmark.yaml"
BINARY = TOP / "build" / "subsim"


def cli(threads, out):
    t = time.perf_counter()
    subprocess.run([str(BINARY), "run", str(SCENARIO), "--threads", str(threads), "--out", out,
                    "-q"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def python(threads):
    t = time.perf_counter()
    r = subsim.run(SCENARIO, threads=threads)
    for frame in (r.summary, r.timeseries, r.cohorts, r.survival, r.replications):
        frame.shape  # made (the benchmark has no arrivals: cohorts is empty)
    return time.perf_counter() - t


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    a, b = [], []
    tmp = tempfile.mkdtemp()
    try:
        for i in range(rounds):
            a.append(cli(threads, f"{tmp}/out"))
            b.append(python(threads))
            print(f"round {i + 1}: command {a[-1]:.3f} s, Python {b[-1]:.3f} s", flush=True)
    finally:
        shutil.rmtree(tmp)
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"command: median {ma:.3f} s, fastest {min(a):.3f} s")
    print(f"Python:  median {mb:.3f} s, fastest {min(b):.3f} s")
    print(f"Python / command: {mb / ma:.3f} (medians), {min(b) / min(a):.3f} (fastest)")


if __name__ == "__main__":
    main()
