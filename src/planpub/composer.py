"""YAML parser events -> YAML nodes, without recursion and within a depth and a size limit.

`yaml.compose` builds the same nodes, but recursively: with libyaml a file nested 50,000 levels
deep overflows the C stack (a segmentation fault, not an exception), and deep flow nesting makes
the scanner quadratic. Composing from events stops at the first node past a limit, so the parser
never reads further than that. An alias stands where it is written: the anchored node is shared,
not copied, and marked so that problems inside it are reported at the alias.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml


class TooLarge(Exception):
    """A node past the depth or size limit; `top` is the top-level key it lies under."""

    def __init__(self, message: str, hint: str, top: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.hint, self.top, self.mark = message, hint, top, mark


def alias_at(node: yaml.Node, event: Any) -> yaml.Node:
    """The anchored node placed where an alias (*name) stands; `is_alias` tells them apart."""
    placed = copy.copy(node)  # shares the anchored node's children: nothing is expanded here
    placed.start_mark, placed.end_mark = event.start_mark, event.end_mark
    placed.planpub_alias = True  # type: ignore[attr-defined]
    return placed


def is_alias(node: yaml.Node) -> bool:
    return bool(getattr(node, "planpub_alias", False))


def composer_error(problem: str, mark: Any) -> yaml.YAMLError:
    return yaml.composer.ComposerError(None, None, problem, mark)


_SEQUENCE = object()  # in `keys`, for a sequence: its items have no keys


class Composer:
    """Composes one document from `loader`'s events; TooLarge past `max_depth` or `max_nodes`.

    Depth and count are those of values, as in the plain data built from the nodes: keys are
    not counted. The loop is flat and tight: it runs once for every value of a 2 MiB file.
    """

    def __init__(self, loader: Any, max_depth: int, max_nodes: int) -> None:
        self.loader = loader
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.anchors: dict[str, yaml.Node] = {}
        self.open: list[yaml.Node] = []  # collections being composed, outermost first
        self.keys: list[Any] = []  # per open mapping, its key awaiting a value (None: no key yet)

    def compose(self) -> yaml.Node | None:
        try:
            self.loader.get_event()  # stream start
            if self.loader.check_event(yaml.StreamEndEvent):
                return None
            self.loader.get_event()  # document start
            root = self.document()
            self.loader.get_event()  # document end
            if not self.loader.check_event(yaml.StreamEndEvent):
                extra = self.loader.get_event().start_mark
                raise composer_error("found a second YAML document in the front matter", extra)
            return root
        finally:
            self.loader.dispose()

    def document(self) -> yaml.Node:
        get_event, opened, keys = self.loader.get_event, self.open, self.keys
        values = 0
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                node = opened.pop()
                node.end_mark = event.end_mark
                keys.pop()
                if not opened:
                    return node
                continue
            is_key = bool(keys) and keys[-1] is None
            if kind is yaml.AliasEvent:
                node = self.alias(event)
            else:
                values += not is_key
                if values > self.max_nodes or (len(opened) > self.max_depth and not is_key):
                    raise self.too_large(event, values)
                node = self.node(event, kind)
            if is_key:
                keys[-1] = node
            elif not opened:
                pass  # the root
            elif keys[-1] is _SEQUENCE:
                opened[-1].value.append(node)
            else:
                opened[-1].value.append((keys[-1], node))
                keys[-1] = None
            if kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                opened.append(node)
                keys.append(_SEQUENCE if kind is yaml.SequenceStartEvent else None)
            elif not opened:
                return node

    def alias(self, event: Any) -> yaml.Node:
        if event.anchor not in self.anchors:
            raise composer_error(f"found undefined alias {event.anchor!r}", event.start_mark)
        return alias_at(self.anchors[event.anchor], event)

    def node(self, event: Any, kind: type) -> yaml.Node:
        tag = event.tag
        node: yaml.Node
        if kind is yaml.ScalarEvent:
            if tag is None or tag == "!":
                tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(
                tag, event.value, event.start_mark, event.end_mark, style=event.style
            )
        else:
            collection = yaml.SequenceNode if kind is yaml.SequenceStartEvent else yaml.MappingNode
            if tag is None or tag == "!":
                tag = self.loader.resolve(collection, None, event.implicit)
            node = collection(tag, [], event.start_mark, None, flow_style=event.flow_style)
        if event.anchor is not None:
            if event.anchor in self.anchors:
                raise composer_error(f"found duplicate anchor {event.anchor!r}", event.start_mark)
            self.anchors[event.anchor] = node
        return node

    def too_large(self, event: Any, values: int) -> TooLarge:
        if values > self.max_nodes:
            message = f"the front matter holds more than {self.max_nodes:,} values"
            hint = "a plan this large is not supported: split it into more plans or pages"
        else:
            message, hint = f"YAML is nested deeper than {self.max_depth} levels", "flatten it"
        root = self.open[0] if self.open else None
        top = ""
        if isinstance(root, yaml.MappingNode):
            key = self.keys[0] or (root.value[-1][0] if root.value else None)
            top = str(key.value) if isinstance(key, yaml.ScalarNode) else ""
        return TooLarge(message, hint, top, event.start_mark)
