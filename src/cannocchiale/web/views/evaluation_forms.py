"""The forms of the evaluation pages: the sheet's ratings and the actions of each party."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cannocchiale.evaluation.models import IndividualEvaluation
from cannocchiale.evaluation.selectors import Sheet


class ItalianDecimalField(forms.DecimalField):
    """Amounts read the Italian way, as DESIGN.md says: `12.000` is twelve thousand, `12.000,50` too."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace(" ", "").replace("€", "").replace(".", "").replace(",", ".")
        return super().to_python(value)


class SheetForm(forms.Form):
    """One rating field per criterion of the sheet, then comments, bonus budget and (for the SG) the act."""

    comments = forms.CharField(
        label=_("Osservazioni del valutatore"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    bonus_budget = ItalianDecimalField(
        label=_("Retribuzione di risultato stanziata (€)"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    approval_act = forms.CharField(
        label=_("Atto di approvazione della Giunta"),
        required=False,
        max_length=255,
        help_text=_("Richiesto per concludere la valutazione del Segretario generale."),
    )

    def __init__(self, *args: Any, sheet: Sheet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = [line.code for line in sheet.ratings]
        for line in sheet.ratings:
            self.fields[f"rating_{line.code}"] = forms.DecimalField(
                label=line.label,
                required=False,
                min_value=sheet.scale_min,
                max_value=sheet.scale_max,
                decimal_places=1,
                localize=True,
                help_text=_("peso %(weight)s · da %(low)s a %(high)s")
                % {"weight": line.weight_text, "low": sheet.scale_min, "high": sheet.scale_max},
                widget=forms.NumberInput(
                    attrs={"step": "0.5", "min": str(sheet.scale_min), "max": str(sheet.scale_max)}
                ),
            )
            self.initial.setdefault(f"rating_{line.code}", line.rating)
        evaluation = sheet.evaluation
        self.initial.setdefault("comments", evaluation.comments)
        self.initial.setdefault("bonus_budget", evaluation.bonus_budget)
        self.initial.setdefault("approval_act", evaluation.approval_act)
        if evaluation.evaluator_position_id is not None:
            del self.fields["approval_act"]

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[f"rating_{code}"] for code in self.criteria]

    def ratings(self) -> dict[str, Decimal | None]:
        return {code: self.cleaned_data.get(f"rating_{code}") for code in self.criteria}


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Nota (facoltativa)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo della richiesta di revisione"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Esito"), choices=IndividualEvaluation.ReviewOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Motivazione dell'esito"), widget=forms.Textarea(attrs={"rows": 3}))
