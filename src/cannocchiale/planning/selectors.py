"""Reads of the plan: the plan itself, the performance tree, the objective and project sheets.

Every read is scoped by the plan (hence by its organization) and prefetches what the page shows,
so a page costs the same number of queries whatever the size of the plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from cannocchiale.audit.display import EventDisplay, event_display
from cannocchiale.audit.labels import action_label
from cannocchiale.audit.models import AuditEvent
from cannocchiale.core.errors import NotFoundError
from cannocchiale.engine.explanation import format_percent
from cannocchiale.engine.scoring import Score
from cannocchiale.engine.target import Target as EngineTarget
from cannocchiale.engine.target_text import describe_target
from cannocchiale.engine.validation import Finding, validate_plan
from cannocchiale.organization.models import Organization, OrgUnit
from cannocchiale.planning.models import (
    AnnualObjective,
    Budget,
    Indicator,
    Plan,
    Programme,
    Project,
    StrategicArea,
    StrategicObjective,
    Target,
)


def organization_get(*, code: str) -> Organization:
    organization = Organization.objects.filter(code=code).first()
    if organization is None:
        known = ", ".join(Organization.objects.values_list("code", flat=True)) or "nessuno"
        raise NotFoundError(f"ente «{code}» non trovato (enti presenti: {known})")
    return organization


def plan_get(*, organization: Organization, year: int, version: int | None = None) -> Plan:
    """The plan of that year: the given version, or the latest."""
    plans = Plan.objects.filter(organization=organization, year=year).select_related("organization")
    plan = (
        plans.filter(version=version).first() if version is not None else plans.order_by("-version").first()
    )
    if plan is None:
        which = f"versione {version}" if version is not None else "nessuna versione"
        raise NotFoundError(f"piano {year} ({which}) non trovato per l'ente «{organization.code}»")
    return plan


def plan_in_force(*, organization: Organization | int, year: int) -> Plan | None:
    """The version the year's cycle runs on: the latest approved or published one, or the draft
    while none has been approved yet. Monitoring, scores and evaluations hang on it, never on a
    revision still in draft (a draft can be edited or replaced; the monitoring must not go with it)."""
    plans = Plan.objects.filter(organization=organization, year=year).select_related("organization")
    adopted = plans.exclude(status=Plan.Status.DRAFT).order_by("-version").first()
    return adopted or plans.order_by("-version").first()


def plan_versions(*, plan: Plan) -> list[Plan]:
    """Every version of the plan's year, newest first."""
    return list(Plan.objects.filter(organization=plan.organization_id, year=plan.year).order_by("-version"))


# --- targets as understood --------------------------------------------------------------------


@dataclass(frozen=True)
class TargetView:
    """A target as written and as understood, in Italian words."""

    target: Target
    understanding: str

    @property
    def understood(self) -> bool:
        return self.target.understood


def target_view(target: Target) -> TargetView:
    return TargetView(target=target, understanding=describe_target(EngineTarget.from_dict(target.structured)))


def score_status(score: Score | None) -> str:
    """green, yellow, red, or none when there is no figure yet."""
    if score is None or score.achievement is None:
        return "none"
    return score.status or "none"


STATUS_WORDS = {
    "green": "raggiunto",
    "yellow": "quasi raggiunto",
    "red": "non raggiunto",
    "none": "non misurato",
}


class ScoreDisplay:
    """What a page shows of a figure: its status word and its percentage (for rows with a `score`)."""

    score: Score | None

    @property
    def status(self) -> str:
        return score_status(self.score)

    @property
    def status_text(self) -> str:
        return STATUS_WORDS.get(self.status, self.status)

    @property
    def achievement_text(self) -> str:
        return format_percent(self.score.achievement if self.score else None)


@dataclass
class IndicatorRow(ScoreDisplay):
    indicator: Indicator
    cells: list[TargetView | None]
    score: Score | None = None


