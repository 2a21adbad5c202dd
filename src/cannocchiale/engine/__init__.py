"""The pure engine: targets, scoring, roll-up, formulas and plan validation.

Nothing in this package imports Django: it takes plain data and returns plain data.
"""

# The version of the scoring rules: bump it in any change to this package that can move a figure
# (a rule, a rounding, a roll-up). Stored figures keep the version they were computed with; those
# of another version are recomputed on reading and by `cannocchiale rescore`.
RULES_VERSION = 1
