"""Quick exit for JupyterLab. (In Voila the course template draws its own, which needs no kernel.)

One ES module serves both: the Voila template loads it as page script, and this widget uses it as its
front end (share/jupyter/voila/templates/course/static/quick_exit.js: the keyboard rule, modelled on GOV.UK's
"Exit this page", exists once). It lives with the template because Voila serves only the template's folder,
and Tornado refuses a symlink that points outside it.

A button, or Shift pressed on its own three times (each within 5 seconds of the last), blanks the page, ends
this kernel so no answer survives in memory (the server is asked to shut it down, with jupyter_server's XSRF
token, and the kernel also ends itself), and replaces the location with a neutral site.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import traitlets

from widgets import course
from widgets.frontend import FrontEndWidget, source
from widgets.runtime import calm

TEMPLATE_STATIC = Path(__file__).resolve().parent.parent / "share" / "jupyter" / "voila" / "templates" / "course" / "static"


def in_voila() -> bool:
    """Voila sets VOILA_KERNEL_ID in every kernel it starts, pre-started ones included."""
    return "VOILA_KERNEL_ID" in os.environ


def this_kernel_id() -> str:
    """The running kernel's id, from its connection file (kernel-<id>.json); "" outside a kernel."""
    try:
        from ipykernel.connect import get_connection_file

        name = Path(get_connection_file()).name
    except (ImportError, RuntimeError, AttributeError):
        return ""
    return name[len("kernel-"):-len(".json")] if name.startswith("kernel-") and name.endswith(".json") else ""


def _end_kernel() -> None:
    # A moment's delay lets the comm reply go out; then the process ends and its memory with it.
    threading.Timer(0.2, os._exit, args=(0,)).start()


class QuickExit(FrontEndWidget):
    _esm = source(TEMPLATE_STATIC / "quick_exit.js")
    _css = source(TEMPLATE_STATIC / "quick_exit.css")
    exit_url = traitlets.Unicode("").tag(sync=True)  # the region's neutral site (content/resources.yml)
    kernel_id = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.end_kernel = _end_kernel
        self.on_msg(self._on_message)

    def _on_message(self, _widget, message, _buffers) -> None:
        if isinstance(message, dict) and message.get("event") == "exit":
            self.end_kernel()


@calm
def quick_exit() -> QuickExit:
    return QuickExit(exit_url=course.get().region().quick_exit_url, kernel_id=this_kernel_id())
