"""Quick exit for JupyterLab. (In Voila the course template draws its own, which needs no kernel.)

A button, or Shift pressed three times within 5 seconds, blanks the page, ends this kernel so no answer
survives in memory, and replaces the location with a neutral site (content/course.yml: quick_exit_url).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import anywidget
import traitlets

from widgets import course
from widgets.runtime import calm


def in_voila() -> bool:
    """Voila sets VOILA_KERNEL_ID in every kernel it starts, pre-started ones included."""
    return "VOILA_KERNEL_ID" in os.environ


def _end_kernel() -> None:
    # A moment's delay lets the comm reply go out; then the process ends and its memory with it.
    threading.Timer(0.2, os._exit, args=(0,)).start()


class QuickExit(anywidget.AnyWidget):
    _esm = Path(__file__).parent / "static" / "quick_exit.js"
    exit_url = traitlets.Unicode("https://www.bbc.co.uk/weather").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.end_kernel = _end_kernel
        self.on_msg(self._on_message)

    def _on_message(self, _widget, message, _buffers) -> None:
        if isinstance(message, dict) and message.get("event") == "exit":
            self.end_kernel()


@calm
def quick_exit() -> QuickExit:
    return QuickExit(exit_url=course.get().info.quick_exit_url)