def plan_years(plan: Plan) -> list[int]:
    start = plan.start_year or plan.year
    end = plan.end_year or plan.year
    return list(range(start, end + 1))


def indicator_rows(indicators: Iterable[Indicator], years: list[int]) -> list[IndicatorRow]:
    rows = []
    for indicator in indicators:
        by_year = {t.year: target_view(t) for t in indicator.targets.all()}
        extra = sorted(set(by_year) - set(years))
        rows.append(IndicatorRow(indicator, [by_year.get(y) for y in years + extra]))
    return rows


def sheet_years(plan: Plan, indicators: Iterable[Indicator]) -> list[int]:
    """The plan's years, and any other year a target was written for (an older plan's, say)."""
    return sorted(set(plan_years(plan)) | {t.year for i in indicators for t in i.targets.all()})


# --- the sheets -------------------------------------------------------------------------------


def _indicators() -> Prefetch[str]:
    return Prefetch("indicators", queryset=Indicator.objects.prefetch_related("targets"))


def _annual() -> Prefetch[str]:
    return Prefetch(
        "annual_objectives",
        queryset=AnnualObjective.objects.select_related("assignee_position", "assignee_unit").order_by(
            "position"
        ),
    )


def objective_get(*, plan: Plan, code: str) -> StrategicObjective:
    objective = (
        StrategicObjective.objects.filter(plan=plan, code=code)
        .select_related("area", "owner", "plan")
        .prefetch_related(
            _indicators(),
            "budgets",
            _annual(),
            Prefetch(
                "programmes__projects",
                queryset=Project.objects.prefetch_related("office_links__unit").order_by("position"),
            ),
        )
        .first()
    )
    if objective is None:
        raise NotFoundError(f"obiettivo strategico «{code}» non trovato nel piano {plan.year}")
    return objective


def project_get(*, plan: Plan, code: str) -> Project:
    project = (
        Project.objects.filter(plan=plan, code=code)
        .select_related("programme__objective__area", "programme__objective__owner", "plan")
        .prefetch_related(_indicators(), "budgets", "office_links__unit", _annual())
        .first()
    )
    if project is None:
        raise NotFoundError(f"progetto «{code}» non trovato nel piano {plan.year}")
    return project


def plan_offices(*, plan: Plan) -> QuerySet[OrgUnit]:
    """The units a project may be assigned to: the organization's offices and services."""
    return OrgUnit.objects.filter(
        organization=plan.organization_id, kind__in=[OrgUnit.Kind.OFFICE, OrgUnit.Kind.DIVISION]
    ).order_by("position")


def target_get(*, plan: Plan, pk: int) -> Target:
    target = Target.objects.filter(pk=pk, indicator__plan=plan).select_related("indicator").first()
    if target is None:
        raise NotFoundError("target non trovato in questo piano")
    return target


def indicator_get(*, plan: Plan, pk: int) -> Indicator:
    indicator = Indicator.objects.filter(pk=pk, plan=plan).prefetch_related("targets").first()
    if indicator is None:
        raise NotFoundError("indicatore non trovato in questo piano")
    return indicator


def budget_get(*, plan: Plan, pk: int) -> Budget:
    budget = Budget.objects.filter(pk=pk, plan=plan).select_related("strategic_objective", "project").first()
    if budget is None:
        raise NotFoundError("budget non trovato in questo piano")
    return budget


@dataclass
class SheetScores:
    """The figures a sheet shows, looked up by code: computed once per request by the evaluation app."""

    indicators: dict[str, Score] = field(default_factory=dict)
    projects: dict[str, Score] = field(default_factory=dict)
    objectives: dict[str, Score] = field(default_factory=dict)


