from django.contrib import admin

from cannocchiale.core.read_only_admin import ReadOnlyAdmin, ReadOnlyTabularInline
from cannocchiale.territory.models import ContextSeries, ContextValue


class ContextValueInline(ReadOnlyTabularInline[ContextValue, ContextSeries]):
    model = ContextValue
    extra = 0


@admin.register(ContextSeries)
class ContextSeriesAdmin(ReadOnlyAdmin[ContextSeries]):
    list_display = ["code", "name", "unit", "source", "plan"]
    list_filter = ["plan"]
    search_fields = ["code", "name", "source"]
    inlines = [ContextValueInline]
