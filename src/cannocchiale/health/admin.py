from django.contrib import admin

from cannocchiale.health.models import (
    FinancialItem,
    FinancialValue,
    HealthIndicator,
    HealthTarget,
    PublishedHealthValue,
)


class FinancialValueInline(admin.TabularInline[FinancialValue, FinancialItem]):
    model = FinancialValue
    extra = 0


@admin.register(FinancialItem)
class FinancialItemAdmin(admin.ModelAdmin[FinancialItem]):
    list_display = ["code", "name", "unit", "plan"]
    list_filter = ["plan"]
    inlines = [FinancialValueInline]


class HealthTargetInline(admin.TabularInline[HealthTarget, HealthIndicator]):
    model = HealthTarget
    readonly_fields = ["kind", "structured"]
    extra = 0


class PublishedInline(admin.TabularInline[PublishedHealthValue, HealthIndicator]):
    model = PublishedHealthValue
    extra = 0


@admin.register(HealthIndicator)
class HealthIndicatorAdmin(admin.ModelAdmin[HealthIndicator]):
    list_display = ["code", "name", "dimension", "formula", "unit"]
    list_filter = ["plan"]
    inlines = [HealthTargetInline, PublishedInline]
