"""Quick exit: the keyboard rule, one destination for Voila and JupyterLab, and in JupyterLab it ends the kernel.

The keyboard rule is GOV.UK Frontend's "Exit this page" (exit-this-page.mjs): Shift pressed three times, each
press within 5 seconds of the last, counts only when Shift is pressed and released on its own; any other key
in between resets the count. The rule lives once, in the ES module both front ends load; these scenario tables
run it under Node, press by press, including what must never leave.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import ROOT

from widgets import content, safety

MODULE = ROOT / "share" / "jupyter" / "voila" / "templates" / "course" / "static" / "quick_exit.js"


def shift(times: int = 1) -> list:
    return [("keydown", "Shift"), ("keyup", "Shift")] * times


def combo(key: str, **mods) -> list:
    """Shift held while another key is pressed: Shift+Tab, Shift+Enter, ..."""
    held = {"shiftKey": True, **mods}
    return [("keydown", "Shift"), ("keydown", key, held), ("keyup", key, held), ("keyup", "Shift")]


def wait(ms: int) -> list:
    return [("wait", ms)]


MUST_LEAVE = {
    "Shift three times": shift(3),
    "Shift three times, 4.8 s apart (GOV.UK: 5 s from the last press)": shift(1) + wait(4700) + shift(1)
    + wait(4700) + shift(1),
    "Shift held down (key repeat), three times": [("keydown", "Shift"), ("keydown", "Shift", {"repeat": True}),
                                                  ("keyup", "Shift")] * 3,
    "a fresh start after Shift+Tab": combo("Tab") + shift(3),
    "two, interrupted, then three": shift(2) + [("keydown", "a"), ("keyup", "a")] + shift(3),
}

NEVER_LEAVE = {
    "Shift+Tab three times (moving back through controls)": combo("Tab") * 3,
    "Shift+Tab, Shift let go before Tab": [("keydown", "Shift"), ("keydown", "Tab", {"shiftKey": True}),
                                           ("keyup", "Shift"), ("keyup", "Tab")] * 3,
    "Shift+ArrowDown three times (selecting text, choosing a radio)": combo("ArrowDown") * 3,
    "Shift+Enter three times (JupyterLab: run a cell)": combo("Enter") * 3,
    "Shift+A three times (capital letters)": combo("A") * 3,
    "Ctrl+Shift three times": [("keydown", "Control"), ("keydown", "Shift", {"ctrlKey": True}),
                               ("keyup", "Shift", {"ctrlKey": True}), ("keyup", "Control")] * 3,
    "Shift+click three times (extending a selection)": [("keydown", "Shift"), ("pointerdown", None,
                                                        {"shiftKey": True}), ("keyup", "Shift")] * 3,
    "Shift+scroll three times": [("keydown", "Shift"), ("wheel", None, {"shiftKey": True}),
                                 ("keyup", "Shift")] * 3,
    "Shift twice, another key, Shift once": shift(2) + [("keydown", "Tab"), ("keyup", "Tab")] + shift(1),
    "Shift twice, then once more after 5.1 s": shift(2) + wait(5100) + shift(1),
    "Shift twice, away from the window, Shift once": shift(2) + [("blur", None)] + shift(1),
    "Shift released three times, its press never seen here": [("keyup", "Shift")] * 3,
}


def run_scenarios(scenarios: dict[str, list], tmp_path) -> dict[str, int]:
    """Highest count the module reached in each scenario (3 means: leave)."""
    node = shutil.which("node")
    assert node, "Node.js is needed to run quick_exit.js's scenarios: apt-get install nodejs (.ci/run does)"
    shutil.copy(MODULE, tmp_path / "quick_exit.mjs")
    runner = tmp_path / "run.mjs"
    runner.write_text("""
import { ShiftPresses } from "./quick_exit.mjs";
const scenarios = JSON.parse(process.argv[2]);
const result = {};
for (const [name, steps] of Object.entries(scenarios)) {
  const presses = new ShiftPresses();
  let now = 1000, most = 0;
  for (const [type, key, extra] of steps) {
    if (type === "wait") { now += key; continue; }
    most = Math.max(most, presses.handle({ type, key, ...(extra || {}) }, now));
    now += 80;
  }
  result[name] = most;
}
console.log(JSON.stringify(result));
""")
    out = subprocess.run([node, str(runner), json.dumps(scenarios)], capture_output=True, text=True, timeout=60,
                         check=True)
    return json.loads(out.stdout)


def test_shift_three_times_on_its_own_always_leaves(tmp_path):
    reached = run_scenarios(MUST_LEAVE, tmp_path)
    assert {name: most for name, most in reached.items() if most < 3} == {}


def test_shift_used_with_another_key_or_the_mouse_never_leaves(tmp_path):
    reached = run_scenarios(NEVER_LEAVE, tmp_path)
    assert {name: most for name, most in reached.items() if most >= 3} == {}


def test_the_neutral_site_has_one_source_the_regions_content():
    """Issue 18: the quick-exit address lived in five places and voila.json's copy won. Now only
    content/resources.yml names it (one per region); the server hands the default region's to the page."""
    assert "quick_exit_url" not in (ROOT / "voila.json").read_text()
    assert "quick_exit_url" not in (ROOT / "content" / "course.yml").read_text()
    assert all(r.quick_exit_url.startswith("https://") for r in content.get().resources.regions)


def test_one_module_serves_the_voila_page_and_the_jupyterlab_widget():
    assert safety.QuickExit()._esm == MODULE.read_text()
    page_script = (MODULE.parent / "course.js").read_text()
    assert 'import(new URL("quick_exit.js"' in page_script
    assert not (ROOT / "widgets" / "static" / "quick_exit.js").exists(), "a second copy of the keyboard rule"


def test_quick_exit_message_ends_the_kernel():
    widget = safety.quick_exit()
    assert widget.exit_url == content.get().region().quick_exit_url
    ended = []
    widget.end_kernel = lambda: ended.append(True)
    widget._on_message(widget, {"event": "something else"}, [])
    assert ended == []
    widget._on_message(widget, {"event": "exit"}, [])
    assert ended == [True]


@pytest.mark.parametrize("page", ["index", "module"])
def test_jupyterlab_pages_get_the_widget_and_voila_pages_do_not(monkeypatch, page):
    from widgets import layout

    shown = []
    monkeypatch.setattr(layout, "display", lambda obj, **kw: shown.append(obj))
    draw = layout.contents if page == "index" else lambda: layout.page("what-it-is")
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    draw()
    assert sum(isinstance(o, safety.QuickExit) for o in shown) == 1
    shown.clear()
    monkeypatch.setenv("VOILA_KERNEL_ID", "abc")
    draw()
    assert not any(isinstance(o, safety.QuickExit) for o in shown)
