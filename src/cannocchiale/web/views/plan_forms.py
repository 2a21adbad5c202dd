"""Forms of the plan's in-place editing: what a person types, checked before a service is called."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cannocchiale.engine.explanation import format_number
from cannocchiale.engine.italian_numbers import parse_italian_number
from cannocchiale.organization.models import OrgUnit


class IndicatorForm(forms.Form):
    description = forms.CharField(label=_("Descrizione"), widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.CharField(label=_("Unità di misura"), required=False, max_length=64)
    source = forms.CharField(label=_("Fonte"), required=False, max_length=255)


class ItalianMoneyField(forms.CharField):
    """An amount in euro as people type it: "12.500,50", "12500,5", "2.500" (thousands) or blank."""

    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        text = str(super().to_python(value) or "").replace("€", "").replace(" ", "")
        if not text:
            return None
        try:
            amount = parse_italian_number(text)
        except ValueError as error:
            raise forms.ValidationError(_("Scrivi un importo, ad esempio 12.500,50")) from error
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Al massimo due decimali"))
        return amount


class BudgetForm(forms.Form):
    costs = ItalianMoneyField(label=_("Oneri (€)"), required=False)
    revenues = ItalianMoneyField(label=_("Proventi (€)"), required=False)
    investments = ItalianMoneyField(label=_("Investimenti (€)"), required=False)


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Titolo"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(
        label=_("Descrizione"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    actions = forms.CharField(
        label=_("Azioni (una per riga)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    results = forms.CharField(
        label=_("Risultati attesi (uno per riga)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    offices = forms.ModelMultipleChoiceField(
        label=_("Uffici responsabili"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, offices: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["offices"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = offices  # type: ignore[assignment]


def money_text(value: Decimal | None) -> str:
    """The amount as the form shows it, the Italian way, so that saving it unchanged reads it back equal."""
    return "" if value is None else format_number(value.quantize(Decimal("0.01")))
