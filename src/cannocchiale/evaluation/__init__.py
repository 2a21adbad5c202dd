"""Scoring policy (SMVP) and computed achievements."""
