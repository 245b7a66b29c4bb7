"""The course content for kernels: a plain, read-only snapshot, loaded without pydantic or PyYAML.

``widgets.content`` is the validator: it reads the YAML in ``content/``, checks it against the schema and
cross-checks every id. ``python -m widgets.content check`` (run by ``make serve``, ``make test`` and
``make check``, so before any visitor arrives) also writes a JSON snapshot of what it validated, with a hash
of the content files and of the validator itself. Every visitor's kernel then loads that snapshot here: the
same data, attribute for attribute (derived values such as ``Reference.label`` included), for a fraction of
the import cost, so each kernel starts faster and uses less memory.

``get()`` validates through ``widgets.content`` instead, explicitly and never silently, whenever the snapshot
is missing or does not match the content files (for example in JupyterLab after someone edited a content
file and has not run ``make check`` since): the kernel then pays for pydantic and PyYAML but never shows
unchecked or out-of-date content. Nothing here writes the snapshot during a visit.

Widgets call ``course.get()`` and import the schema types only for type checking.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for annotations and mypy only: kernels never import the validator
    from widgets.content import Content

_HERE = Path(__file__).resolve().parent
_CHECKOUT_CONTENT = _HERE.parent / "content"
CONTENT_DIR = _CHECKOUT_CONTENT if _CHECKOUT_CONTENT.is_dir() else _HERE / "course_content"
# The validator's own code is part of the hash: a schema change (a new field with a default, a new derived
# value) makes an old snapshot stale even when no content file changed.
_VALIDATOR_FILES = ("content.py", "model.py", "course.py")
SNAPSHOT_NAME = ".snapshot.json"
_TYPE = "__type__"


def content_dir() -> Path:
    """The content folder: COURSE_CONTENT_DIR if set, else the checkout's content/ (as widgets.content)."""
    return Path(os.environ.get("COURSE_CONTENT_DIR", CONTENT_DIR))


def snapshot_path(directory: Path | None = None) -> Path:
    """Where the snapshot of ``directory`` lives: COURSE_SNAPSHOT if set, else ``<content>/.snapshot.json``
    (gitignored)."""
    return Path(os.environ.get("COURSE_SNAPSHOT") or (directory or content_dir()) / SNAPSHOT_NAME)


def content_hash(directory: Path | None = None) -> str:
    """SHA-256 over every content file (path and bytes) and the validator's source files."""
    root = directory or content_dir()
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.yml")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _VALIDATOR_FILES:
        h.update(name.encode() + b"\0" + (_HERE / name).read_bytes() + b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------- writing (at check time)


def _derived(obj: Any) -> dict[str, Any]:
    """Public properties the schema classes define (e.g. Reference.label), evaluated now."""
    out: dict[str, Any] = {}
    for cls in type(obj).__mro__:
        if cls.__module__ != type(obj).__module__:
            continue
        for name, attr in vars(cls).items():
            if isinstance(attr, property) and not name.startswith("_") and name not in out:
                out[name] = getattr(obj, name)
    return out


def plain(obj: Any) -> Any:
    """A validated object as JSON data: schema objects and the Content dataclass become tagged dicts."""
    if hasattr(type(obj), "model_fields"):  # a pydantic schema object (duck-typed: no pydantic import here)
        data = {name: getattr(obj, name) for name in type(obj).model_fields}
        data.update(_derived(obj))
        return {_TYPE: type(obj).__name__, **{k: plain(v) for k, v in data.items()}}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {_TYPE: type(obj).__name__, **{f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}}
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, tuple):
        return {_TYPE: "tuple", "items": [plain(v) for v in obj]}
    if isinstance(obj, list):
        return [plain(v) for v in obj]
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, datetime.date):  # e.g. when a crisis line was checked
        return {_TYPE: "date", "iso": obj.isoformat()}
    raise TypeError(f"cannot snapshot a {type(obj).__name__}: {obj!r}")


def write_snapshot(validated: Content, directory: Path | None = None) -> Path:
    """Write the snapshot of content that ``widgets.content.load`` has just validated from ``directory``."""
    root = directory or content_dir()
    path = snapshot_path(root)
    data = {"hash": content_hash(root), "content": plain(validated)}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)  # atomic: a kernel starting now reads the old file or the new one, never half of one
    return path


