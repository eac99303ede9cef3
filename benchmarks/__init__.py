"""Benchmarks: a deterministic synthetic corpus (generate) and the build benchmark (run)."""
