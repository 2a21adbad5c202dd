from django.contrib import admin

from cannocchiale.core.read_only_admin import ReadOnlyAdmin
from cannocchiale.monitoring.models import Measurement


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin[Measurement]):
    list_display = ["indicator", "date", "value", "done", "completed_on", "assessed", "entered_by_name"]
    list_filter = ["organization", "date"]
    search_fields = ["indicator__code", "note"]