def sheet_scores(*, plan: Plan) -> SheetScores:
    # Imported here: the evaluation app reads the planning models, not the other way round.
    from cannocchiale.evaluation.batch import current_scores

    scores = current_scores(plan, ("indicator", "project", "strategic_objective"))
    by_kind: dict[str, dict[str, Score]] = {"indicator": {}, "project": {}, "strategic_objective": {}}
    for (kind, code), score in scores.items():
        if kind in by_kind:
            by_kind[kind][code] = score
    return SheetScores(
        indicators=by_kind["indicator"],
        projects=by_kind["project"],
        objectives=by_kind["strategic_objective"],
    )


# --- the performance tree ---------------------------------------------------------------------


@dataclass(frozen=True)
class TreeFilters:
    q: str = ""
    area: str = ""
    owner: str = ""  # a directorate's code, or "trasversale"
    office: str = ""
    status: str = ""  # green, yellow, red, or none (not measured yet)

    @property
    def active(self) -> bool:
        return any((self.q, self.area, self.owner, self.office, self.status))


@dataclass
class TreeNode(ScoreDisplay):
    kind: str  # area, objective, programme, project
    code: str
    title: str
    description: str
    score: Score | None
    children: list[TreeNode] = field(default_factory=list)
    owner: str = ""
    owner_code: str = ""
    offices: list[OrgUnit] = field(default_factory=list)
    annual: list[AnnualObjective] = field(default_factory=list)
    open: bool = False
    matched: bool = False


@dataclass
class PlanTree:
    plan: Plan
    areas: list[TreeNode]
    filters: TreeFilters
    area_choices: list[tuple[str, str]]
    owner_choices: list[tuple[str, str]]
    office_choices: list[tuple[str, str]]
    plan_score: Score | None
    total_projects: int
    shown_projects: int

    @property
    def plan_status(self) -> str:
        if self.plan_score is None or self.plan_score.achievement is None:
            return "none"
        return self.plan_score.status or "none"

    @property
    def plan_status_text(self) -> str:
        return STATUS_WORDS.get(self.plan_status, self.plan_status)

    @property
    def plan_achievement_text(self) -> str:
        return format_percent(self.plan_score.achievement if self.plan_score else None)


def _tree_scores(plan: Plan) -> tuple[dict[tuple[str, str], Score], Score | None]:
    """Every node's achievement, by (kind, code). Programmes are not scored by the evaluation app:
    their figure is the engine's roll-up of their projects, under the same policy."""
    from cannocchiale.engine.rollup import Node, rollup_tree
    from cannocchiale.evaluation.batch import current_scores
    from cannocchiale.evaluation.policies import policy_for_year

    kinds = {"area": "area", "strategic_objective": "objective", "project": "project"}
    by_code: dict[tuple[str, str], Score] = {}
    total = None
    for (kind, code), score in current_scores(plan, kinds).items():
        if kind in kinds:
            by_code[(kinds[kind], code)] = score
        elif kind == "plan":
            total = score
    policy = policy_for_year(organization=plan.organization, year=plan.year)
    programmes = Project.objects.filter(plan=plan).values_list("programme__code", "code").order_by("position")
    members: dict[str, list[str]] = {}
    for programme, project in programmes:
        members.setdefault(programme, []).append(project)
    for programme, projects in members.items():
        node = Node(programme, None, [Node(p, by_code.get(("project", p))) for p in projects])
        by_code[("programme", programme)] = rollup_tree(node, policy=policy)
    return by_code, total


