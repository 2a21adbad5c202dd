"""The forms of monitoring pages: opening a round, entering a value, reviewing it."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cannocchiale.engine.italian_numbers import parse_italian_number
from cannocchiale.monitoring.services import MeasurementInput


class ItalianDecimalField(forms.DecimalField):
    """Accepts `3,5` as well as `3.5`, and `26.000` as twenty-six thousand (the Italian way)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            text = value.strip().replace(" ", "")
            if not text:
                return None
            try:
                # The same reading as the targets': "26.000" is twenty-six thousand, "2.5" two and a half.
                return parse_italian_number(text)
            except ValueError as error:
                raise forms.ValidationError(_("Scrivi un numero, ad esempio 26.000 oppure 3,5")) from error
        return super().to_python(value)


class RoundOpenForm(forms.Form):
    name = forms.CharField(label=_("Denominazione"), max_length=255, initial="Monitoraggio al 30 giugno")
    as_of = forms.DateField(label=_("Alla data"), widget=forms.DateInput(attrs={"type": "date"}))
    due_date = forms.DateField(
        label=_("Scadenza per l'inserimento"), widget=forms.DateInput(attrs={"type": "date"})
    )
    final = forms.BooleanField(label=_("Rilevazione finale (un valore mancante vale 0 %)"), required=False)


DONE_CHOICES = [("", _("— non indicato —")), ("1", _("Sì, realizzato")), ("0", _("No, non realizzato"))]


class MeasurementForm(forms.Form):
    value = ItalianDecimalField(label=_("Valore rilevato"), required=False, max_digits=20, decimal_places=6)
    done = forms.TypedChoiceField(
        label=_("Realizzato"),
        choices=DONE_CHOICES,
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    completed_on = forms.DateField(
        label=_("Completato il"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    assessed = ItalianDecimalField(
        label=_("Grado di raggiungimento valutato (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=6,
        decimal_places=2,
    )
    justification = forms.CharField(
        label=_("Motivazione della valutazione"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("Nota"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    explanation = forms.CharField(
        label=_("Motivazione dello scostamento dal target"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action = forms.CharField(
        label=_("Azione correttiva"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, kind: str | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Show only what the target's kind needs: a milestone is done or not, a deadline has a date…
        keep = {"note", "explanation", "action"}
        if kind == "milestone":
            keep |= {"done"}
        elif kind == "deadline":
            keep |= {"completed_on", "done"}
        elif kind in ("qualitative", None):
            keep |= {"value", "assessed", "justification"}
        else:
            keep |= {"value"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def to_input(self) -> MeasurementInput:
        data = self.cleaned_data
        return MeasurementInput(
            value=data.get("value"),
            done=data.get("done"),
            completed_on=data.get("completed_on"),
            assessed=data.get("assessed"),
            justification=data.get("justification", ""),
            note=data.get("note", ""),
            explanation=data.get("explanation", ""),
            action=data.get("action", ""),
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Esito"), choices=[("accept", _("Accetta")), ("send_back", _("Rinvia all'ufficio"))]
    )
    note = forms.CharField(
        label=_("Nota per l'ufficio (obbligatoria per rinviare)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
