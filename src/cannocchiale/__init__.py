"""Cannocchiale: the performance management cycle of Italian public administrations."""

__version__ = "0.1.0"
