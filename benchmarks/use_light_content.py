"""Point the widgets at the light content module (widgets.course) instead of the validator (widgets.content).

One-off, idempotent call-site rewrite (issue 17, cheap kernels), kept so it can be re-applied after other
widget changes are merged:

    python benchmarks/use_light_content.py     # rewrites widgets/*.py (and stubs in tests/) in place

In each widget module:
  * ``from widgets import content``                   -> ``from widgets import course`` (+ content for types only)
  * ``from widgets import content as course_content`` -> ``from widgets import course`` (+ the alias for types)
  * ``content.get()`` / ``course_content.get()``      -> ``course.get()``
  * ``from widgets.content import A, B``              -> the same line under ``if TYPE_CHECKING:``
so annotations keep naming the schema classes while kernels never import pydantic or PyYAML. In tests/,
``monkeypatch.setattr(content, "get", ...)`` becomes ``monkeypatch.setattr(course, "get", ...)``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

WIDGETS = Path(__file__).resolve().parent.parent / "widgets"
SKIP = {"content.py", "course.py", "__init__.py"}


def _still_used(line: str, src: str) -> str | None:
    """The import line, reduced to the names the rewritten module still uses (annotations), or None."""
    m = re.fullmatch(r"from widgets\.content import (.+)", line)
    if m:
        names = [n.strip() for n in m.group(1).split(",") if re.search(rf"\b{n.strip()}\b", src)]
        return f"from widgets.content import {', '.join(names)}" if names else None
    name = line.split()[-1]  # "content" or the alias
    return line if re.search(rf"\b{name}\.[A-Z]", src) else None


def rewrite(src: str) -> str:
    type_only: list[str] = []

    def take(m: re.Match) -> str:
        first = not type_only
        type_only.append(m.group(0).strip())
        return "from widgets import course\n" if first else ""  # the runtime import, where the old one was

    s = src
    for alias in ("course_content", "content"):
        s = re.sub(rf"\b{alias}\.get\(\)", "course.get()", s)
    s = re.sub(r"^(from widgets import content( as course_content)?|from widgets\.content import [^\n(]+)\n",
               take, s, flags=re.M)
    if not type_only:
        return src
    kept = [t for t in (_still_used(t, s) for t in type_only) if t]
    if not kept:
        return s
    block = ("\nif TYPE_CHECKING:  # schema types for annotations only: kernels load widgets.course\n"
             + "".join(f"    {t}\n" for t in kept))
    lines = s.splitlines(keepends=True)
    last_import = max(i for i, ln in enumerate(lines) if re.match(r"(from \S+ import|import )", ln))
    lines.insert(last_import + 1, block)
    s = "".join(lines)
    if re.search(r"^from typing import ", s, flags=re.M):
        if not re.search(r"^from typing import[^\n]*\bTYPE_CHECKING\b", s, flags=re.M):
            s = re.sub(r"^from typing import ", "from typing import TYPE_CHECKING, ", s, count=1, flags=re.M)
    else:
        s = s.replace("from __future__ import annotations\n",
                      "from __future__ import annotations\n\nfrom typing import TYPE_CHECKING\n", 1)
    return s


def rewrite_test(src: str) -> str:
    """A test that stubs the content for a widget stubs what the widget now calls: course.get."""
    if 'setattr(content, "get"' not in src:
        return src
    s = src.replace('setattr(content, "get"', 'setattr(course, "get"')
    if not re.search(r"^from widgets import [^\n]*\bcourse\b", s, flags=re.M):
        s = re.sub(r"^from widgets import ", "from widgets import course, ", s, count=1, flags=re.M)
    return s


def main() -> int:
    changed = []
    for path in sorted((WIDGETS.parent / "tests").glob("test_*.py")):
        src = path.read_text()
        new = rewrite_test(src)
        if new != src:
            path.write_text(new)
            changed.append(f"tests/{path.name}")
    for path in sorted(WIDGETS.glob("*.py")):
        if path.name in SKIP:
            continue
        src = path.read_text()
        new = rewrite(src)
        if new != src:
            path.write_text(new)
            changed.append(f"widgets/{path.name}")
    if changed:  # imports back in ruff's (isort) order
        subprocess.run([sys.executable, "-m", "ruff", "check", "--fix", "--select", "I", "-q",
                        *(str(WIDGETS.parent / n) for n in changed)], check=False)
    print("rewritten:", ", ".join(changed) or "nothing (already done)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