def _build_tree(plan: Plan, scores: dict[tuple[str, str], Score]) -> list[TreeNode]:
    projects = Project.objects.prefetch_related("office_links__unit", _annual()).order_by("position")
    areas = StrategicArea.objects.filter(plan=plan).prefetch_related(
        Prefetch(
            "objectives", queryset=StrategicObjective.objects.select_related("owner").order_by("position")
        ),
        Prefetch("objectives__annual_objectives", queryset=AnnualObjective.objects.order_by("position")),
        "objectives__programmes",
        Prefetch("objectives__programmes__projects", queryset=projects),
    )
    tree = []
    for area in areas:
        area_node = TreeNode("area", area.code, area.title, area.description, scores.get(("area", area.code)))
        for objective in area.objectives.all():
            owner = (
                "Trasversale" if objective.transversal else (objective.owner.name if objective.owner else "")
            )
            owner_code = (
                "trasversale" if objective.transversal else (objective.owner.code if objective.owner else "")
            )
            objective_node = TreeNode(
                "objective",
                objective.code,
                objective.title,
                objective.description,
                scores.get(("objective", objective.code)),
                owner=owner,
                owner_code=owner_code,
                annual=list(objective.annual_objectives.all()),
            )
            for programme in objective.programmes.all():
                programme_node = TreeNode(
                    "programme",
                    programme.code,
                    programme.title,
                    programme.description,
                    scores.get(("programme", programme.code)),
                )
                for project in programme.projects.all():
                    programme_node.children.append(
                        TreeNode(
                            "project",
                            project.code,
                            project.title,
                            project.description,
                            scores.get(("project", project.code)),
                            offices=[link.unit for link in project.office_links.all()],
                            annual=list(project.annual_objectives.all()),
                        )
                    )
                objective_node.children.append(programme_node)
            area_node.children.append(objective_node)
        tree.append(area_node)
    return tree


def _filtered(node: TreeNode, filters: TreeFilters, text_matched: bool) -> TreeNode | None:
    """The node if it or a descendant passes the filters; its kept children only.

    Text matches a node's code, title or description and keeps what lies below it; the
    office and status filters must hold for the node itself."""
    q = filters.q.casefold()
    text_ok = text_matched or not q or q in f"{node.code} {node.title} {node.description}".casefold()
    status_ok = not filters.status or node.status == filters.status
    office_ok = not filters.office or (
        node.kind == "project" and any(u.code == filters.office for u in node.offices)
    )
    children = [kept for child in node.children if (kept := _filtered(child, filters, text_ok)) is not None]
    node.matched = text_ok and status_ok and office_ok and filters.active
    if not (node.matched or children):
        return None
    node.children = children
    node.open = bool(children)
    return node


def _count_projects(nodes: Iterable[TreeNode]) -> int:
    return sum(1 if n.kind == "project" else _count_projects(n.children) for n in nodes)


def plan_tree(*, plan: Plan, filters: TreeFilters) -> PlanTree:
    scores, total = _tree_scores(plan)
    areas = _build_tree(plan, scores)
    units = {
        u.code: u for u in OrgUnit.objects.filter(organization=plan.organization_id).order_by("position")
    }
    area_choices = [(a.code, f"{a.code} {a.title}") for a in areas]
    owners = {o.owner_code: o.owner for a in areas for o in a.children if o.owner_code}
    owner_choices = [(code, owners[code]) for code in units if code in owners]
    if "trasversale" in owners:
        owner_choices.append(("trasversale", "Trasversale"))
    project_offices = {
        u.code for a in areas for o in a.children for p in o.children for j in p.children for u in j.offices
    }
    office_choices = [(code, u.name) for code, u in units.items() if code in project_offices]
    total_projects = _count_projects(areas)
    if filters.area:
        areas = [a for a in areas if a.code == filters.area]
    if filters.owner:
        for area in areas:
            area.children = [o for o in area.children if o.owner_code == filters.owner]
        areas = [a for a in areas if a.children]
    if filters.q or filters.office or filters.status:
        areas = [kept for a in areas if (kept := _filtered(a, filters, False)) is not None]
    else:
        for area in areas:
            area.open = True
            if filters.active:
                for objective in area.children:
                    objective.open = True
    return PlanTree(
        plan=plan,
        areas=areas,
        filters=filters,
        area_choices=area_choices,
        owner_choices=owner_choices,
        office_choices=office_choices,
        plan_score=total,
        total_projects=total_projects,
        shown_projects=_count_projects(areas),
    )


