"""The Lucca 2018 plan as data, and the command that loads and serves it."""
