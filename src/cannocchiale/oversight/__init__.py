"""The OIV's part of the cycle: comments on the plan and the validation of the Relazione."""
