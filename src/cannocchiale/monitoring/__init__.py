"""Measurements and, later, monitoring rounds and corrective actions."""
