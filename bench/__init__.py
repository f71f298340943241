"""Benchmarks (`make bench`): print figures and record them in bench/RESULTS.md."""
