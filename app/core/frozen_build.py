"""Making the frozen records a reader builds by the thousand (a person, a case, a case record)
without their dataclass ``__init__``.

A frozen dataclass's generated ``__init__`` sets each field with ``object.__setattr__(self,
"name", value)``, a generic attribute lookup per field: for a :class:`~app.core.model.Person`
(22 fields) that was a third of reading one person, and the national server reads two for every
pushed case (issue 14). :func:`positional` gives a function that takes every field in field order
and sets each straight through its slot, with the same result as calling the class: the same
type, the same values, equal and hashing alike. Only for slotted frozen dataclasses without
``__post_init__``, checked when the function is made.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def positional(cls: type[T]) -> Callable[..., T]:
    """``make(*values)`` equal to ``cls(*values)`` for *cls*'s fields all given, in field order."""
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a slotted dataclass")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__ the fast path would skip")
    fields = [f for f in dataclasses.fields(cls) if f.init]
    if len(fields) != len(dataclasses.fields(cls)):
        raise TypeError(f"{cls.__name__} has fields outside __init__")
    names = [f.name for f in fields]
    clashes = [n for n in names if n in ("made", "_new", "_cls") or n.startswith("_set_")]
    if clashes:  # the generated function's own names: such a field would be set wrongly
        raise TypeError(f"{cls.__name__} has a field named as the builder's own: {clashes}")
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    scope.update({f"_set_{n}": getattr(cls, n).__set__ for n in names})  # each slot's own setter
    lines = [f"    _set_{n}(made, {n})" for n in names]
    source = (
        f"def make({', '.join(names)}):\n    made = _new(_cls)\n" + "\n".join(lines) + "\n    return made\n"
    )
    exec(compile(source, f"<positional {cls.__name__}>", "exec"), scope)  # the names: the class's own fields
    make: Callable[..., T] = scope["make"]
    return make
