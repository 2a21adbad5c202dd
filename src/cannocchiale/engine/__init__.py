"""The pure engine: targets, scoring, roll-up, formulas and plan validation.

Nothing in this package imports Django: it takes plain data and returns plain data.
"""
