"""The roles page of an organization: its administrator grants and revokes roles, each change recorded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cannocchiale.accounts.access import Access
from cannocchiale.accounts.models import Membership, Role
from cannocchiale.accounts.selectors import membership_words, memberships_of, role_changes
from cannocchiale.accounts.services import RoleChangeRefused, membership_grant, membership_revoke
from cannocchiale.organization.models import Organization, OrgUnit, Position
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view


class GrantForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Nome utente"),
        max_length=150,
        help_text=gettext_lazy(
            "L'utente deve esistere già: gli utenti si creano nell'amministrazione del sistema."
        ),
    )
    # No role preselected: a grant is a choice, never the first entry of a list.
    role = forms.ChoiceField(
        label=gettext_lazy("Ruolo"), choices=[("", gettext_lazy("— scegli un ruolo —")), *Role.choices]
    )
    position = forms.ModelChoiceField(
        label=gettext_lazy("Posizione (per Segretario generale, Dirigenti e PO)"),
        queryset=Position.objects.none(),
        required=False,
        empty_label=gettext_lazy("— nessuna —"),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unità organizzativa (per gli uffici)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("— nessuna —"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only this organization's positions and units: another's cannot even be chosen.
        position, unit = self.fields["position"], self.fields["unit"]
        assert isinstance(position, forms.ModelChoiceField)
        assert isinstance(unit, forms.ModelChoiceField)
        position.queryset = Position.objects.filter(organization=organization).order_by("position", "code")
        unit.queryset = OrgUnit.objects.filter(organization=organization).order_by("position", "code")
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(
                _("Nessun utente con il nome utente «%(name)s».") % {"name": username}
            )
        return user


def _page(request: OrgRequest, form: GrantForm, *, status: int = 200) -> HttpResponse:
    rows = [
        (membership, membership_words(membership), membership.user_id != request.access.user_id)
        for membership in memberships_of(request.organization)
    ]
    context = page_context(request, crumbs=[(_("Ruoli"), request.path)])
    context |= {"rows": rows, "form": form, "changes": role_changes(request.organization)}
    return render(request, "web/accounts/roles.html", context, status=status)


@org_view(Access.can_manage_users)
@require_http_methods(["GET", "POST"])
def roles_page(request: OrgRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, GrantForm(organization=request.organization))
    form = GrantForm(request.POST, organization=request.organization)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        membership = membership_grant(
            access=request.access,
            actor=request.user,
            user=data["username"],
            role=data["role"],
            position=data["position"],
            unit=data["unit"],
        )
    except RoleChangeRefused as error:
        form.add_error(None, str(error))
        return _page(request, form, status=400)
    messages.success(request, _("Ruolo assegnato: %(what)s.") % {"what": membership_words(membership)})
    return redirect("web:roles", org=request.organization.code)


@org_view(Access.can_manage_users)
@require_POST
def role_revoke(request: OrgRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("user", "position", "unit"),
        pk=pk,
        organization=request.organization,
    )
    words = membership_words(membership)
    try:
        membership_revoke(access=request.access, actor=request.user, membership=membership)
    except RoleChangeRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Ruolo revocato: %(what)s.") % {"what": words})
    return redirect("web:roles", org=request.organization.code)
