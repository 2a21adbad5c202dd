from cannocchiale.monitoring.models.measurement import Measurement
from cannocchiale.monitoring.models.rounds import (
    CorrectiveAction,
    Evidence,
    MonitoringRound,
    ReminderSent,
    Submission,
)

__all__ = ["CorrectiveAction", "Evidence", "Measurement", "MonitoringRound", "ReminderSent", "Submission"]
