from django.contrib import admin

from cannocchiale.core.read_only_admin import ReadOnlyAdmin, ReadOnlyTabularInline
from cannocchiale.health.models import (
    FinancialItem,
    FinancialValue,
    HealthIndicator,
    HealthTarget,
    PublishedHealthValue,
)


class FinancialValueInline(ReadOnlyTabularInline[FinancialValue, FinancialItem]):
    model = FinancialValue
    extra = 0


@admin.register(FinancialItem)
class FinancialItemAdmin(ReadOnlyAdmin[FinancialItem]):
    list_display = ["code", "name", "unit", "plan"]
    list_filter = ["plan"]
    inlines = [FinancialValueInline]


class HealthTargetInline(ReadOnlyTabularInline[HealthTarget, HealthIndicator]):
    model = HealthTarget
    readonly_fields = ["kind", "structured"]
    extra = 0


class PublishedInline(ReadOnlyTabularInline[PublishedHealthValue, HealthIndicator]):
    model = PublishedHealthValue
    extra = 0


@admin.register(HealthIndicator)
class HealthIndicatorAdmin(ReadOnlyAdmin[HealthIndicator]):
    list_display = ["code", "name", "dimension", "formula", "unit"]
    list_filter = ["plan"]
    inlines = [HealthTargetInline, PublishedInline]
