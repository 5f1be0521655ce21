"""Benchmarks: ratios against baselines run in the same process. `python -m bench [--quick] [--json FILE]`."""
