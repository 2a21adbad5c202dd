"""A national system of simulated administrations, for measuring speed and scale."""