# --- sheets, ready for a page -----------------------------------------------------------------


@dataclass
class ScoredProject(ScoreDisplay):
    project: Project
    score: Score | None


@dataclass
class Sheet(ScoreDisplay):
    """A strategic objective's or a project's sheet: what the seed's schede show, with the figures."""

    plan: Plan
    subject: StrategicObjective | Project
    years: list[int]
    indicators: list[IndicatorRow]
    budgets: list[Budget]
    score: Score | None
    programmes: list[tuple[Programme, list[ScoredProject]]] = field(default_factory=list)

    @property
    def not_understood(self) -> int:
        return sum(
            1 for row in self.indicators for cell in row.cells if cell is not None and not cell.understood
        )


def _sheet(plan: Plan, subject: StrategicObjective | Project, score_key: str) -> Sheet:
    scores = sheet_scores(plan=plan)
    indicators = list(subject.indicators.all())
    years = sheet_years(plan, indicators)
    rows = indicator_rows(indicators, years)
    for row in rows:
        row.score = scores.indicators.get(row.indicator.code)
    subject_scores = scores.objectives if score_key == "objective" else scores.projects
    return Sheet(
        plan=plan,
        subject=subject,
        years=years,
        indicators=rows,
        budgets=sorted(subject.budgets.all(), key=lambda b: b.year),
        score=subject_scores.get(subject.code),
        programmes=[
            (programme, [ScoredProject(p, scores.projects.get(p.code)) for p in programme.projects.all()])
            for programme in subject.programmes.all()
        ]
        if isinstance(subject, StrategicObjective)
        else [],
    )


def objective_sheet(*, plan: Plan, code: str) -> Sheet:
    return _sheet(plan, objective_get(plan=plan, code=code), "objective")


def project_sheet(*, plan: Plan, code: str) -> Sheet:
    return _sheet(plan, project_get(plan=plan, code=code), "project")


# --- validation -------------------------------------------------------------------------------

_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_FIXABLE = {"objectives": "objective", "projects": "project", "annual_objectives": "annual_objective"}


@dataclass(frozen=True)
class LocatedFinding:
    """A validation finding with the place to fix it: the sheet (kind and code) its location falls in."""

    finding: Finding
    kind: str = ""  # objective, project, annual_objective, or "" when no sheet holds it
    code: str = ""
    indicator: str = ""


def locate(document: Mapping[str, Any], location: str) -> tuple[str, str, str]:
    """The deepest objective, project or annual objective on the path, and the indicator if any."""
    node: Any = document
    key = ""
    kind = code = indicator = ""
    for match in _SEGMENT.finditer(location):
        name, index = match.groups()
        if name is not None:
            key = name
            node = node.get(name) if isinstance(node, Mapping) else None
            continue
        node = node[int(index)] if isinstance(node, list) and int(index) < len(node) else None
        if not isinstance(node, Mapping):
            break
        if key in _FIXABLE:
            kind, code = _FIXABLE[key], str(node.get("code", ""))
        elif key == "indicators":
            indicator = str(node.get("code", ""))
    return kind, code, indicator


@dataclass
class ValidationReport:
    errors: list[LocatedFinding]
    warnings: list[LocatedFinding]