# --------------------------------------------------------------------------- reading (in every kernel)


class Record:
    """A read-only object with attribute access, standing in for one schema object (a Module, a Quiz...)."""

    __slots__ = ("_data", "_type")

    def __init__(self, type_name: str, data: dict[str, Any]):
        object.__setattr__(self, "_type", type_name)
        object.__setattr__(self, "_data", data)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(f"{self._type} has no attribute '{name}'") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"course content is read-only ({self._type}.{name})")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return (self._type, self._data) == (other._type, other._data)
        if hasattr(type(other), "model_fields"):  # the validated schema object it stands for: same data?
            return bool(_unrecord(self) == plain(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._type, json.dumps(_unrecord(self._data), sort_keys=True)))

    def __repr__(self) -> str:
        ident = self._data.get("id")
        return f"<{self._type} {ident}>" if ident else f"<{self._type}>"


class Lookups:
    """What both forms of the course offer beyond their fields: the validated ``widgets.content.Content``
    and this snapshot's ``_Content`` (one copy, so they cannot drift apart)."""

    __slots__ = ()
    info: Any
    resources: Any

    @property
    def modules(self) -> dict[str, Any]:
        return {m.id: m for m in self.info.modules}

    @property
    def objectives(self) -> dict[str, Any]:
        return {o.id: o for m in self.info.modules for o in m.objectives}

    def module_of_notebook(self, notebook: str) -> Any:
        return next((m for m in self.info.modules if m.notebook == notebook), None)

    def region(self, region_id: str | None = None) -> Any:
        return choose_region(self, region_id)


class _Content(Lookups, Record):
    """The whole course, as ``widgets.content.Content``: the same fields, properties and methods."""

    __slots__ = ()


def choose_region(c: Any, region_id: str | None = None) -> Any:
    """The region asked for, else the server's COURSE_REGION, else the course's default_region (for both the
    validated ``widgets.content.Content`` and this snapshot's ``_Content``)."""
    by_id = {r.id: r for r in c.resources.regions}
    for wanted in (region_id, os.environ.get("COURSE_REGION"), c.info.default_region):
        if wanted and wanted.strip().lower() in by_id:
            return by_id[wanted.strip().lower()]
    return c.resources.regions[0]


def _record(data: Any) -> Any:
    if isinstance(data, dict):
        values = {k: _record(v) for k, v in data.items() if k != _TYPE}
        if _TYPE not in data:
            return values
        if data[_TYPE] == "tuple":
            return tuple(_record(v) for v in data["items"])
        if data[_TYPE] == "date":
            return datetime.date.fromisoformat(data["iso"])
        return (_Content if data[_TYPE] == "Content" else Record)(data[_TYPE], values)
    if isinstance(data, list):
        return [_record(v) for v in data]
    return data


def _unrecord(data: Any) -> Any:
    if isinstance(data, datetime.date):
        return plain(data)
    if isinstance(data, tuple):
        return {_TYPE: "tuple", "items": [_unrecord(v) for v in data]}
    if isinstance(data, Record):
        return {_TYPE: data._type, **_unrecord(data._data)}
    if isinstance(data, dict):
        return {k: _unrecord(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_unrecord(v) for v in data]
    return data


def load_snapshot(directory: Path | None = None) -> Content | None:
    """The snapshot of ``directory`` if it exists and matches the content files now; else None."""
    root = directory or content_dir()
    try:
        data = json.loads(snapshot_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("hash") != content_hash(root):
        return None
    return _record(data["content"])


_loaded: dict[str, Content] = {}


def get() -> Content:
    """The course content, loaded once per process: from the snapshot when it is present and current,
    otherwise validated now through ``widgets.content`` (which imports pydantic and PyYAML and raises
    ContentError naming every problem). Never unvalidated content."""
    root = content_dir()
    key = str(root)
    if key not in _loaded:
        snap = load_snapshot(root)
        if snap is None:
            from widgets import content as validator

            snap = validator.get()
        _loaded[key] = snap
    return _loaded[key]
