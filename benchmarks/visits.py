"""Visitors in headless Chromium (Debian's, never Playwright's download): open a page, time it to interactive,
move a slider, leave cleanly or abruptly. Every wait is bounded; requests to any host but the server are
blocked, as for learners.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def _from_conftest():
    """The tests' render predicate and Chromium flags, without the tests' strict-error setting."""
    saved = dict(os.environ)
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import conftest
    finally:
        sys.path.remove(str(ROOT / "tests"))
        os.environ.clear()
        os.environ.update(saved)
    return conftest.WAIT_FOR_RENDER, conftest.CHROMIUM_ARGS, conftest.chromium_path


WAIT_FOR_RENDER, CHROMIUM_ARGS, chromium_path = _from_conftest()
# The learner's calm message, or Voila's own error output, on a page that "rendered" is still an error.
PAGE_ERROR = """() => !!document.querySelector('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"],'
  + ' .course-calm-error, .voila-error') || /There was an error when executing cell/.test(document.body.innerText)"""

KERNEL_ID = """() => { const el = document.getElementById('jupyter-config-data');
  try { return JSON.parse(el.textContent).kernelId || null; } catch (e) { return null; } }"""


@dataclass
class Visit:
    page: str
    tti_s: float | None = None
    error: str | None = None
    kernel_id: str | None = None
    console_errors: list[str] = field(default_factory=list)


async def launch(pw):
    path = chromium_path()
    if path is None:
        raise SystemExit("No Chromium found: install Debian's chromium (apt-get install chromium).")
    return await pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)


async def open_page(browser, url: str, page_name: str, timeout_s: float = 120.0):
    """Open one page in a fresh context; return (context, page, Visit). TTI is wall clock from the start
    of navigation to the tests' WAIT_FOR_RENDER predicate being true (polled every 50 ms)."""
    host = urlparse(url).netloc
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    visit = Visit(page_name)

    async def route(r):
        u = r.request.url
        if urlparse(u).netloc != host and not u.startswith(("data:", "blob:")):
            await r.abort()
        else:
            await r.continue_()

    await page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    page.on("pageerror", lambda e: visit.console_errors.append(f"page error: {e}"))
    t0 = time.perf_counter()
    try:
        resp = await page.goto(f"{url}/voila/render/{page_name}", wait_until="commit",
                               timeout=timeout_s * 1000)
        if resp is not None and resp.status >= 400:
            visit.error = f"HTTP {resp.status}"
        left = max(1.0, timeout_s - (time.perf_counter() - t0))
        await page.wait_for_function(WAIT_FOR_RENDER, timeout=left * 1000, polling=50)
        visit.tti_s = time.perf_counter() - t0
        if await page.evaluate(PAGE_ERROR):
            visit.error = visit.error or "error message on the page"
        visit.kernel_id = await page.evaluate(KERNEL_ID)
    except Exception as exc:  # noqa: BLE001 (a timeout or a dropped connection: the visitor saw no working page)
        visit.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
    return ctx, page, visit


async def leave(ctx, page, clean: bool = True) -> None:
    """A clean close runs beforeunload (Voila's beacon ends the kernel); an abrupt one just drops the tab."""
    try:
        if clean:
            await page.close(run_before_unload=True)
            # like a person closing one tab: the browser stays open while the beacon goes out
            await asyncio.sleep(1.0)
        await ctx.close()
    except Exception:  # noqa: BLE001, S110 (already gone: nothing left to close)
        pass


# ----------------------------------------------------------------------------- slider to chart latency

INSTALL_PROBE = """() => {
  const root = document.querySelector('.course-explorer');
  const svg = root.querySelector('.course-chart svg[role=img]');
  const summary = root.querySelector('.course-explorer-summary');
  window.__lat = {t0: null, chart: null, summary: null};
  const opts = {attributes: true, childList: true, subtree: true, characterData: true};
  new MutationObserver(() => { const l = window.__lat; if (l.t0 !== null && l.chart === null)
    l.chart = performance.now() - l.t0; }).observe(svg, opts);
  new MutationObserver(() => { const l = window.__lat; if (l.t0 !== null && l.summary === null)
    l.summary = performance.now() - l.t0; }).observe(summary, opts);
  document.addEventListener('keydown', () => { window.__lat = {t0: performance.now(), chart: null,
    summary: null}; }, true);
  return [...root.querySelectorAll('.course-range input[type=range]')].filter(i => !i.disabled).map(i => i.id);
}"""


async def slider_latency(browser, url: str, page_name: str, steps: int) -> dict:
    """Press ArrowRight/ArrowLeft on the explorer's sliders (round robin) and time, inside the page, from the
    key press to the chart's SVG changing and to the summary text changing."""
    ctx, page, visit = await open_page(browser, url, page_name)
    out = {"page": page_name, "chart_ms": [], "summary_ms": [], "no_change": 0, "error": visit.error}
    if visit.error:
        await leave(ctx, page)
        return out
    try:
        await page.wait_for_selector(".course-explorer .course-chart svg[role=img] path", timeout=60_000)
        await page.wait_for_timeout(500)
        ids = await page.evaluate(INSTALL_PROBE)
        direction = {i: "ArrowRight" for i in ids}
        deadline = time.monotonic() + 120
        for n in range(steps):
            if time.monotonic() > deadline:
                break
            sid = ids[n % len(ids)]
            v, lo, hi = await page.evaluate(
                "(id) => { const i = document.getElementById(id); return [+i.value, +i.min, +i.max]; }", sid)
            if v >= hi:
                direction[sid] = "ArrowLeft"
            elif v <= lo:
                direction[sid] = "ArrowRight"
            await page.focus(f"#{sid}")
            await page.keyboard.press(direction[sid])
            try:
                await page.wait_for_function("() => window.__lat.chart !== null && window.__lat.summary !== null",
                                             timeout=5_000, polling="raf")
            except Exception:  # noqa: BLE001 (no change within 5 s: counted, not timed)
                out["no_change"] += 1
            lat = await page.evaluate("() => window.__lat")
            if lat["chart"] is not None:
                out["chart_ms"].append(lat["chart"])
            if lat["summary"] is not None:
                out["summary_ms"].append(lat["summary"])
            await page.wait_for_timeout(150)  # a person's pace between key presses; the kernel goes idle
    except Exception as exc:  # noqa: BLE001 (reported in the results)
        out["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
    await leave(ctx, page)
    return out