def _path_text(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def plan_validation(*, plan: Plan) -> ValidationReport:
    """The checks of `cannocchiale validate` on the stored plan, read back as its plan file:
    the schema first, then the engine's checks (which assume a well-formed document)."""
    from cannocchiale.interchange.exporter import plan_export
    from cannocchiale.interchange.schema import schema_errors
    from cannocchiale.interchange.yaml_io import dump_text, load_text

    loaded = load_text(dump_text(plan_export(plan)), source=f"piano {plan.year} v{plan.version}")
    document = loaded.data
    schema = schema_errors(loaded)
    findings = (
        [Finding("error", "schema", _path_text(path), message) for path, message in schema]
        if schema
        else validate_plan(document)
    )
    located = [LocatedFinding(f, *locate(document, f.location)) for f in findings]
    return ValidationReport(
        errors=[f for f in located if f.finding.severity == "error"],
        warnings=[f for f in located if f.finding.severity != "error"],
    )


# --- history ----------------------------------------------------------------------------------

HISTORY_TYPES = {
    "objective": "planning.StrategicObjective",
    "project": "planning.Project",
    "target": "planning.Target",
    "indicator": "planning.Indicator",
    "budget": "planning.Budget",
    "plan": "planning.Plan",
}


FIELD_NAMES = {
    "text": "testo",
    "structured": "compreso come",
    "description": "descrizione",
    "unit": "unità di misura",
    "source": "fonte",
    "title": "titolo",
    "actions": "azioni",
    "results": "risultati attesi",
    "offices": "uffici responsabili",
    "costs": "oneri",
    "revenues": "proventi",
    "investments": "investimenti",
    "status": "stato",
    "approval_act": "atto di approvazione",
    "approval_date": "data di approvazione",
    "version": "versione",
}


def _readable(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if key == "structured" and isinstance(value, dict):
        return describe_target(EngineTarget.from_dict(value))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent

    @property
    def action(self) -> str:
        return str(action_label(self.event.action))

    @cached_property
    def _display(self) -> EventDisplay:
        return event_display(self.event, FIELD_NAMES, _readable)

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(field, before, after) for each field that changed, in words, whatever the row's shape."""
        return self._display.changes

    @property
    def problems(self) -> list[str]:
        """What is odd about the row (unknown action, unexpected shape, content not matching its hash)."""
        return self._display.problems


@dataclass
class History:
    object_type: str
    label: str
    entries: list[HistoryEntry]


def _parts(object_type: str, pk: int, plan_ids: QuerySet[Plan]) -> list[tuple[str, list[int]]]:
    """The object and what its sheet shows: a sheet's history includes its indicators, targets, budgets."""
    if object_type == "objective":
        owner = {"strategic_objective_id": pk}
    elif object_type == "project":
        owner = {"project_id": pk}
    else:
        return []
    indicators = list(Indicator.objects.filter(plan__in=plan_ids, **owner).values_list("pk", flat=True))
    targets = list(Target.objects.filter(indicator_id__in=indicators).values_list("pk", flat=True))
    budgets = list(Budget.objects.filter(plan__in=plan_ids, **owner).values_list("pk", flat=True))
    return [("planning.Indicator", indicators), ("planning.Target", targets), ("planning.Budget", budgets)]


def object_history(*, organization: Organization, object_type: str, object_id: str) -> History:
    """The audit events of one object of the organization's plans, newest first."""
    model_name = HISTORY_TYPES.get(object_type)
    if model_name is None or not object_id.isdigit():
        raise NotFoundError(f"tipo di oggetto «{object_type}» sconosciuto")
    pk = int(object_id)
    plans = Plan.objects.filter(organization=organization)
    models: dict[str, Any] = {
        "objective": StrategicObjective.objects.filter(plan__in=plans),
        "project": Project.objects.filter(plan__in=plans),
        "target": Target.objects.filter(indicator__plan__in=plans).select_related("indicator"),
        "indicator": Indicator.objects.filter(plan__in=plans),
        "budget": Budget.objects.filter(plan__in=plans),
        "plan": plans,
    }
    subject = models[object_type].filter(pk=pk).first()
    if subject is None:
        raise NotFoundError("oggetto non trovato in questo ente")
    condition = Q(object_type=model_name, object_id=str(pk))
    for part_type, ids in _parts(object_type, pk, plans):
        condition |= Q(object_type=part_type, object_id__in=[str(i) for i in ids])
    events = list(
        AuditEvent.objects.filter(condition, organization=organization)
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return History(object_type=object_type, label=str(subject), entries=[HistoryEntry(e) for e in events])
