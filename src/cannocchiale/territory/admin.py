from django.contrib import admin

from cannocchiale.territory.models import ContextSeries, ContextValue


class ContextValueInline(admin.TabularInline[ContextValue, ContextSeries]):
    model = ContextValue
    extra = 0


@admin.register(ContextSeries)
class ContextSeriesAdmin(admin.ModelAdmin[ContextSeries]):
    list_display = ["code", "name", "unit", "source", "plan"]
    list_filter = ["plan"]
    search_fields = ["code", "name", "source"]
    inlines = [ContextValueInline]
