"""Quick exit: one destination for Voila and JupyterLab, and in JupyterLab it ends the kernel."""

import json

from conftest import ROOT

from widgets import content, safety


def test_voila_and_jupyterlab_send_people_to_the_same_neutral_site():
    voila = json.loads((ROOT / "voila.json").read_text())["VoilaConfiguration"]["resources"]["quick_exit_url"]
    assert voila == content.get().info.quick_exit_url


def test_quick_exit_message_ends_the_kernel():
    widget = safety.quick_exit()
    assert widget.exit_url == content.get().info.quick_exit_url
    ended = []
    widget.end_kernel = lambda: ended.append(True)
    widget._on_message(widget, {"event": "something else"}, [])
    assert ended == []
    widget._on_message(widget, {"event": "exit"}, [])
    assert ended == [True]


def test_jupyterlab_pages_get_the_widget_and_voila_pages_do_not(monkeypatch):
    from widgets import layout

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj))
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    layout.page("what-it-is")
    assert any(isinstance(o, safety.QuickExit) for o in shown)
    shown.clear()
    monkeypatch.setenv("VOILA_KERNEL_ID", "abc")
    layout.page("what-it-is")
    assert shown == []
