"""Validation of a plan file: the schema first, then the engine's checks, every finding with its line."""

from __future__ import annotations

import re
from dataclasses import replace

from cannocchiale.engine.validation import Finding, validate_plan
from cannocchiale.interchange.schema import schema_errors
from cannocchiale.interchange.yaml_io import JsonPath, LoadedDocument

_PATH_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def parse_path(text: str) -> JsonPath:
    """`plan.areas[0].code` → ("plan", "areas", 0, "code"); a locator that is not a path gives ()."""
    parts: list[str | int] = []
    position = 0
    while position < len(text):
        match = _PATH_PART.match(text, position)
        if match is None:
            return ()
        index, name = match.groups()
        parts.append(int(index) if index is not None else name)
        position = match.end()
    return tuple(parts)


def file_findings(document: LoadedDocument) -> list[Finding]:
    errors = schema_errors(document)
    if errors:
        # The engine's checks assume a well-formed document: report the schema's verdict alone.
        return [Finding("error", "schema", document.where(path), message) for path, message in errors]
    findings = validate_plan(document.data)
    located = []
    for finding in findings:
        path = parse_path(finding.location)
        located.append(replace(finding, location=document.where(path)) if path else finding)
    return located
