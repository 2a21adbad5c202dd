"""The context of the territory: the time series the plan uses to describe it."""
