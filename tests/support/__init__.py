"""Helpers the tests and the benchmarks share: page types, generated help centers."""
