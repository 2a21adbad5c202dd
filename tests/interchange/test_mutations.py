"""Every broken plan file is refused with a located error, never with a traceback, and `validate` agrees.

Each fixture (the test files and the shipped Lucca plan) is broken on purpose, one value at a time,
in the ways a careless writer or an attacker would: a missing required field, a null where a value is
needed, a number too large for its column, a string longer than its column, a NUL byte, an impossible
date, `.nan`, a wrong type, a repeated year. For every mutated file:

- reading, validating and importing (as a dry run, so that the write itself is exercised) raise
  nothing but the refusals a person reads (`PlanFileError`, `ImportFailed`);
- every refusal names the file and the line, then the field (`file:line: path: what is expected`);
- `validate` reports an error whenever `import` refuses, and nothing is saved.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cannocchiale.core.errors import ImportFailed
from cannocchiale.demo.loader import demo_document_text
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.validation import file_findings
from cannocchiale.interchange.yaml_io import JsonPath, LoadedDocument, PlanFileError, dump_text, load_text
from cannocchiale.planning.models import Plan

FIXTURES = Path(__file__).parents[1] / "fixtures"
SOURCE = "mutato.yaml"
LOCATED = re.compile(rf"^{re.escape(SOURCE)}:\d+: \S")
# A problem found in the document names the field after the line: `file:line: path: message`.
LOCATED_FIELD = re.compile(rf"^{re.escape(SOURCE)}:\d+: [A-Za-z_][\w.\[\]-]*: \S")


def _fixture_texts() -> dict[str, str]:
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.yaml"))}
    texts["lucca_2018.yaml"] = demo_document_text()
    return texts


TEXTS = _fixture_texts()


# --- where to break each file: the first value of each shape (paths with the indexes blanked) ----


def _shape(path: JsonPath) -> tuple[str, ...]:
    return tuple("*" if isinstance(part, int) else part for part in path)


def _sites(data: Any) -> list[tuple[JsonPath, Any]]:
    """The first occurrence of every shape of path in the document, mappings and values alike."""
    seen: set[tuple[str, ...]] = set()
    found: list[tuple[JsonPath, Any]] = []

    def walk(node: Any, path: JsonPath) -> None:
        shape = _shape(path)
        if shape not in seen:
            seen.add(shape)
            found.append((path, node))
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*path, index))

    walk(data, ())
    return found[1:]  # not the root itself


def _set(data: Any, path: JsonPath, value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _remove(data: Any, path: JsonPath) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


# --- the mutations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    name: str
    applies: Callable[[JsonPath, Any], bool]
    apply: Callable[[Any, JsonPath, Any], None]


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def _is_year_entry_list(path: JsonPath, value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "year" in v for v in value)


def _duplicate_first(data: Any, path: JsonPath, value: Any) -> None:
    _set(data, path, [*value, copy.deepcopy(value[0])])


MUTATIONS = (
    Mutation("null", lambda p, v: v is not None, lambda d, p, v: _set(d, p, None)),
    Mutation("missing", lambda p, v: isinstance(p[-1], str), lambda d, p, v: _remove(d, p)),
    Mutation("too_long", lambda p, v: _is_text(v), lambda d, p, v: _set(d, p, "x" * 4097)),
    Mutation("nul_byte", lambda p, v: _is_text(v), lambda d, p, v: _set(d, p, f"{v}\x00")),
    Mutation("empty_text", lambda p, v: _is_text(v), lambda d, p, v: _set(d, p, "")),
    Mutation("huge_number", lambda p, v: _is_number(v), lambda d, p, v: _set(d, p, 10**40)),
    Mutation("negative", lambda p, v: _is_number(v), lambda d, p, v: _set(d, p, -(10**12))),
    Mutation(
        "many_decimals",
        lambda p, v: _is_number(v),
        lambda d, p, v: _set(d, p, Decimal(v) + Decimal("0.0000001")),
    ),
    Mutation("text_for_number", lambda p, v: _is_number(v), lambda d, p, v: _set(d, p, "dodici")),
    Mutation(
        "bool_for_value", lambda p, v: _is_scalar(v) and v is not None, lambda d, p, v: _set(d, p, True)
    ),
    Mutation("list_for_scalar", lambda p, v: _is_scalar(v), lambda d, p, v: _set(d, p, [v])),
    Mutation("mapping_for_scalar", lambda p, v: _is_scalar(v), lambda d, p, v: _set(d, p, {"a": v})),
    Mutation("scalar_for_mapping", lambda p, v: isinstance(v, dict), lambda d, p, v: _set(d, p, "testo")),
    Mutation("scalar_for_list", lambda p, v: isinstance(v, list), lambda d, p, v: _set(d, p, "testo")),
    Mutation("impossible_date", lambda p, v: _is_date(v), lambda d, p, v: _set(d, p, "2017-02-31")),
    Mutation("duplicate_year", _is_year_entry_list, _duplicate_first),
)


# --- the verdicts -----------------------------------------------------------------------------------


def _verdict(text: str | LoadedDocument) -> list[str]:
    """What is wrong with the file, as import and validate report it; [] if both accept it.

    Raises AssertionError when the two disagree, when a refusal is not located, or when anything
    but a refusal escapes.
    """
    if isinstance(text, LoadedDocument):
        document = text
        errors = [f for f in file_findings(document) if f.severity == "error"]
    else:
        try:
            document = load_text(text, source=SOURCE)
        except PlanFileError as error:
            unreadable = str(error)
        else:
            unreadable = ""
        if unreadable:
            assert LOCATED.match(unreadable), f"unlocated read error: {unreadable}"
            return [unreadable]
        errors = [f for f in file_findings(load_text(text, source=SOURCE)) if f.severity == "error"]
    for finding in errors:
        assert LOCATED_FIELD.match(f"{finding.location}: {finding.message}"), f"unlocated: {finding}"
    plans = Plan.objects.count()
    problems: list[str] | None = None
    try:
        plan_import(document=document, dry_run=True)
    except ImportFailed as refusal:
        problems = refusal.problems
    if problems is not None:
        assert problems, "a refusal with no problem"
        for problem in problems:
            assert LOCATED_FIELD.match(problem), f"unlocated import problem: {problem}"
        assert errors, f"import refused what validate accepts: {problems}"
        assert Plan.objects.count() == plans
        return problems
    assert not errors, f"import accepted what validate rejects: {errors}"
    assert Plan.objects.count() == plans
    return []


# Every site of the minimal plan; an even sample of the sites of the larger files, so that the test
# stays minutes long. The Lucca plan has the fixtures' shapes at 30 times their size: its sample is
# checked on the parsed document with the original lines (writing 4,000 lines back costs seconds).
SAMPLED = {"full_features.yaml": 40, "lucca_2018.yaml": 3}
ON_THE_PARSED_DOCUMENT = {"lucca_2018.yaml"}


def _mutants(name: str, mutation: Mutation) -> Iterator[tuple[str, str | LoadedDocument]]:
    original = load_text(TEXTS[name], source=SOURCE)
    sites = [(path, value) for path, value in _sites(original.data) if mutation.applies(path, value)]
    limit = SAMPLED.get(name)
    if limit is not None:
        sites = sites[:: max(1, len(sites) // limit)][:limit]
    for path, value in sites:
        mutated = copy.deepcopy(original.data)
        mutation.apply(mutated, path, value)
        where = ".".join(str(p) for p in path)
        if name in ON_THE_PARSED_DOCUMENT:
            yield where, LoadedDocument(mutated, original.lines, SOURCE)
        else:
            yield where, dump_text(mutated)


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_mutated_file_is_refused_with_a_located_error_or_accepted_by_both(
    name: str, mutation: Mutation
) -> None:
    failures = []
    tried = 0
    for where, text in _mutants(name, mutation):
        tried += 1
        try:
            _verdict(text)
        except AssertionError as failure:
            failures.append(f"{where}: {failure}")
        except Exception as escaped:
            failures.append(f"{where}: {type(escaped).__name__} escaped: {escaped}"[:400])
    assert tried > 0 or mutation.name in {"impossible_date", "duplicate_year"}
    assert not failures, f"{len(failures)} of {tried} mutations:\n" + "\n".join(failures[:40])


# --- mutations of the text itself: what YAML can say that a mapping cannot ------------------------


def _first_line_with(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


def _replace_line(text: str, needle: str, new: str) -> str:
    lines = text.splitlines()
    index = _first_line_with(text, needle)
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    lines[index] = indent + new
    return "\n".join(lines) + "\n"


_DATE_LINE = re.compile(r"^(\s*(?:- )?(?:date|start|end|completed_on):) ['\"]?\d{4}-\d{2}-\d{2}['\"]?$", re.M)


def _without_approval(text: str) -> str:
    return re.sub(r"\n  approval:\n    act: .*\n    date: .*\n", "\n  approval: null\n", text)


TEXT_MUTATIONS: dict[str, Callable[[str], str]] = {
    "nul_byte_in_the_file": lambda t: t.replace("title:", "title: \x00", 1),
    "escaped_nul_in_a_string": lambda t: _replace_line(t, "  title:", 'title: "Piano\\0"'),
    "unquoted_impossible_date": lambda t: _DATE_LINE.sub(r"\1 2017-02-31", t, count=1),
    "unquoted_nan": lambda t: _replace_line(t, "weight:", "weight: .nan"),
    "unquoted_infinity": lambda t: _replace_line(t, "weight:", "weight: .inf"),
    "recursive_alias": lambda t: _replace_line(t, "  title:", "title: &a [*a]"),
    "alias_of_a_mapping": lambda t: t.replace("organization:", "organization: &org", 1) + "extra: *org\n",
    "status_null": lambda t: _replace_line(t, "  status:", "status: null"),
    "status_published_without_act": lambda t: _without_approval(
        _replace_line(t, "  status:", "status: published")
    ),
    "mapping_as_key": lambda t: _replace_line(t, "  title:", "? {a: 1}\n  : titolo"),
    "list_as_key": lambda t: _replace_line(t, "  title:", "? [a, b]\n  : titolo"),
    "integer_key": lambda t: _replace_line(t, "  title:", "12: titolo"),
    "deep_nesting": lambda t: _replace_line(t, "  title:", "title: " + "[" * 5000 + "]" * 5000),
    "binary_tag": lambda t: _replace_line(t, "  title:", "title: !!binary aGVsbG8="),
    "python_tag": lambda t: _replace_line(t, "  title:", "title: !!python/object:os.system [ls]"),
    "tab_indent": lambda t: t.replace("\n  title:", "\n\ttitle:", 1),
    "byte_order_mark": lambda t: "\ufeff" + t,
    "two_documents": lambda t: t + "---\nformat: cannocchiale/plan@1\n",
    "empty": lambda t: "",
    "only_a_comment": lambda t: "# niente\n",
    "a_list_at_the_top": lambda t: "- format: cannocchiale/plan@1\n",
}


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("mutation", sorted(TEXT_MUTATIONS))
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_mutated_text_is_refused_with_a_located_error_or_accepted_by_both(
    name: str, mutation: str
) -> None:
    text = TEXT_MUTATIONS[mutation](TEXTS[name])
    problems = _verdict(text)
    refused = {
        "nul_byte_in_the_file",
        "escaped_nul_in_a_string",
        "unquoted_impossible_date",
        "unquoted_nan",
        "unquoted_infinity",
        "recursive_alias",
        "alias_of_a_mapping",
        "status_published_without_act",
        "mapping_as_key",
        "list_as_key",
        "integer_key",
        "deep_nesting",
        "binary_tag",
        "python_tag",
        "tab_indent",
        "two_documents",
        "empty",
        "only_a_comment",
        "a_list_at_the_top",
    }
    if mutation in refused:
        assert problems, f"{mutation} was accepted"
