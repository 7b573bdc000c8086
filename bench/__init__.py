"""Benchmarks: our figures as ratios against the bare dependencies doing the same work."""
