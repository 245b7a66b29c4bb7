"""`make bench`: the course served by Voila, measured against a baseline page in the same run.

What it measures (issue 7), all against the real `make serve` configuration (voila.json from the repo root,
the course template, Debian's Chromium headless, loopback only):

1. time to interactive (TTI) of every course page, cold (a server with the preheated pool switched off) and
   with the preheated pool (voila.json as is), median of --loads loads each, as a ratio to the baseline page
   (benchmarks/baseline.ipynb: one plain ipywidgets IntSlider) served by the same Voila;
2. slider-to-chart latency in the explorers (modules 02 and 03): key press to the chart's SVG changing,
   measured inside the page, over --steps steps per explorer;
3. kernel memory (RSS and USS) per visitor for every page, as a ratio to the baseline page's kernel;
4. crowds of 10, 30 and 50 visitors arriving together (headless browser contexts completing a real render):
   errors, median / p95 TTI, server memory (Voila + kernels);
5. cleanup: 100 visits that open and close a page, half closing the tab cleanly and half dropping it; then
   live kernels and server memory must come back to the starting level within the culling window. This part
   runs on a server with culling shortened to 30 s idle / 10 s interval (voila.json has 900 s / 60 s), so
   the bench stays short; the mechanism is the same.

Machines are shared and noisy: every figure is compared with the baseline measured in the same run, and
medians are reported. Writes benchmarks/reports/bench-<timestamp>.md (+ .json with every sample) and, on a
full run, copies the summary to benchmarks/RESULTS.md. Reports; does not judge: exits 0 unless it could not
run. `--quick` is a short smoke run (fewer loads, smaller crowds) that does not touch RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import psutil
import serving
import visits

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "benchmarks" / "reports"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
EXPLORER_PAGES = ["02-stress-relief-cycle.ipynb", "03-intermittent-kindness.ipynb"]
CULL_IDLE, CULL_INTERVAL = 30, 10

TARGET_TTI_RATIO, TARGET_PREHEAT_RATIO = 1.3, 0.6
TARGET_SLIDER_MEDIAN, TARGET_SLIDER_P95 = 50.0, 100.0
TARGET_MEMORY_RATIO = 1.3
TARGET_CROWD_TTI = 15.0


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def median(xs):
    return statistics.median(xs) if xs else None


def p95(xs):
    if not xs:
        return None
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(0.95 * len(s) + 0.5) - 1))]  # nearest rank


def fmt(x, spec=".2f", none="-"):
    return none if x is None else format(x, spec)


# ----------------------------------------------------------------------------- 1 + 3: per page, one at a time

async def page_loads(browser, server: serving.Server, loads: int, measure_memory: bool) -> dict:
    """Every page `loads` times, round robin (so drift in machine load spreads over all pages alike).
    Before each visit the server is settled: no visitor kernels, a full and idle pool."""
    out = {p: {"tti": [], "rss": [], "uss": [], "errors": [], "waited": [], "kernel_left": 0}
           for p in server.pages}
    stale: set[str] = set()  # kernels a clean close did not end (counted, then left to the culler)
    for r in range(loads):
        for name in server.pages:
            stale &= server.kernel_ids()
            _settled, waited = server.wait_until_settled(server.pool_size + len(stale), timeout=30)
            out[name]["waited"].append(round(waited, 1))
            before = {k.pid for k in server.kernels()}
            ctx, page, visit = await visits.open_page(browser, server.url, name)
            if visit.error:
                out[name]["errors"].append(visit.error)
            else:
                out[name]["tti"].append(visit.tti_s)
            if measure_memory and not visit.error:
                await asyncio.sleep(1.0)  # widgets have synced; the kernel is at rest
                new = [k for k in server.kernels() if k.pid not in before]
                if len(new) == 1:  # the visitor's kernel (the preheat-off server starts one per visit)
                    info = new[0].memory_full_info()
                    out[name]["rss"].append(info.rss / 2**20)
                    out[name]["uss"].append(info.uss / 2**20)
            await visits.leave(ctx, page, clean=True)
            if visit.kernel_id:
                t_end = time.monotonic() + 10
                while visit.kernel_id in server.kernel_ids() and time.monotonic() < t_end:
                    await asyncio.sleep(0.25)
                if visit.kernel_id in server.kernel_ids():
                    stale.add(visit.kernel_id)
                    out[name]["kernel_left"] += 1
        log(f"  round {r + 1}/{loads} done")
    return out


# ----------------------------------------------------------------------------- 4: crowds

class MemorySampler(threading.Thread):
    def __init__(self, server: serving.Server):
        super().__init__(daemon=True)
        self.server, self.peak, self.peak_kernels, self.stop_flag = server, {}, 0, False

    def run(self):
        while not self.stop_flag:
            m = self.server.memory()
            if m["total_rss"] > self.peak.get("total_rss", 0):
                self.peak = m
            self.peak_kernels = max(self.peak_kernels, m["kernels"])
            time.sleep(0.5)


def server_tree(server: serving.Server) -> list[psutil.Process]:
    try:
        root = psutil.Process(server.process.pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def browser_tree() -> list[psutil.Process]:
    """Chromium's processes (started by this benchmark, through Playwright's driver)."""
    return [p for p in psutil.Process().children(recursive=True) if "chrom" in p.name().lower()]


def cpu_by_pid(procs: list[psutil.Process]) -> dict[int, float]:
    out = {}
    for p in procs:
        try:
            t = p.cpu_times()
            out[p.pid] = t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return out


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two readings (processes started in between count in full)."""
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


