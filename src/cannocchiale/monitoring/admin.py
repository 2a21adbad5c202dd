from django.contrib import admin

from cannocchiale.monitoring.models import Measurement


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin[Measurement]):
    list_display = ["indicator", "date", "value", "done", "completed_on", "assessed", "entered_by_name"]
    list_filter = ["organization", "date"]
    search_fields = ["indicator__code", "note"]
