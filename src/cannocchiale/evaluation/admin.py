from django.contrib import admin

from cannocchiale.evaluation.models import ScoringPolicy


@admin.register(ScoringPolicy)
class ScoringPolicyAdmin(admin.ModelAdmin[ScoringPolicy]):
    list_display = ["organization", "version", "valid_from_year"]
    list_filter = ["organization"]