async def crowd(browser, server: serving.Server, size: int, pages: list[str], timeout_s: float) -> dict:
    settled, _ = server.wait_until_settled(server.pool_size, timeout=120)
    start_mem = server.memory()
    sampler = MemorySampler(server)
    sampler.start()
    cpu_server0, cpu_browser0 = cpu_by_pid(server_tree(server)), cpu_by_pid(browser_tree())
    t0 = time.perf_counter()
    opened = await asyncio.gather(*(visits.open_page(browser, server.url, pages[i % len(pages)], timeout_s)
                                    for i in range(size)))
    wall = time.perf_counter() - t0
    cpu_server = cpu_delta(cpu_server0, cpu_by_pid(server_tree(server)))
    cpu_browser = cpu_delta(cpu_browser0, cpu_by_pid(browser_tree()))
    all_open = server.memory()
    sampler.stop_flag = True
    sampler.join(timeout=5)
    await asyncio.gather(*(visits.leave(c, p, clean=True) for c, p, _ in opened))
    vs = [v for _, _, v in opened]
    ttis = [v.tti_s for v in vs if v.tti_s is not None and not v.error]
    return {"size": size, "settled_before": settled, "errors": [f"{v.page}: {v.error}" for v in vs if v.error],
            "tti": ttis, "median": median(ttis), "p95": p95(ttis), "max": max(ttis) if ttis else None,
            "within_target": sum(t <= TARGET_CROWD_TTI for t in ttis), "wall_s": wall,
            "start_mem": start_mem, "all_open_mem": all_open, "peak_mem": sampler.peak,
            "peak_kernels": sampler.peak_kernels, "cpu_server_s": cpu_server, "cpu_browser_s": cpu_browser}


# ----------------------------------------------------------------------------- 5: cleanup

async def cleanup(browser, server: serving.Server, visits_total: int, pages: list[str]) -> dict:
    settled, _ = server.wait_until_settled(server.pool_size, timeout=120)
    start = server.memory()
    errors, batch, clean_ids, abrupt_ids = [], 10, [], []
    t_start = time.monotonic()
    for b in range(0, visits_total, batch):
        n = min(batch, visits_total - b)
        opened = await asyncio.gather(*(visits.open_page(browser, server.url, pages[(b + i) % len(pages)], 120)
                                        for i in range(n)))
        errors += [v.error for _, _, v in opened if v.error]
        # even-numbered visitors close the tab cleanly (beforeunload -> Voila ends the kernel),
        # odd-numbered ones vanish (context dropped without beforeunload: only culling ends those kernels)
        await asyncio.gather(*(visits.leave(c, p, clean=(i % 2 == 0)) for i, (c, p, _) in enumerate(opened)))
        clean_ids += [v.kernel_id for i, (_, _, v) in enumerate(opened) if i % 2 == 0 and v.kernel_id]
        abrupt_ids += [v.kernel_id for i, (_, _, v) in enumerate(opened) if i % 2 == 1 and v.kernel_id]
    after_visits = server.memory()
    visits_s = time.monotonic() - t_start
    window = CULL_IDLE + 2 * CULL_INTERVAL + 20  # idle timeout + a cull pass + pool refill slack
    t0 = time.monotonic()
    trace = []
    back = False
    clean_left = abrupt_left = None
    while time.monotonic() - t0 < window:
        alive = server.kernel_ids()
        k = len(alive)
        c_left, a_left = sum(i in alive for i in clean_ids), sum(i in alive for i in abrupt_ids)
        trace.append((round(time.monotonic() - t0, 1), k, c_left, a_left))
        if clean_left is None and time.monotonic() - t0 >= 5:  # beacons have been answered by now
            clean_left, abrupt_left = c_left, a_left
        if k == server.pool_size and server.kernels_busy_percent() < 8.0:
            back = True
            break
        await asyncio.sleep(2)
    back_after = time.monotonic() - t0
    end = server.memory()
    if clean_left is None:
        clean_left, abrupt_left = trace[-1][2], trace[-1][3]
    return {"visits": visits_total, "settled_before": settled, "errors": errors, "start": start,
            "after_visits": after_visits, "end": end, "back": back, "back_after_s": back_after,
            "window_s": window, "trace": trace, "visits_s": visits_s, "clean_left": clean_left,
            "clean_total": len(clean_ids), "abrupt_left": abrupt_left, "abrupt_total": len(abrupt_ids)}


