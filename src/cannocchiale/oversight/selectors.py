"""The OIV's reads: comments and validations of one organization's year, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from cannocchiale.organization.models import Organization
from cannocchiale.oversight.models import Comment, Validation

STATES = ("open", "resolved", "all")


def _comments(organization: Organization, year: int) -> QuerySet[Comment]:
    # Across the year's plan versions: a revision of the plan must not hide the OIV's remarks.
    return Comment.objects.filter(organization=organization, plan__year=year).select_related(
        "author", "resolved_by", "plan"
    )


def comments_for_subject(
    *, organization: Organization, year: int, subject_type: str, subject_code: str = ""
) -> list[Comment]:
    return list(
        _comments(organization, year)
        .filter(subject_type=subject_type, subject_code=subject_code)
        .order_by("created_at", "pk")
    )


def comments_for_year(
    *, organization: Organization, year: int, state: str = "all", subject_type: str = ""
) -> list[Comment]:
    comments = _comments(organization, year)
    if state == "open":
        comments = comments.filter(resolved=False)
    elif state == "resolved":
        comments = comments.filter(resolved=True)
    if subject_type:
        comments = comments.filter(subject_type=subject_type)
    return list(comments.order_by("resolved", "-created_at", "-pk"))


def comment_get(*, organization: Organization, pk: int) -> Comment | None:
    return Comment.objects.filter(organization=organization, pk=pk).select_related("plan").first()


def validation_latest(*, organization: Organization, year: int, kind: str) -> Validation | None:
    """The act in force: the most recent one."""
    return (
        Validation.objects.filter(organization=organization, year=year, kind=kind)
        .select_related("validated_by", "document", "plan")
        .order_by("-created_at", "-pk")
        .first()
    )


def validations_for_year(*, organization: Organization, year: int) -> list[Validation]:
    return list(
        Validation.objects.filter(organization=organization, year=year)
        .select_related("validated_by", "document", "plan")
        .order_by("-created_at", "-pk")
    )
