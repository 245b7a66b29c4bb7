"""Citations as real Markdown links, so they work in Voila, in JupyterLab and on GitHub alike.

Authors write ``[ref:ID]`` (an id from content/references.yml). This converter rewrites each key in the
notebooks' Markdown cells to a link to the page's Sources list, which ``widgets.layout.footer()`` draws
with ``<li id="ref-ID">``::

    [ref:dutton-painter-1993]  ->  [(Dutton & Painter 1993)](#ref-dutton-painter-1993)

It is idempotent: running it again changes nothing, except refreshing a link's label when the reference's
short label changed. Run it after adding citations::

    python -m widgets.citations              # convert every notebook in notebooks/
    python -m widgets.citations --check      # exit 1 naming each notebook that still has a raw key
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from widgets import course

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
RAW = re.compile(r"\[ref:([a-z0-9-]+)\]")
# Either form, for readers that need the ids (layout.cited_references, the course-text tests).
ANY = re.compile(r"(?:\[ref:|\[\((?:[^\]\\]|\\.)*\)\]\(#ref-)([a-z0-9-]+)(?:\]|\))")


def cited_ids(markdown: str) -> list[str]:
    """The reference ids a piece of Markdown cites, in either form, in order, each once."""
    return list(dict.fromkeys(ANY.findall(markdown)))


def as_keys(markdown: str) -> str:
    """The text with every citation written as its key, ``[ref:ID]`` (for checks that read course text)."""
    return ANY.sub(lambda m: f"[ref:{m.group(1)}]", markdown)


def _escape(label: str) -> str:
    return re.sub(r"([\\\[\]*_`<>])", r"\\\1", label)


def link(ref_id: str) -> str:
    """The Markdown link for one reference id; raises KeyError naming an unknown id."""
    refs = course.get().references
    if ref_id not in refs:
        raise KeyError(f"unknown reference id '{ref_id}' (add it to content/references.yml)")
    return f"[({_escape(refs[ref_id].label)})](#ref-{ref_id})"


def convert_text(markdown: str) -> str:
    """Every citation in ``markdown`` as a link with the reference's current label."""
    return ANY.sub(lambda m: link(m.group(1)), markdown)


def convert_notebook(path: Path) -> bool:
    """Rewrite the citations in one notebook's Markdown cells in place. True if the file changed.
    Only Markdown cell sources change; the file keeps nbformat's layout (indent 1, UTF-8)."""
    raw = path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    for number, cell in enumerate(nb["cells"], 1):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        try:
            new = convert_text(source)
        except KeyError as exc:
            raise KeyError(f"{path.name}, cell {number}: {exc.args[0]}") from None
        if new != source:
            cell["source"] = new.splitlines(keepends=True)
    out = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    if out == raw:
        return False
    path.write_text(out, encoding="utf-8")
    return True


def raw_keys(path: Path) -> list[str]:
    """Raw ``[ref:ID]`` keys left in a notebook's Markdown cells."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [m for c in cells if c["cell_type"] == "markdown" for m in RAW.findall("".join(c["source"]))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.citations", description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks (default: every one in notebooks/)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a raw key remains")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    if args.check:
        left = {p.name: raw_keys(p) for p in paths}
        left = {name: keys for name, keys in left.items() if keys}
        for name, keys in left.items():
            print(f"{name}: raw citation keys {', '.join(f'[ref:{k}]' for k in keys)}"
                  " (run: python -m widgets.citations)")
        return 1 if left else 0
    try:
        changed = [p.name for p in paths if convert_notebook(p)]
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 1
    print(f"citations linked in: {', '.join(changed)}" if changed else "citations: nothing to change")
    return 0


if __name__ == "__main__":
    sys.exit(main())