# ----------------------------------------------------------------------------- report

def machine() -> dict:
    chromium = visits.chromium_path()
    try:
        cver = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=20,
                              check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        cver = chromium
    from importlib.metadata import version
    return {"cores": psutil.cpu_count(), "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "voila": version("voila"), "ipywidgets": version("ipywidgets"),
            "chromium": cver, "os": platform.platform(), "load_at_start": os.getloadavg()}


def page_table(cold: dict, warm: dict | None, base: str) -> tuple[list[str], dict]:
    cb = median(cold[base]["tti"])
    rb = median(cold[base]["rss"])
    ub = median(cold[base]["uss"])
    verdict = {"tti": True, "preheat": True, "memory": True}
    rows = [("| page | cold TTI s | ratio to baseline | preheated TTI s | ratio to cold baseline | kernel RSS MiB "
            "| RSS ratio | kernel USS MiB | USS ratio |"),
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name in cold:
        c, r, u = median(cold[name]["tti"]), median(cold[name]["rss"]), median(cold[name]["uss"])
        w = median(warm[name]["tti"]) if warm else None
        cr = c / cb if c and cb else None
        wr = w / cb if w and cb else None
        rr = r / rb if r and rb else None
        ur = u / ub if u and ub else None
        if name != base:
            verdict["tti"] &= cr is not None and cr <= TARGET_TTI_RATIO
            verdict["preheat"] &= wr is not None and wr <= TARGET_PREHEAT_RATIO
            verdict["memory"] &= rr is not None and rr <= TARGET_MEMORY_RATIO
        errs = len(cold[name]["errors"]) + (len(warm[name]["errors"]) if warm else 0)
        label = f"{name} (baseline)" if name == base else name
        label += f" ({errs} failed loads)" if errs else ""
        rows.append(f"| {label} | {fmt(c)} | {fmt(cr)} | {fmt(w)} | {fmt(wr)} | {fmt(r, '.0f')} | {fmt(rr)} "
                    f"| {fmt(u, '.0f')} | {fmt(ur)} |")
    return rows, verdict


def ok(flag: bool | None) -> str:
    return "n/a" if flag is None else ("**pass**" if flag else "**FAIL**")


def summary(res: dict, args) -> str:
    m = res["machine"]
    base = serving.BASELINE
    L = ["# Benchmark results: the course in Voila against a one-slider baseline",
         "",
         (f"Run `make bench` (this file is the summary of the latest full run, {res['started']}; "
         f"{res['duration_min']:.1f} min). The full report with every sample is in `benchmarks/reports/`."),
         "",
         (f"Machine: {m['cores']} cores, {m['memory_gib']} GiB memory; {m['os']}; Python {m['python']}, "
         f"Voila {m['voila']}, ipywidgets {m['ipywidgets']}; {m['chromium']} (headless). Load average at the "
         f"start: {', '.join(f'{x:.1f}' for x in m['load_at_start'])} (other work was running on the machine: "
         f"compare ratios, not absolute times)."),
         "",
         (f"Method: Voila started from the repo root with voila.json (course template, preheated pool of "
         f"1 kernel per notebook) on a folder of the course notebooks plus `benchmarks/baseline.ipynb` "
         f"(one ipywidgets IntSlider), loopback only. TTI = wall clock from navigation start to the tests' "
         f"`WAIT_FOR_RENDER` predicate (every output rendered), fresh browser context per load, "
         f"median of {args.loads} loads per page, pages visited round robin, server settled between loads. "
         f"Cold = `--VoilaConfiguration.preheat_kernel=False`; preheated = voila.json as is, pool warm and "
         f"idle before each load. Kernel memory: the visitor's kernel 1 s after its page rendered (RSS counts "
         f"shared libraries in every process; USS is what each extra visitor really adds)."),
         ""]
    targets = []
    if "cold" in res:
        rows, v = page_table(res["cold"], res.get("warm"), base)
        L += ["## Time to interactive and kernel memory per page", ""] + rows + [""]
        targets.append((f"every page's cold TTI within {TARGET_TTI_RATIO}x the baseline", ok(v["tti"])))
        if "warm" in res:
            targets.append((f"preheated TTI within {TARGET_PREHEAT_RATIO}x the cold baseline", ok(v["preheat"])))
            L.append(f"Preheated loads that used a pool kernel (server log): {res['warm_pool_uses']} of "
                     f"{res['warm_loads']}.")
        left = sum(d["kernel_left"] for key in ("cold", "warm") for d in res.get(key, {}).values())
        total = sum(len(d["tti"]) for key in ("cold", "warm") for d in res.get(key, {}).values())
        L.append(f"Kernels still alive 10 s after their tab was closed cleanly: {left} of {total} loads.")
        L.append("")
        targets.append((f"kernel RSS per visitor within {TARGET_MEMORY_RATIO}x the baseline kernel",
                        ok(v["memory"])))
    if "slider" in res:
        L += ["## Slider to chart latency (explorers)", "",
              ("Key press on a focused explorer slider (ArrowRight/Left, sliders in turn) to the chart's SVG "
              "changing, and to the summary text changing, timed inside the page (MutationObserver, "
              "performance.now()); 150 ms between presses."), "",
              "| page | steps | chart median ms | chart p95 ms | summary median ms | summary p95 ms | no change |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        allc = []
        for s in res["slider"]:
            allc += s["chart_ms"]
            L.append(f"| {s['page']} | {len(s['chart_ms'])} | {fmt(median(s['chart_ms']), '.1f')} | "
                     f"{fmt(p95(s['chart_ms']), '.1f')} | {fmt(median(s['summary_ms']), '.1f')} | "
                     f"{fmt(p95(s['summary_ms']), '.1f')} | {s['no_change']}{' ' + s['error'] if s['error'] else ''} |")
        L.append(f"| all | {len(allc)} | {fmt(median(allc), '.1f')} | {fmt(p95(allc), '.1f')} | | | |")
        L.append("")
        targets.append(((f"slider median under {TARGET_SLIDER_MEDIAN:.0f} ms "
                        f"(measured {fmt(median(allc), '.1f')} ms)"),
                        ok(bool(allc) and median(allc) < TARGET_SLIDER_MEDIAN)))
        targets.append((f"slider p95 under {TARGET_SLIDER_P95:.0f} ms (measured {fmt(p95(allc), '.1f')} ms)",
                        ok(bool(allc) and p95(allc) < TARGET_SLIDER_P95)))
    if "crowds" in res:
        L += ["## Visitors arriving together", "",
              ("N browser contexts in one headless Chromium open course pages at once (visitor i opens course "
              "page i mod 8, index and facilitator guide included) against the preheated server; the "
              "browser runs on the same 2 cores, so it competes with the kernels. Memory: Voila process plus "
              "all kernels, with every visitor's page open. CPU: seconds used while the crowd arrived, by Voila "
              "and its kernels (pool refills included) and by Chromium; server-only time = server CPU / "
              "cores, the shortest the last visitor could wait if browsers ran on visitors' own devices "
              "and nothing else ran on the machine. A timeout is a visitor whose page was not interactive "
              f"within {args.crowd_timeout:.0f} s."), "",
              ("| visitors | errors | median TTI s | p95 TTI s | max TTI s | within 15 s | kernels | "
              "server RSS MiB | server USS MiB | per visitor USS MiB | server CPU s per visitor | "
              "browser CPU s per visitor | server-only time s |"),
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for c in res["crowds"]:
            mo, ms = c["all_open_mem"], c["start_mem"]
            timeouts = sum("Timeout" in e for e in c["errors"])
            per = (mo["total_uss"] - ms["total_uss"]) / c["size"]
            L.append(f"| {c['size']} | {len(c['errors'])} ({timeouts} timeouts) | {fmt(c['median'])} | {fmt(c['p95'])} | "
                     f"{fmt(c['max'])} | {c['within_target']}/{c['size']} | {mo['kernels']} | "
                     f"{mo['total_rss']:.0f} | {mo['total_uss']:.0f} | {per:.0f} | "
                     f"{c['cpu_server_s'] / c['size']:.2f} | {c['cpu_browser_s'] / c['size']:.2f} | "
                     f"{c['cpu_server_s'] / res['machine']['cores']:.1f} |")
            if c["size"] == 30:
                targets.append(("30 visitors: zero errors, all interactive within 15 s",
                                ok(not c["errors"] and c["within_target"] == c["size"])))
            if c["size"] == 50:
                targets.append(("50 visitors: zero errors", ok(not c["errors"])))
        idle = res["crowds"][0]["start_mem"]
        L += ["", (f"Idle server (pool of {idle['kernels']} preheated kernels, nobody visiting): "
              f"RSS {idle['total_rss']:.0f} MiB, USS {idle['total_uss']:.0f} MiB."), ""]
        errs = [e for c in res["crowds"] for e in c["errors"]]
        if errs:
            L += ["Errors: " + "; ".join(sorted(set(errs))[:8]), ""]
    if "cleanup" in res:
        c = res["cleanup"]
        s, a, e = c["start"], c["after_visits"], c["end"]
        growth = (e["total_rss"] - s["total_rss"]) / s["total_rss"]
        L += ["## Cleanup after visitors leave", "",
              (f"{c['visits']} visits in batches of 10 (open a course page, wait until interactive, leave): "
              f"half close the tab cleanly (beforeunload: Voila's beacon ends the kernel), half drop it "
              f"(no beforeunload: only the culler ends the kernel). Server with culling shortened to "
              f"`--MappingKernelManager.cull_idle_timeout={CULL_IDLE} "
              f"--MappingKernelManager.cull_interval={CULL_INTERVAL}` (voila.json: 900 s / 60 s)."), "",
              "| moment | live kernels | server RSS MiB | server USS MiB | Voila process RSS MiB |",
              "| --- | ---: | ---: | ---: | ---: |",
              (f"| before (pool warm) | {s['kernels']} | {s['total_rss']:.0f} | {s['total_uss']:.0f} | "
              f"{s['server_rss']:.0f} |"),
              (f"| right after the last visit | {a['kernels']} | {a['total_rss']:.0f} | {a['total_uss']:.0f} | "
              f"{a['server_rss']:.0f} |"),
              (f"| {c['back_after_s']:.0f} s later | {e['kernels']} | {e['total_rss']:.0f} | {e['total_uss']:.0f} "
              f"| {e['server_rss']:.0f} |"), "",
              (f"Back to the pool size ({res['cleanup_pool']} kernels, all idle): "
              f"{'yes' if c['back'] else 'NO'}, after {c['back_after_s']:.0f} s (window {c['window_s']} s); "
              f"server memory {growth:+.1%} against the start; {len(c['errors'])} failed visits. "
              f"Kernels still alive 5 s after the last batch: {c['clean_left']} of {c['clean_total']} closed "
              f"cleanly, {c['abrupt_left']} of {c['abrupt_total']} dropped (those wait for the culler)."), ""]
        targets.append(("no kernel leak: live kernels back to the pool size, memory back to start (within 10%)",
                        ok(c["back"] and growth <= 0.10)))
    L = L[:8] + ["## Targets", "", "| target | result |", "| --- | --- |"] + \
        [f"| {t} | {r} |" for t, r in targets] + [""] + L[8:]
    return "\n".join(L) + "\n"


def details(res: dict) -> str:
    L = ["## Every sample", ""]
    for key in ("cold", "warm"):
        if key in res:
            L.append(f"### {key} loads (TTI s; kernel RSS MiB; seconds waited for the server to settle)")
            for name, d in res[key].items():
                L.append(f"- {name}: TTI {[round(x, 2) for x in d['tti']]}; RSS {[round(x) for x in d['rss']]}; "
                         f"waited {d['waited']}; errors {d['errors']}")
            L.append("")
    for c in res.get("crowds", []):
        L.append(f"- crowd {c['size']}: TTI {[round(x, 1) for x in sorted(c['tti'])]}; wall {c['wall_s']:.1f} s; "
                 f"peak kernels {c['peak_kernels']}; peak RSS {c['peak_mem'].get('total_rss', 0):.0f} MiB; "
                 f"errors {c['errors']}")
    if "cleanup" in res:
        L.append(f"- cleanup trace (s, live kernels, clean-closed still alive, dropped still alive): {res['cleanup']['trace']}")
    return "\n".join(L) + "\n"


# ----------------------------------------------------------------------------- main

async def run(args) -> dict:
    from playwright.async_api import async_playwright

    res: dict = {"started": datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": machine()}
    parts = set(args.parts.split(","))
    t_all = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        pages = serving.make_site(site)
        course = serving.course_pages()
        async with async_playwright() as pw:
            browser = await visits.launch(pw)
            if "pages" in parts:
                log(f"cold: {len(pages)} pages x {args.loads} loads (preheat off)")
                server = serving.start(site, pages, Path(tmp) / "cold.log", preheat=False)
                try:
                    res["cold"] = await page_loads(browser, server, args.loads, measure_memory=True)
                finally:
                    server.stop()
            server = serving.start(site, pages, Path(tmp) / "warm.log", preheat=True)
            try:
                log(f"preheated server: waiting for the pool ({server.pool_size} kernels) to warm up")
                server.wait_until_settled(server.pool_size, timeout=180)
                if "pages" in parts:
                    log(f"preheated: {len(pages)} pages x {args.loads} loads")
                    res["warm"] = await page_loads(browser, server, args.loads, measure_memory=False)
                    res["warm_pool_uses"] = server.preheated_uses()
                    res["warm_loads"] = len(pages) * args.loads
                if "slider" in parts:
                    log(f"slider latency: {args.steps} steps per explorer")
                    res["slider"] = [await visits.slider_latency(browser, server.url, p, args.steps)
                                     for p in EXPLORER_PAGES]
                if "crowds" in parts:
                    res["crowds"] = []
                    for size in args.crowds:
                        log(f"crowd of {size}")
                        res["crowds"].append(await crowd(browser, server, size, course, args.crowd_timeout))
                        c = res["crowds"][-1]
                        log(f"  errors {len(c['errors'])}, median {fmt(c['median'])} s, max {fmt(c['max'])} s")
            finally:
                server.stop()
            if "cleanup" in parts:
                log(f"cleanup: {args.cleanup_visits} visits, culling {CULL_IDLE} s / {CULL_INTERVAL} s")
                server = serving.start(site, pages, Path(tmp) / "cleanup.log",
                                       f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE}",
                                       f"--MappingKernelManager.cull_interval={CULL_INTERVAL}", preheat=True)
                try:
                    server.wait_until_settled(server.pool_size, timeout=180)
                    res["cleanup"] = await cleanup(browser, server, args.cleanup_visits, course)
                    res["cleanup_pool"] = server.pool_size
                finally:
                    server.stop()
            await browser.close()
    res["duration_min"] = (time.monotonic() - t_all) / 60
    res["machine"]["load_at_end"] = os.getloadavg()
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loads", type=int, default=5, help="loads per page, cold and preheated (default 5)")
    ap.add_argument("--steps", type=int, default=30, help="slider steps per explorer (default 30)")
    ap.add_argument("--crowds", default="10,30,50", help="crowd sizes (default 10,30,50)")
    ap.add_argument("--crowd-timeout", type=float, default=240.0, help="seconds a crowd visitor waits")
    ap.add_argument("--cleanup-visits", type=int, default=100)
    ap.add_argument("--parts", default="pages,slider,crowds,cleanup")
    ap.add_argument("--quick", action="store_true", help="smoke run: 2 loads, 10 steps, crowds 5,10, 20 visits")
    args = ap.parse_args()
    if args.quick:
        args.loads, args.steps, args.crowds, args.cleanup_visits = 2, 10, "5,10", 20
    args.crowds = [int(x) for x in str(args.crowds).split(",") if x]
    os.environ["JUPYTER_PATH"] = str(ROOT / "share" / "jupyter")
    os.environ.pop("COURSE_STRICT", None)  # visitors get the calm message, as with make serve

    res = asyncio.run(run(args))
    text = summary(res, args)
    REPORTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    report = REPORTS / f"bench-{stamp}.md"
    report.write_text(text + "\n" + details(res))
    (REPORTS / f"bench-{stamp}.json").write_text(json.dumps(res, indent=1, default=str))
    full = not args.quick and args.parts == "pages,slider,crowds,cleanup"
    if full:
        RESULTS.write_text(text)
    print(text)
    log(f"report: {report.relative_to(ROOT)}" + (f"; summary copied to {RESULTS.relative_to(ROOT)}" if full else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
