"""YAML text -> plain data with a source map: the part of reading a plan that needs PyYAML.

Only safe YAML is accepted: plain mappings, sequences and scalars. Tags such as ``!!python/...``
are rejected without being constructed, aliases are expanded under a node and character budget
(so an alias bomb is an error, not an out-of-memory), and every key path is mapped to its line and
column. Nodes are composed from parser events without recursion, stopping at the first node past
the depth or size limit, so deep nesting is an error, not a crash of the C parser.
The YAML 1.1 surprises are switched off: ``no``/``yes``/``on``/``off`` stay strings (``locale: no``
is Norwegian, not ``false``) and ``1:30`` is not sexagesimal.

`frontmatter` imports this module only when a file has front matter to load, so a command whose
files all come from the parse cache never pays for importing PyYAML.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from planpub.composer import Composer, TooLarge, is_alias
from planpub.diagnostics import Finding
from planpub.frontmatter import (
    CLEAR_ERRORS_BYTES,
    MAX_CHARS,
    MAX_DEPTH,
    MAX_INT,
    MAX_NODES,
    LoadError,
    Position,
    SourceMap,
    child_path,
)

_TAG = "tag:yaml.org,2002:"
_STR = f"{_TAG}str"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# libyaml composes ~10x faster; nodes, marks and errors are the same kind either way
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, source_map: SourceMap, *, line_offset: int = 0) -> Any:
    quick = quickly_composed(text)
    if quick is not None:
        try:
            return _Builder(source_map, line_offset).build(quick, "", 0)
        except LoadError as error:
            if error.finding.code != "PP005":
                raise
            source_map.keys.clear()  # too large: `Composer` reads it again, as its limits may
            source_map.values.clear()  # stop it sooner, with other words
    try:
        node = _compose(_LOADER(text), line_offset)  # builds nodes, never objects
    except yaml.YAMLError as error:
        if len(text) > CLEAR_ERRORS_BYTES:
            raise _yaml_error(error, text, line_offset) from error
        node = _compose_for_error(text, line_offset)
    if node is None:
        return None
    return _Builder(source_map, line_offset).build(node, "", 0)


# An anchor (&a), alias (*a) or tag (!t) where a node may start: a space, a flow or block
# indicator or the start of a line before it, and a name after it.
_MAY_NAME_A_NODE = re.compile(r"(?:^|[\s\[\]{},:?-])[&*!]\S", re.MULTILINE)
QUICK_NESTING = 2_000  # libyaml's composer recurses; it runs out of C stack near 40,000 levels


def quickly_composed(text: str) -> yaml.Node | None:
    """The nodes of `text` as libyaml composes them itself, about twice as fast as `Composer`,
    when they are sure to be the nodes `Composer` makes: no anchor, alias or tag (`Composer`
    marks aliases and rejects repeated anchors), fewer characters than values allowed, and so
    few nesting indicators ([ { - : ?, one or more per level) that libyaml's recursion cannot
    run deep. None otherwise, or when libyaml finds an error: `Composer` then reads the text
    again, and words the error."""
    if _LOADER is yaml.SafeLoader or len(text) > MAX_NODES:
        return None
    if ("&" in text or "*" in text or "!" in text) and _MAY_NAME_A_NODE.search(text):
        return None
    if sum(text.count(indicator) for indicator in "[{-:?") > QUICK_NESTING:
        return None
    loader = _LOADER(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _compose(loader: Any, line_offset: int) -> yaml.Node | None:
    try:
        return Composer(loader, MAX_DEPTH, MAX_NODES).compose()
    except TooLarge as error:
        position = Position(error.mark.line + 1 + line_offset, error.mark.column + 1)
        raise LoadError(Finding("PP005", error.top, error.message, error.hint), position) from error


def _compose_for_error(text: str, line_offset: int) -> yaml.Node | None:
    """Compose again with the pure-Python parser, whose error messages and marks are clearer."""
    try:
        return _compose(yaml.SafeLoader(text), line_offset)
    except yaml.YAMLError as error:
        raise _yaml_error(error, text, line_offset) from error


def _yaml_error(error: yaml.YAMLError, text: str, line_offset: int) -> LoadError:
    if isinstance(error, yaml.MarkedYAMLError):
        opened = _opening_mark(error)
        if opened is not None:
            return _unclosed(error, opened, line_offset)
        mark = error.problem_mark or error.context_mark
        directive = _directive(error, text, line_offset)
        if directive is not None:
            return directive
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        col = (mark.column + 1) if mark else 1
        message = str(error.problem or error.context or "invalid YAML")
        finding = Finding("PP001", "", f"invalid YAML: {message}", _yaml_hint(message))
        return LoadError(finding, Position(line, col))
    if isinstance(error, yaml.reader.ReaderError):  # a control character: it has a position
        before = text[: error.position]
        line = before.count("\n") + 1 + line_offset
        col = len(before) - before.rfind("\n")
        char = error.character if isinstance(error.character, int) else 0
        message = f"invalid YAML: the character U+{char:04X} is not allowed"
        hint = "remove it: YAML holds printable text only"
        return LoadError(Finding("PP001", "", message, hint), Position(line, col))
    return LoadError(
        Finding("PP001", "", f"invalid YAML: {error}", ""), Position(1 + line_offset, 1)
    )


_OPENERS = ("while parsing a flow ", "while scanning a quoted scalar")
_OPENED = {"flow mapping": "{...} mapping", "flow sequence": "[...] list", "quoted": "quoted text"}


def _opening_mark(error: yaml.MarkedYAMLError) -> Any:
    """Where a bracket or quote left open starts: that line says more than where YAML gave up."""
    if error.context and error.context.startswith(_OPENERS):
        return error.context_mark
    return None


def _unclosed(error: yaml.MarkedYAMLError, opened: Any, line_offset: int) -> LoadError:
    problem = error.problem_mark
    context = str(error.context)
    what = next((name for key, name in _OPENED.items() if key in context), "value")
    message = f"invalid YAML in the {what} that starts here: {error.problem}"
    if problem is not None and problem.line != opened.line:
        message += f" (line {problem.line + 1 + line_offset})"
    hint = (
        "close the quote; inside the text write \\\" between double quotes, '' between single"
        if what == "quoted text"
        else "close every { and [ that this line opens, and quote text containing ': ' or ', '"
    )
    position = Position(opened.line + 1 + line_offset, opened.column + 1)
    return LoadError(Finding("PP001", "", message, hint), position)


def _directive(error: yaml.MarkedYAMLError, text: str, line_offset: int) -> LoadError | None:
    """A `%` line inside the front matter: YAML takes it for a directive and fails a line later."""
    mark = error.problem_mark
    if mark is None or "document start" not in str(error.problem):
        return None
    lines = text.split("\n")[: mark.line + 1]
    found = next((i for i in reversed(range(len(lines))) if lines[i].startswith("%")), None)
    if found is None:
        return None
    message = "invalid YAML: a line starting with % is a YAML directive"
    position = Position(found + 1 + line_offset, 1)
    return LoadError(Finding("PP001", "", message, "quote the text, or remove the line"), position)


def _yaml_hint(message: str) -> str:
    if "\\t" in message or "tab" in message:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in message:
        return "quote values that contain ': ' (for example a statement with a colon)"
    if "found undefined alias" in message:
        return "define the anchor (&name) before using *name"
    return "check indentation and quoting on this line"


class _Builder:
    """Turns composed YAML nodes into plain data while filling the source map."""

    def __init__(self, source_map: SourceMap, line_offset: int) -> None:
        self.source_map = source_map
        self.line_offset = line_offset
        self.nodes = 0
        self.chars = 0
        self.alias_at: Position | None = None

    def position(self, node: yaml.Node) -> Position:
        if self.alias_at is not None:  # everything an alias expands to is reported at the alias
            return self.alias_at
        mark = node.start_mark
        return Position(mark.line + 1 + self.line_offset, mark.column + 1)

    def fail(self, code: str, path: str, message: str, hint: str, node: yaml.Node) -> LoadError:
        return LoadError(Finding(code, path, message, hint), self.position(node))

    def build(self, node: yaml.Node, path: str, depth: int) -> Any:
        if self.alias_at is not None or not is_alias(node):
            return self.build_node(node, path, depth)
        self.alias_at = self.position(node)
        try:
            return self.build_node(node, path, depth)
        finally:
            self.alias_at = None

    def build_node(self, node: yaml.Node, path: str, depth: int) -> Any:
        self.nodes += 1
        self.chars += len(path)
        if self.nodes > MAX_NODES or self.chars > MAX_CHARS or depth > MAX_DEPTH:
            raise self.too_large(node, path, depth)
        self.source_map.values.setdefault(path, self.position(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_TAG}seq":
                raise self.unsafe_tag(node, path)
            return [
                self.build(item, child_path(path, i), depth + 1)
                for i, item in enumerate(node.value)
            ]
        return self.scalar(node, path)

    def too_large(self, node: yaml.Node, path: str, depth: int) -> LoadError:
        top = path.split(".")[0].split("[")[0]
        if self.nodes > MAX_NODES:
            return self.fail(
                "PP005",
                top,
                f"YAML expands to more than {MAX_NODES:,} values (aliases?)",
                "write the values out instead of repeating anchors",
                node,
            )
        if self.chars > MAX_CHARS:
            return self.fail(
                "PP005",
                top,
                f"YAML expands to more than {MAX_CHARS:,} characters (aliases or long keys?)",
                "write the values out instead of repeating anchors, and keep keys short",
                node,
            )
        return self.fail(
            "PP005", top, f"YAML is nested deeper than {MAX_DEPTH} levels", "flatten it", node
        )

    def unsafe_tag(self, node: yaml.Node, path: str) -> LoadError:
        return self.fail(
            "PP006",
            path,
            f"YAML tag {node.tag.replace(_TAG, '!!')!r} is not allowed in plans",
            "plans hold plain values only: remove the tag",
            node,
        )

    def mapping(self, node: yaml.MappingNode, path: str, depth: int) -> dict[str, Any]:
        if node.tag != f"{_TAG}map":
            raise self.unsafe_tag(node, path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            sub = child_path(path, key)
            if key in result:
                first = self.source_map.keys[sub]
                raise self.fail(
                    "PP007",
                    sub,
                    f"duplicate key {key!r} (first at line {first.line})",
                    "keep one of them; YAML would silently use the last",
                    key_node,
                )
            self.source_map.keys[sub] = self.position(key_node)
            result[key] = self.build(value_node, sub, depth + 1)
        return result

    def key(self, node: yaml.Node, path: str) -> str:
        if node.tag == f"{_TAG}merge":
            raise self.fail(
                "PP008", path, "merge keys (<<) are not supported", "write the keys out", node
            )
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _SCALAR_TAGS:
            raise self.fail(
                "PP008", path, "keys must be plain text", "write the key as a plain word", node
            )
        value = self.scalar(node, path)
        if not isinstance(value, str):
            raise self.fail(
                "PP008",
                path,
                f"key {node.value!r} is not text",
                f'quote it ("{node.value}") if you mean it as a name',
                node,
            )
        return value

    def scalar(self, node: yaml.Node, path: str) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.unsafe_tag(node, path)
        text = str(node.value)
        self.chars += len(text)
        if node.tag == _STR:  # most values: what the constructor would return, without it
            return text
        if node.tag == f"{_TAG}bool" and text.lower() not in ("true", "false"):
            return text
        if node.tag == f"{_TAG}int" and ":" in text:
            return text
        try:
            value = _CONSTRUCTOR.construct_object(node)
        except (ValueError, OverflowError) as error:
            raise self.not_a_value(node, path, text, error) from error
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            raise self.not_a_value(node, path, text, None)
        return value

    def not_a_value(
        self, node: yaml.Node, path: str, text: str, error: Exception | None
    ) -> LoadError:
        if node.tag == f"{_TAG}timestamp":
            return self.fail(
                "PP113",
                path,
                f"{text!r} is not a real date ({error})",
                "dates are YYYY-MM-DD with a real day of the month",
                node,
            )
        shown = text if len(text) <= 24 else f"{text[:20]}... ({len(text):,} characters)"
        return self.fail(
            "PP114",
            path,
            f"{shown} is implausibly large",
            "whole numbers in a plan have at most 30 digits",
            node,
        )
