"""The SMVP form: the settings a planning office changes, read into the engine's policies."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cannocchiale.engine.individual import (
    COMPONENT_LABELS,
    COMPONENTS,
    ROLE_LABELS,
    ROLES,
    Criterion,
    IndividualPolicy,
)
from cannocchiale.engine.policy import (
    HUNDRED,
    RELATIVE_MODES,
    ZERO,
    Band,
    PolicyError,
    ScoringPolicy,
    StatusRule,
)
from cannocchiale.organization.models import AGGREGATE_MIN_GROUP_FLOOR

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

CRITERIA_ROWS = 8


class MinGroupForm(forms.Form):
    min_group = forms.IntegerField(
        label=_("Valutazioni concluse necessarie per mostrare i dati aggregati"),
        min_value=AGGREGATE_MIN_GROUP_FLOOR,
        max_value=1000,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


def _number(label: str | _StrPromise, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, localize=True, max_digits=9, decimal_places=3, **kwargs)


def _status_thresholds(policy: ScoringPolicy) -> tuple[Decimal, Decimal]:
    by_status = {r.status: r.min_achievement for r in policy.status_rules}
    return by_status.get("green", HUNDRED), by_status.get("yellow", Decimal(90))


def _bonus_thresholds(policy: ScoringPolicy) -> tuple[Decimal, Decimal]:
    """The edges of the default shape «nothing / proportional / all»; other shapes start from it."""
    bands = policy.individual_bands
    if len(bands) == 3:
        return bands[1].low, bands[1].high
    return Decimal(60), Decimal(99)


class ScoringPolicyForm(forms.Form):
    valid_from_year = forms.IntegerField(label=_("In vigore dall'anno"), min_value=2000, max_value=2100)
    note = forms.CharField(
        label=_("Motivo della modifica e atto di adozione"), widget=forms.Textarea(attrs={"rows": 2})
    )
    cap = _number(_("Tetto del raggiungimento (%)"), min_value=Decimal(1))
    floor = _number(
        _("Soglia minima: sotto questo valore il raggiungimento è 0 % (vuoto: nessuna)"), required=False
    )
    strict_equal = _number(
        _("Soglia stretta (>, <) solo eguagliata vale (%)"), min_value=ZERO, max_value=HUNDRED
    )
    relative_mode = forms.ChoiceField(
        label=_("Target riferiti a un altro anno"),
        choices=[("binary", _("raggiunto (100 %) o no (0 %)")), ("proportional", _("proporzionale"))],
    )
    late_score = _number(_("Scadenza mancata: punteggio (%)"), min_value=ZERO, max_value=HUNDRED)
    late_penalty_per_day = _number(
        _("Oppure: penalità per giorno di ritardo (punti %, vuoto: non usata)"),
        required=False,
        min_value=ZERO,
    )
    late_grace_days = forms.IntegerField(label=_("Giorni di tolleranza sulle scadenze"), min_value=0)
    green_from = _number(_("Verde da (%)"), min_value=ZERO)
    yellow_from = _number(_("Giallo da (%)"), min_value=ZERO)
    bonus_from = _number(_("Nessun premio sotto il punteggio (%)"), min_value=ZERO, max_value=HUNDRED)
    bonus_full_above = _number(_("Premio intero sopra il punteggio (%)"), min_value=ZERO, max_value=HUNDRED)
    rating_min = _number(_("Punteggio minimo della scala"), min_value=ZERO)
    rating_max = _number(_("Punteggio massimo della scala"), min_value=Decimal(1))
    differentiation_full = _number(
        _("Differenziazione piena da un coefficiente di variazione di (%)"), min_value=Decimal("0.1")
    )

    def __init__(
        self, *args: Any, scoring: ScoringPolicy, individual: IndividualPolicy, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.base_scoring = scoring
        green, yellow = _status_thresholds(scoring)
        bonus_low, bonus_high = _bonus_thresholds(scoring)
        self.initial.update(
            {
                "cap": scoring.cap,
                "floor": scoring.floor,
                "strict_equal": scoring.strict_equal,
                "relative_mode": scoring.relative_mode,
                "late_score": scoring.late_score,
                "late_penalty_per_day": scoring.late_penalty_per_day,
                "late_grace_days": scoring.late_grace_days,
                "green_from": green,
                "yellow_from": yellow,
                "bonus_from": bonus_low,
                "bonus_full_above": bonus_high,
                "rating_min": individual.rating_min,
                "rating_max": individual.rating_max,
                "differentiation_full": individual.differentiation_bands[0].high
                if individual.differentiation_bands
                else Decimal(10),
            }
        )
        for role in ROLES:
            for component in COMPONENTS:
                name = f"w_{role}_{component}"
                self.fields[name] = _number(
                    f"{ROLE_LABELS[role]}: {COMPONENT_LABELS[component]}", min_value=ZERO, max_value=HUNDRED
                )
                self.initial[name] = individual.role_weights[role][component]
        for index in range(CRITERIA_ROWS):
            criterion = individual.criteria[index] if index < len(individual.criteria) else None
            self.fields[f"c{index}_label"] = forms.CharField(
                label=_("Criterio %(n)s") % {"n": index + 1}, required=False, max_length=255
            )
            self.fields[f"c{index}_weight"] = _number(
                _("Peso del criterio %(n)s") % {"n": index + 1}, required=False, min_value=ZERO
            )
            if criterion is not None:
                self.initial[f"c{index}_label"] = criterion.label
                self.initial[f"c{index}_weight"] = criterion.weight
                self.initial[f"c{index}_code"] = criterion.code
            self.fields[f"c{index}_code"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self._style()

    def _style(self) -> None:
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)

    def weight_rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(ROLE_LABELS[r], [self[f"w_{r}_{c}"] for c in COMPONENTS]) for r in ROLES]

    def component_labels(self) -> list[str]:
        return [COMPONENT_LABELS[c] for c in COMPONENTS]

    def criteria_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [(self[f"c{i}_label"], self[f"c{i}_weight"], self[f"c{i}_code"]) for i in range(CRITERIA_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.policies = (self._scoring(data), self._individual(data))
        except PolicyError as exc:
            for problem in str(exc).split("; "):
                self.add_error(None, problem)
        return data

    def _scoring(self, data: dict[str, Any]) -> ScoringPolicy:
        if data["yellow_from"] > data["green_from"]:
            raise PolicyError("la soglia del giallo non può superare quella del verde")
        low, high = data["bonus_from"], data["bonus_full_above"]
        if high < low:
            raise PolicyError("il premio intero deve partire da un punteggio non inferiore a quello minimo")
        mode = data["relative_mode"]
        assert mode in RELATIVE_MODES
        return replace(
            self.base_scoring,
            cap=data["cap"],
            floor=data["floor"],
            strict_equal=data["strict_equal"],
            relative_mode=mode,
            late_score=data["late_score"],
            late_penalty_per_day=data["late_penalty_per_day"],
            late_grace_days=data["late_grace_days"],
            status_rules=(
                StatusRule(data["green_from"], "green"),
                StatusRule(data["yellow_from"], "yellow"),
                StatusRule(ZERO, "red"),
            ),
            individual_bands=(
                Band(ZERO, low, ZERO, ZERO),
                Band(low, high, low, high, high_inclusive=True),
                Band(high, HUNDRED, HUNDRED, HUNDRED, high_inclusive=True),
            ),
        )

    def _individual(self, data: dict[str, Any]) -> IndividualPolicy:
        criteria = []
        for index in range(CRITERIA_ROWS):
            label = (data.get(f"c{index}_label") or "").strip()
            weight = data.get(f"c{index}_weight")
            if not label and weight is None:
                continue
            if not label or weight is None:
                raise PolicyError(f"criterio {index + 1}: indicare descrizione e peso")
            code = (data.get(f"c{index}_code") or "").strip() or f"criterio-{index + 1}"
            criteria.append(Criterion(code, label, weight))
        return IndividualPolicy(
            role_weights={r: {c: data[f"w_{r}_{c}"] for c in COMPONENTS} for r in ROLES},
            criteria=tuple(criteria),
            rating_min=data["rating_min"],
            rating_max=data["rating_max"],
            differentiation_bands=(Band(ZERO, data["differentiation_full"], ZERO, HUNDRED),),
        )
