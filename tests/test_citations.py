"""Citations are ordinary Markdown links, so they work wherever the notebook is read (Voila, JupyterLab,
GitHub) with no page script: the author-year style of APA 7 (section 8.10, "(Dutton & Painter, 1993)")
with each citation linked to its entry in the page's Sources list (WCAG 2.2 SC 2.4.4, link purpose in
context: the link text names the source)."""

from __future__ import annotations

import json

import pytest
from conftest import NOTEBOOKS

from widgets import citations, content, layout

NOTEBOOK_NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_no_raw_citation_key_is_left_in_a_notebook(name):
    """A learner in JupyterLab would see '[ref:bouton-2004]'. Fix: python -m widgets.citations"""
    assert citations.raw_keys(NOTEBOOKS / name) == []


def test_the_check_command_names_the_notebook_with_a_raw_key(tmp_path, capsys):
    nb = json.loads((NOTEBOOKS / "01-what-it-is.ipynb").read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["A claim [ref:stark-2007]."]})
    path = tmp_path / "draft.ipynb"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert citations.main(["--check", str(path)]) == 1
    assert "draft.ipynb" in capsys.readouterr().out and "[ref:stark-2007]" in path.read_text()
    assert citations.main([str(path)]) == 0
    assert citations.main(["--check", str(path)]) == 0


@pytest.mark.parametrize("raw, linked", [
    ("Research [ref:dutton-painter-1993].", "Research [(Dutton & Painter 1993)](#ref-dutton-painter-1993)."),
    ("[ref:stark-2007] and [ref:bouton-2004]",
     "[(Stark 2007)](#ref-stark-2007) and [(Bouton 2004)](#ref-bouton-2004)"),
    ("No citation here [not a ref].", "No citation here [not a ref]."),
])
def test_a_key_becomes_a_link_to_its_sources_entry_and_converting_twice_changes_nothing(raw, linked):
    assert citations.convert_text(raw) == linked
    assert citations.convert_text(linked) == linked
    assert citations.cited_ids(raw) == citations.cited_ids(linked)


def test_a_link_label_follows_the_reference_when_it_changes():
    ref = content.get().references["stark-2007"]
    stale = "[(Stark, old label)](#ref-stark-2007)"
    assert citations.convert_text(stale) == f"[({ref.label})](#ref-stark-2007)"


def test_converting_a_notebook_keeps_every_other_byte(tmp_path):
    path = tmp_path / "01.ipynb"
    original = (NOTEBOOKS / "01-what-it-is.ipynb").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    assert citations.convert_notebook(path) is False
    assert path.read_text(encoding="utf-8") == original


def test_an_unknown_id_is_named_with_its_notebook_and_cell(tmp_path):
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["x"]},
                    {"cell_type": "markdown", "metadata": {}, "source": ["Claim [ref:no-such-paper]."]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "bad.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(KeyError, match=r"bad.ipynb, cell 2: unknown reference id 'no-such-paper'"):
        citations.convert_notebook(path)


@pytest.mark.parametrize("module", [m for m in content.get().info.modules], ids=lambda m: m.id)
def test_every_citation_link_has_its_target_in_the_pages_sources(module):
    cells = json.loads((NOTEBOOKS / module.notebook).read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    sources = layout.sources_html(module.notebook)
    for ref_id in citations.cited_ids(text):
        assert f'(#ref-{ref_id})' in text and f'<li id="ref-{ref_id}">' in sources
