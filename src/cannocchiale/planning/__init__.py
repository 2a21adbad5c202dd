"""Plans, the performance tree, indicators and targets, annual objectives, budget and calendar."""
