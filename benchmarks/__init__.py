"""A reproducible benchmark of the delivery API; see benchmarks/README.md."""
