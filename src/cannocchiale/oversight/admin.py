from django.contrib import admin

from cannocchiale.core.read_only_admin import ReadOnlyAdmin
from cannocchiale.oversight.models import Comment, Validation


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin[Comment]):
    list_display = ("organization", "subject_type", "subject_code", "author", "created_at", "resolved")
    list_filter = ("organization", "subject_type", "resolved")


@admin.register(Validation)
class ValidationAdmin(ReadOnlyAdmin[Validation]):
    list_display = ("organization", "year", "kind", "outcome", "act_reference", "act_date")
    list_filter = ("organization", "kind", "outcome")
