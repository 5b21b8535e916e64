"""Forwarded: a part's attribute read (and, when allowed, set) under another object's name for it."""

from __future__ import annotations


class Forwarded:
    """A part's attribute, under the name callers used on the whole before it was cut into parts.

    ``Forwarded("endpoints")`` on a class reads ``obj.endpoints.<the name it is given>``; ``name``
    reads another one. Setting one is an error unless ``writable``: a caller that sets it there
    would otherwise hold a copy the part never sees.
    """

    def __init__(self, part: str, name: str = "", writable: bool = False):
        self.part, self.name, self.writable = part, name, writable
        self.alias = name

    def __set_name__(self, owner: type, alias: str) -> None:
        self.alias, self.name = alias, self.name or alias

    def __get__(self, obj: object, owner: type | None = None):
        return self if obj is None else getattr(getattr(obj, self.part), self.name)

    def __set__(self, obj: object, value) -> None:
        if not self.writable:
            raise AttributeError(f"{self.alias} is {self.part}.{self.name}: set it there")
        setattr(getattr(obj, self.part), self.name, value)
