from django.contrib import admin

from cannocchiale.core.read_only_admin import ReadOnlyAdmin
from cannocchiale.evaluation.models import ScoringPolicy


@admin.register(ScoringPolicy)
class ScoringPolicyAdmin(ReadOnlyAdmin[ScoringPolicy]):
    list_display = ["organization", "version", "valid_from_year"]
    list_filter = ["organization"]
