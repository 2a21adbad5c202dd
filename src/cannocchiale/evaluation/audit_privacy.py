"""Which recorded changes of an individual evaluation a person may read in detail.

An evaluation's audit events carry its ratings, comments, bonus and the reasons of a review:
personal data, for the same people who read the sheet (`Access.can_view_evaluation`). Anyone
else who reads the record of changes (the administrator in the Django admin) sees that the
sheet changed, when and by whom, and nothing of its content.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from cannocchiale.accounts.access import access_for
from cannocchiale.audit.models import AuditEvent
from cannocchiale.evaluation.models import IndividualEvaluation
from cannocchiale.organization.models import Organization

EVALUATION_OBJECT_TYPE = "evaluation.IndividualEvaluation"


def is_evaluation_event(event: AuditEvent) -> bool:
    # The action too: a row of another type named as an evaluation's would otherwise slip through.
    return event.object_type == EVALUATION_OBJECT_TYPE or event.action.startswith("evaluation.")


def evaluation_event_readable(user: AbstractBaseUser | AnonymousUser, event: AuditEvent) -> bool:
    """True for events that are not an evaluation's, and for an evaluation's to those who may read it."""
    if not is_evaluation_event(event):
        return True
    if event.object_type != EVALUATION_OBJECT_TYPE:
        return False  # an evaluation's action on another type: no sheet to check it against
    if not user.is_authenticated or event.organization_id is None or not event.object_id.isdigit():
        return False
    evaluation = IndividualEvaluation.objects.filter(
        organization_id=event.organization_id, pk=int(event.object_id)
    ).first()
    organization = Organization.objects.filter(pk=event.organization_id).first()
    if evaluation is None or organization is None:
        return False
    return access_for(user, organization).can_view_evaluation(evaluation)
