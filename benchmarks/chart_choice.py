"""Which chart library for the explorer? The course's own SVG anywidget against bqplot, measured in Voila.

Three tiny pages, served by Voila with the course template and opened in headless Chromium (outside hosts
blocked, as for learners):

* ``baseline``: one plain ipywidgets IntSlider (the reference for "page render within 1.3x");
* ``anywidget``: a slider and ``widgets.chart.LineChart`` with three lines of 365 points (the explorer's load);
* ``bqplot``: a slider and a bqplot Figure with the same three lines.

For each page it reports the median time from navigation to the chart drawn (first render), and the median
time from a key press on the slider to the chart's SVG changing (update latency), plus the size of the
library's front-end code on disk.

bqplot is not a course dependency. To measure it without touching the course environment:

    .venv/bin/pip install --target /tmp/bqplot-only bqplot   # then, to avoid shadowing the venv's packages,
    # keep only bqplot*, bqscales*, traittypes*, pandas*, dateutil, python_dateutil*, tzdata* and
    # share/jupyter/labextensions/{bqplot,bqscales}
    .venv/bin/python benchmarks/chart_choice.py --bqplot-path /tmp/bqplot-only

Without --bqplot-path it measures the baseline and the anywidget chart only. Always exits 0.

Measured on the 2-core build machine (Voila 0.5.13, bqplot 0.13.1, Debian Chromium headless, 5 loads per
page, a fresh kernel per load, so kernel start-up dominates and the spread between loads is large):

    page       first render median ms  ratio to baseline  update median ms  front-end JS on disk
    baseline                     3982               1.00                 -                     -
    anywidget                    2829               0.71              16.3                544 KB
    bqplot                       5715               1.44              20.8                868 KB

Reading: the SVG anywidget renders as fast as a page with one plain slider (within noise) and updates in
about 16 ms; bqplot takes about 1.4x the baseline (over the 1.3x budget) and 2x the anywidget page, and
ships about 870 KB of front-end code (bqplot + bqscales, with d3) against chart.js's 6 KB (the 540 KB of
anywidget's own front end is shared with the quiz controls, which need it anyway). Hence the choice.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from serving import free_port

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

SETUP = "import math\nimport ipywidgets as w\nxs = list(range(1, 366))\n"
DATA = ("def series(k):\n"
        "    return [[0.5 + 0.45 * math.sin((x + k * i) / 20) for x in xs] for i in range(3)]\n")

PAGES = {
    "baseline": SETUP + "s = w.IntSlider(description='Plain slider', value=0, max=50)\ns",
    "anywidget": SETUP + DATA + (
        "from widgets.chart import LineChart, BLUE, VERMILLION, GREEN\n"
        "chart = LineChart()\n"
        "def draw(k):\n"
        "    ys = series(k)\n"
        "    chart.show(xs, [{'label': n, 'values': y, 'style': st, 'color': c} for n, y, st, c in\n"
        "                    zip('abc', ys, ('solid', 'dashed', 'dotted'), (BLUE, VERMILLION, GREEN))])\n"
        "draw(0)\n"
        "s = w.IntSlider(description='Plain slider', value=0, max=50)\n"
        "s.observe(lambda ch: draw(ch['new']), names='value')\n"
        "w.VBox([s, chart])"),
    "bqplot": SETUP + DATA + (
        "import bqplot as bq\n"
        "sx, sy = bq.LinearScale(), bq.LinearScale(min=0, max=1)\n"
        "ys = series(0)\n"
        "lines = bq.Lines(x=xs, y=ys, scales={'x': sx, 'y': sy}, colors=['#0072B2', '#D55E00', '#009E73'],\n"
        "                 line_style='solid', labels=['a', 'b', 'c'], display_legend=True)\n"
        "fig = bq.Figure(marks=[lines], axes=[bq.Axis(scale=sx, label='Day'),\n"
        "                bq.Axis(scale=sy, orientation='vertical')], layout=w.Layout(width='100%'))\n"
        "s = w.IntSlider(description='Plain slider', value=0, max=50)\n"
        "def draw(ch):\n"
        "    lines.y = series(ch['new'])\n"
        "s.observe(draw, names='value')\n"
        "w.VBox([s, fig])"),
}
# What "the chart is drawn" means on each page, and which element changes on an update.
DRAWN = {
    "baseline": ".widget-slider .noUi-handle",
    "anywidget": ".course-chart svg path",
    "bqplot": ".bqplot svg g.curve path.line",
}
CHANGES = {"anywidget": ".course-chart svg path", "bqplot": ".bqplot svg g.curve path.line"}


def notebook(source: str) -> dict:
    return {"cells": [{"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {},
                       "outputs": [], "source": source}],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}


def start_voila(folder: Path, bq_path: str | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ)
    jupyter_path = [str(ROOT / "share" / "jupyter")] + ([str(Path(bq_path) / "share" / "jupyter")] if bq_path else [])
    env["JUPYTER_PATH"] = os.pathsep.join(jupyter_path)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([bq_path] if bq_path else []))
    (folder / "voila.json").write_text((ROOT / "voila.json").read_text())
    proc = subprocess.Popen([str(Path(PY).parent / "voila"), str(folder), f"--port={port}", "--no-browser",
                             "--Voila.ip=127.0.0.1", "--VoilaConfiguration.preheat_kernel=False"],
                            cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/voila/tree", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    return proc, url


def measure(browser, url: str, name: str, runs: int) -> tuple[list[float], list[float]]:
    host = urlparse(url).netloc
    renders, updates = [], []
    for _ in range(runs):
        ctx = browser.new_context(viewport={"width": 1000, "height": 800})
        page = ctx.new_page()
        page.route("**/*", lambda r: r.abort() if urlparse(r.request.url).netloc not in (host, "")
                   and not r.request.url.startswith(("data:", "blob:")) else r.continue_())
        t0 = time.perf_counter()
        page.goto(f"{url}/voila/render/{name}.ipynb", wait_until="commit", timeout=180_000)
        page.wait_for_selector(DRAWN[name], timeout=180_000, state="attached")
        renders.append((time.perf_counter() - t0) * 1e3)
        if name in CHANGES:
            page.wait_for_timeout(300)
            page.focus(".widget-slider .noUi-handle")
            ms = page.evaluate("""(sel) => new Promise((done) => {
                const el = document.querySelector(sel);
                const t0 = performance.now();
                new MutationObserver((_, obs) => { obs.disconnect(); done(performance.now() - t0); })
                  .observe(el.closest('svg'), {attributes: true, subtree: true, childList: true});
                const handle = document.querySelector('.widget-slider .noUi-handle');
                handle.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
            })""", CHANGES[name])
            updates.append(ms)
        ctx.close()
    return renders, updates


def folder_kb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and p.suffix == ".js") / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bqplot-path", default=None)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    names = ["baseline", "anywidget"] + (["bqplot"] if args.bqplot_path else [])
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in names:
            (folder / f"{name}.ipynb").write_text(json.dumps(notebook(PAGES[name])))
        proc, url = start_voila(folder, args.bqplot_path)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
                results = {n: measure(browser, url, n, args.runs) for n in names}
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    base = statistics.median(results["baseline"][0])
    sizes = {"anywidget": (ROOT / "widgets" / "static" / "chart.js").stat().st_size / 1024
             + folder_kb(ROOT / ".venv" / "share" / "jupyter" / "labextensions" / "anywidget")}
    if args.bqplot_path:
        ext = Path(args.bqplot_path) / "share" / "jupyter" / "labextensions"
        sizes["bqplot"] = folder_kb(ext / "bqplot") + folder_kb(ext / "bqscales")
    print(f"{'page':<10} first render median ms  ratio to baseline  update median ms  front-end JS on disk")
    for n in names:
        render = statistics.median(results[n][0])
        update = f"{statistics.median(results[n][1]):.1f}" if results[n][1] else "-"
        size = f"{sizes[n]:.0f} KB" if n in sizes else "-"
        print(f"{n:<10} {render:>22.0f}  {render / base:>17.2f}  {update:>16}  {size:>20}")
    print("(update = key press on the slider to the chart's SVG changing: kernel round trip + redraw)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
