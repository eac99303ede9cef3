"""The benchmark's memory figure: the summed resident memory of the build's process tree."""

from __future__ import annotations

import subprocess
import sys

import pytest

from benchmarks.run import TreeSampler

pytestmark = pytest.mark.skipif(not TreeSampler.available(), reason="reads Linux's /proc")

# A process holding 60 MB; given code, it first starts that as a child (which holds 64 MB:
# a child of exactly its parent's size would be taken for one between fork and exec) and
# waits for the child's "ready". Each says ready once its block is in memory, and both wait
# until stdin closes.
CODE = """
import subprocess, sys
block = bytearray((60 if len(sys.argv) > 1 else 64) * 1024 * 1024)
for i in range(0, len(block), 4096):
    block[i] = 1
child = None
if len(sys.argv) > 1:
    child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE)
    child.stdout.readline()
print("ready", flush=True)
sys.stdin.read()
if child is not None:
    child.stdin.close(); child.wait()
"""


def test_the_sampler_adds_up_a_process_and_its_descendants() -> None:
    grandchild = CODE
    proc = subprocess.Popen(
        [sys.executable, "-c", CODE, grandchild],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        sampler = TreeSampler(proc.pid)  # both blocks are in memory by now
        sampler.sample()
        assert sampler.peak_kb >= 124 * 1024  # both blocks, in two processes
        assert len(sampler.at_peak) >= 2
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=60)


def test_the_sampler_stops_quietly_when_the_process_is_gone() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    with TreeSampler(proc.pid) as sampler:
        pass
    assert sampler.peak_kb == 0


def test_a_child_between_fork_and_exec_is_counted_once() -> None:
    from benchmarks.run import _unexeced

    sizes = {1: (400_000, "python"), 2: (400_000, "python"), 3: (200_000, "pagefind")}
    assert _unexeced(sizes, 2, 1)  # the same pages as its parent: not added again
    assert not _unexeced(sizes, 3, 1)
    assert not _unexeced(sizes, 1, None)
