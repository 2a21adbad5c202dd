"""Reading and writing plan files: YAML with exact decimals and a line number for every value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from cannocchiale.core.errors import CannocchialeError

JsonPath = tuple[str | int, ...]


class PlanFileError(CannocchialeError):
    """The file is not readable YAML; the message names the file and the line."""


class LoadedDocument:
    """A parsed plan file and, for each path into it, the line where it was written (1-based)."""

    def __init__(self, data: Any, lines: dict[JsonPath, int], source: str) -> None:
        self.data = data
        self.lines = lines
        self.source = source

    def line_of(self, path: JsonPath) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def where(self, path: JsonPath) -> str:
        line = self.line_of(path)
        location = f"{self.source}:{line}" if line is not None else self.source
        return f"{location}: {format_path(path)}" if path else location


def format_path(path: JsonPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# LibYAML's parser, where PyYAML was built with it, reads a plan ten times faster, with the same marks.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FLOAT_TAG = "tag:yaml.org,2002:float"
_INT_TAG = "tag:yaml.org,2002:int"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == _FLOAT_TAG:
        # Read the digits as written: a binary float would turn 0.1 into 0.1000000000000000055…
        try:
            return Decimal(node.value.replace("_", ""))
        except InvalidOperation:
            return loader.construct_yaml_float(node)
    if tag == _TIMESTAMP_TAG:
        value = loader.construct_yaml_timestamp(node)
        return value.isoformat() if isinstance(value, dt.date) else value
    if tag == _INT_TAG:
        return loader.construct_yaml_int(node)
    return loader.construct_object(node)


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: JsonPath, lines: dict[JsonPath, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if isinstance(key, dt.date):
                key = key.isoformat()
            if key in result:
                line = key_node.start_mark.line + 1
                where = format_path(path) or "primo livello del documento"
                raise PlanFileError(f"{loader.name}:{line}: chiave «{key}» ripetuta ({where})")
            child_path = (*path, key)
            lines[child_path] = key_node.start_mark.line + 1
            result[key] = _build(loader, value_node, child_path, lines)
            lines[child_path] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, index), lines) for index, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(loader, node)


def load_text(text: str, *, source: str = "<testo>") -> LoadedDocument:
    loader = _LOADER(text)
    loader.name = source
    try:
        node = loader.get_single_node()
        if node is None:
            raise PlanFileError(f"{source}: il file è vuoto")
        lines: dict[JsonPath, int] = {}
        data = _build(loader, node, (), lines)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        raise PlanFileError(f"{source}{line}: YAML non valido: {error.problem}") from error
    except yaml.YAMLError as error:
        raise PlanFileError(f"{source}: YAML non valido: {error}") from error
    finally:
        loader.dispose()
    return LoadedDocument(data, lines, source)


def load_file(path: str | Path) -> LoadedDocument:
    file_path = Path(path)
    try:
        text = file_path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise PlanFileError(f"{file_path}: file non trovato") from error
    except UnicodeDecodeError as error:
        raise PlanFileError(f"{file_path}: il file non è in UTF-8 (byte {error.start})") from error
    return load_text(text, source=str(file_path))


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    tag = _FLOAT_TAG if "." in text else _INT_TAG
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


def dump_text(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
