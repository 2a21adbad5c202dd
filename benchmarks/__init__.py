"""Benchmarks of Cannocchiale: each figure beside its floor, measured in one run (`cannocchiale bench`)."""
