"""Stato di salute: financial items per year and health indicators defined by formulas over them."""
