"""Tenants, the org-unit tree and positions."""
