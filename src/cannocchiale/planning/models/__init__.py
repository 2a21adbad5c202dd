from cannocchiale.planning.models.annual import (
    AnnualObjective,
    AnnualObjectiveLink,
    AnnualObjectiveProject,
    AnnualObjectiveStrategicObjective,
)
from cannocchiale.planning.models.budget import Budget, DeclaredBudget
from cannocchiale.planning.models.calendar import CalendarPhase
from cannocchiale.planning.models.indicators import Indicator, Target
from cannocchiale.planning.models.plan import Plan
from cannocchiale.planning.models.tree import (
    Programme,
    Project,
    ProjectOffice,
    StrategicArea,
    StrategicObjective,
)

__all__ = [
    "AnnualObjective",
    "AnnualObjectiveLink",
    "AnnualObjectiveProject",
    "AnnualObjectiveStrategicObjective",
    "Budget",
    "CalendarPhase",
    "DeclaredBudget",
    "Indicator",
    "Plan",
    "Programme",
    "Project",
    "ProjectOffice",
    "StrategicArea",
    "StrategicObjective",
    "Target",
]
