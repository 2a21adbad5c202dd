from django.contrib import admin

from cannocchiale.core.read_only_admin import ReadOnlyAdmin, ReadOnlyTabularInline
from cannocchiale.planning.models import (
    AnnualObjective,
    AnnualObjectiveLink,
    AnnualObjectiveProject,
    AnnualObjectiveStrategicObjective,
    Budget,
    CalendarPhase,
    DeclaredBudget,
    Indicator,
    Plan,
    Programme,
    Project,
    ProjectOffice,
    StrategicArea,
    StrategicObjective,
    Target,
)


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin[Plan]):
    list_display = ["organization", "year", "version", "status", "title", "approval_act"]
    list_filter = ["organization", "status", "year"]


@admin.register(StrategicArea)
class StrategicAreaAdmin(ReadOnlyAdmin[StrategicArea]):
    list_display = ["code", "title", "plan"]
    list_filter = ["plan"]


class IndicatorInline(ReadOnlyTabularInline[Indicator, StrategicObjective]):
    model = Indicator
    fk_name = "strategic_objective"
    fields = ["code", "description", "unit", "polarity", "frequency"]
    extra = 0


class BudgetInline(ReadOnlyTabularInline[Budget, StrategicObjective]):
    model = Budget
    fk_name = "strategic_objective"
    fields = ["year", "costs", "revenues", "investments"]
    extra = 0


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(ReadOnlyAdmin[StrategicObjective]):
    list_display = ["code", "title", "area", "owner", "transversal"]
    list_filter = ["plan", "transversal"]
    search_fields = ["code", "title"]
    inlines = [IndicatorInline, BudgetInline]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin[Programme]):
    list_display = ["code", "title", "objective"]
    list_filter = ["plan"]
    search_fields = ["code", "title"]


class ProjectOfficeInline(ReadOnlyTabularInline[ProjectOffice, Project]):
    model = ProjectOffice
    extra = 0


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin[Project]):
    list_display = ["code", "title", "programme"]
    list_filter = ["plan"]
    search_fields = ["code", "title"]
    inlines = [ProjectOfficeInline]


class TargetInline(ReadOnlyTabularInline[Target, Indicator]):
    model = Target
    fields = ["year", "text", "kind", "structured"]
    readonly_fields = ["kind", "structured"]
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin[Indicator]):
    list_display = ["code", "description", "unit", "polarity", "frequency"]
    list_filter = ["plan", "polarity"]
    search_fields = ["code", "description"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin[Target]):
    list_display = ["indicator", "year", "text", "kind"]
    list_filter = ["kind", "year"]
    search_fields = ["text", "indicator__code"]


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin[Budget]):
    list_display = ["plan", "strategic_objective", "project", "year", "costs", "revenues", "investments"]
    list_filter = ["plan", "year"]


@admin.register(DeclaredBudget)
class DeclaredBudgetAdmin(ReadOnlyAdmin[DeclaredBudget]):
    list_display = ["plan", "scope", "area", "year", "costs", "revenues", "investments"]
    list_filter = ["plan", "scope", "year"]


class ParentLinkInline(ReadOnlyTabularInline[AnnualObjectiveLink, AnnualObjective]):
    model = AnnualObjectiveLink
    fk_name = "child"
    extra = 0
    verbose_name = "deriva da"


class AnnualProjectInline(ReadOnlyTabularInline[AnnualObjectiveProject, AnnualObjective]):
    model = AnnualObjectiveProject
    extra = 0


class AnnualStrategicInline(ReadOnlyTabularInline[AnnualObjectiveStrategicObjective, AnnualObjective]):
    model = AnnualObjectiveStrategicObjective
    extra = 0


@admin.register(AnnualObjective)
class AnnualObjectiveAdmin(ReadOnlyAdmin[AnnualObjective]):
    list_display = [
        "code",
        "title",
        "level",
        "type",
        "assignee_position",
        "assignee_unit",
        "weight",
        "complexity",
    ]
    list_filter = ["plan", "level", "type"]
    search_fields = ["code", "title"]
    inlines = [ParentLinkInline, AnnualProjectInline, AnnualStrategicInline]


@admin.register(CalendarPhase)
class CalendarPhaseAdmin(ReadOnlyAdmin[CalendarPhase]):
    list_display = ["phase", "start", "end", "plan"]
    list_filter = ["plan"]
