"""`@record`: a frozen data class that is cheap to define, for the plan model and its results.

In Python 3.11, `@dataclass(frozen=True)` compiles six methods from generated source for each
class: about 1 ms a class. `planpub check` defines some forty of them whenever a plan has to be
read again: about 40 ms of a check that takes 0.2 s. `@record` makes the same class with one
compiled method, `__init__`; equality, hashing, repr, order and the read-only guard are functions
shared by all records, bound to each class's field names.

A record is a real dataclass (`dataclasses.fields`, `replace` and `asdict` work) and behaves as a
frozen one: equal when its class and compared fields are equal, hashed on the same fields, and
assigning to or deleting a field raises `dataclasses.FrozenInstanceError`. Type checkers see a
frozen dataclass (PEP 681). `__post_init__` may still set fields with `object.__setattr__`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field, fields
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, order: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, order: bool = False) -> Any:
    """The class as a frozen dataclass (see the module's docstring); `order=True` adds <, <=,
    > and >= comparing the compared fields in order, as `dataclass(order=True)` does."""
    if cls is None:
        return lambda later: _made(later, order)
    return _made(cls, order)


def _made(cls: type[T], order: bool) -> type[T]:
    own = set(cls.__dict__)
    made: Any = dataclass(cls, eq=False, repr=False)
    listed = fields(made)
    compared = _values([f.name for f in listed if f.compare])
    hashed = _values([f.name for f in listed if (f.compare if f.hash is None else f.hash)])
    shown = [f.name for f in listed if f.repr]
    methods = {
        "__eq__": _comparison(compared, operator.eq),
        "__hash__": lambda self: hash(hashed(self)),
        "__repr__": _representation(shown),
        "__setattr__": _guard(frozenset(f.name for f in listed)),
        "__delattr__": _no_delete,
    }
    if order:
        for name in ("lt", "le", "gt", "ge"):
            methods[f"__{name}__"] = _comparison(compared, getattr(operator, name))
    for name, method in methods.items():
        if name not in own:
            setattr(made, name, method)
    return made  # type: ignore[no-any-return]


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of the named fields as a tuple, as dataclass methods compare and hash them."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        only = operator.attrgetter(names[0])
        return lambda item: (only(item),)
    return lambda item: ()


def _comparison(
    values: Callable[[Any], tuple[Any, ...]], compare: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Any]:
    """==, <, ... as dataclass methods make them: on the compared fields, within one class."""

    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compare(values(self), values(other))
        return NotImplemented

    return method


def _representation(names: list[str]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _guard(names: frozenset[str]) -> Callable[[Any, str, Any], None]:
    """Lets `__init__` set each field once; every later assignment raises, as when frozen."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if name not in names or name in self.__dict__:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    return __setattr__


def _no_delete(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")
