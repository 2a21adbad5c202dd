"""Shared infrastructure: tenancy base model, domain errors, secrets."""
