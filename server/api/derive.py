"""Pydantic models derived from the protocol's record definitions (plain dataclasses in
:mod:`app.sync.protocol`), so that the server's OpenAPI description and the station's readers
cannot drift apart: field names and types come from the dataclass, the wire names and which
fields a reader insists on are said once per record kind beside it (``record_schemas``), and
``tests/unit/test_record_schemas.py`` holds each model to its reader (fields, required-ness,
value sets).

Type hints map as follows: ``str``/``int``/``float``/``bool`` stay; a ``StrEnum`` stays (its
values become the schema's ``enum``); ``Mapping[str, Any]`` becomes a JSON object; ``tuple[X,
...]`` an array of X; a nested protocol dataclass a nested model derived the same way (its own
required set given in *nested*); ``X | None`` is nullable.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

_DERIVED: dict[type, type[BaseModel]] = {}


class WireModel(BaseModel):
    """A record payload as it travels: the reader ignores keys it does not know (a newer
    station's), so the model allows them."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


@dataclasses.dataclass(frozen=True)
class Kind:
    """How one protocol dataclass travels: *wire* renames fields (``from_party`` → ``from``),
    *required* names the wire keys its reader refuses to miss, *drop* fields that are not on the
    wire (the record id's parts), *add* wire keys that are no field (``v``), *types* overrides a
    field's type where the reader is narrower than the dataclass (a decision is never
    ``potential``), *nested* the required wire keys of each nested dataclass."""

    required: frozenset[str]
    wire: Mapping[str, str] = dataclasses.field(default_factory=dict)
    drop: frozenset[str] = frozenset()
    add: Mapping[str, tuple[Any, Any]] = dataclasses.field(default_factory=dict)
    types: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    nested: Mapping[type, frozenset[str]] = dataclasses.field(default_factory=dict)
    describe: Mapping[str, str] = dataclasses.field(default_factory=dict)


def derive(definition: type, name: str, kind: Kind, doc: str = "") -> type[BaseModel]:
    """A pydantic model of *definition*'s payload as the protocol writes and reads it."""
    hints = typing.get_type_hints(definition)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(definition):
        if f.name in kind.drop:
            continue
        key = kind.wire.get(f.name, f.name)
        annotation = kind.types.get(f.name) or _annotation(hints[f.name], kind, name)
        alias = key if key != f.name else None
        fields[f.name] = _field(annotation, key in kind.required, alias, kind.describe.get(key))
    for key, (annotation, default) in kind.add.items():
        fields[key] = (annotation, Field(default=default, description=kind.describe.get(key)))
    missing = kind.required - {kind.wire.get(k, k) for k in fields}
    if missing:
        raise TypeError(f"{name}: required keys that are no field: {sorted(missing)}")
    model = create_model(name, __base__=WireModel, __doc__=doc or definition.__doc__, **fields)
    _DERIVED[definition] = model
    return model


def _field(annotation: Any, required: bool, alias: str | None, description: str | None) -> tuple[Any, Any]:
    named: dict[str, Any] = {"alias": alias} if alias else {}
    if required:
        return annotation, Field(description=description, **named)
    return annotation | None, Field(default=None, description=description, **named)


def _annotation(hint: Any, kind: Kind, owner: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        inner = [_annotation(a, kind, owner) for a in args if a is not type(None)]
        joined: Any = inner[0]
        for extra in inner[1:]:
            joined = joined | extra
        return joined | None if type(None) in args else joined
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return list[_annotation(args[0], kind, owner)]  # type: ignore[misc]
    if origin is tuple and args and len(set(args)) == 1:  # a span such as (low, high)
        item = _annotation(args[0], kind, owner)
        return Annotated[list[item], Field(min_length=len(args), max_length=len(args))]  # type: ignore[valid-type]
    if origin in (Mapping, dict) or hint is Mapping:
        return dict[str, Any]
    if hint is Any:
        return Any
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if hint in _DERIVED:
            return _DERIVED[hint]
        required = kind.nested.get(hint)
        if required is None:
            raise TypeError(f"{owner}: say which keys of {hint.__name__} its reader requires")
        return derive(hint, f"{owner}{hint.__name__}", Kind(required=required))
    if hint in (str, int, float, bool):
        return hint
    raise TypeError(f"{owner}: no wire type for {hint!r}")
