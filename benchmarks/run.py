"""`make bench`: the course served by Voila, measured against a baseline page in the same run.

What it measures (issue 7), all against the real `make serve` configuration (voila.json from the repo root,
the course template, Debian's Chromium headless, loopback only):

1. time to interactive (TTI) of every course page, cold (a server with the preheated pool switched off) and
   with the preheated pool (voila.json as is), median of --loads loads each, as a ratio to the baseline page
   (benchmarks/baseline.ipynb: one plain ipywidgets IntSlider) served by the same Voila;
2. slider-to-chart latency in the explorers (modules 02 and 03): key press to the chart's SVG changing,
   measured inside the page, over --steps steps per explorer;
3. kernel memory (RSS and USS) per visitor for every page, as a ratio to the baseline page's kernel; each
   page's kernel start-up CPU measured alone (benchmarks/kernel_alone.py: nothing else running, the baseline
   measured twice as an A/A control) and its memory in a visit opened by a light client (targets 1.1x the
   baseline kernel's);
4. bytes on the wire per page in Chromium (benchmarks/transfer.py: gzip and caching real), first visit and
   later page; crowds of light clients (benchmarks/crowd.py: no browsers, distinct 127.0.0.x addresses) on a
   server in workshop mode (GROUP_SIZE=30): 30 at the baseline page, at a module page and at the landing
   page, then 10 and 50 at the module page; time until all rendered and server CPU per arrival;
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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import crowd as light
import kernel_alone
import psutil
import serving
import transfer
import visits

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "benchmarks" / "reports"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
EXPLORER_PAGES = ["02-stress-relief-cycle.ipynb", "03-intermittent-kindness.ipynb"]
CULL_IDLE, CULL_INTERVAL = 30, 10
ALL_PARTS = "transfer,kernels,pages,slider,crowds,cleanup"

TARGET_TTI_RATIO, TARGET_PREHEAT_RATIO = 1.3, 0.6
TARGET_SLIDER_MEDIAN, TARGET_SLIDER_P95 = 50.0, 100.0
TARGET_MEMORY_RATIO = 1.3
TARGET_KERNEL_RATIO = 1.1  # each page's kernel start-up CPU and memory against the baseline kernel's
GROUP_SIZE = 30  # workshop mode for the crowd part (GROUP_SIZE=30 make serve)
CROWD_PAGE = "01-what-it-is.ipynb"  # the module page the crowds arrive at
TARGET_LANDING_S = 5.0  # 30 arrivals at the landing page, all rendered
TARGET_CROWD_RATIO = 1.2  # 30 arrivals at a module page against 30 at the baseline page; CPU per arrival alike


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


# ----------------------------------------------------------------------------- 4: crowds (light clients)

def server_tree(server: serving.Server) -> list[psutil.Process]:
    try:
        root = psutil.Process(server.process.pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


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


async def crowd(server: serving.Server, page: str, size: int, timeout_s: float) -> dict:
    """``size`` light clients arrive at ``page`` at once (benchmarks/crowd.py). Server CPU: Voila and all its
    kernels, from just before the crowd until the pools have refilled and gone idle (bounded by 120 s),
    read while every visitor's kernel still exists, divided by the arrivals."""
    settled, _ = await asyncio.to_thread(server.wait_until_settled, server.pool_size, 180)
    start_mem = server.memory()
    cpu0 = cpu_by_pid(server_tree(server))
    t0 = time.perf_counter()
    seen: dict = {}

    async def while_open():
        seen["all_in_s"] = time.perf_counter() - t0
        seen["all_open_mem"] = server.memory()
        rendered = len(server.kernels()) - server.pool_size
        seen["refilled"], _ = await asyncio.to_thread(server.wait_until_settled,
                                                      server.pool_size + max(rendered, 0), 120)
        seen["cpu_s"] = cpu_delta(cpu0, cpu_by_pid(server_tree(server)))

    arrivals = await light.crowd(server.url, page, size, timeout_s, while_open)
    times = [a.rendered_s for a in arrivals if a.rendered_s is not None and not a.error]
    return {"page": page, "size": size, "settled_before": settled,
            "errors": [f"{a.source}: {a.error}" for a in arrivals if a.error],
            "rendered": times, "median": median(times), "p95": p95(times), "max": max(times) if times else None,
            "html_max": max((a.html_s for a in arrivals if a.html_s), default=None),
            "widgets": median([a.widgets for a in arrivals if a.rendered_s]),
            "cpu_s": seen.get("cpu_s"), "refilled": seen.get("refilled"), "start_mem": start_mem,
            "all_open_mem": seen.get("all_open_mem", start_mem)}


async def crowds(site: Path, pages: list[str], tmp: Path, sizes: list[int], timeout_s: float) -> dict:
    """Workshop mode (GROUP_SIZE=30): 30 arrivals at the baseline page, at a module page and at the landing
    page, then the other crowd sizes at the module page; all in one run, on one server."""
    server = serving.start(site, pages, tmp / "crowds.log", group_size=GROUP_SIZE)
    runs = [(serving.BASELINE, GROUP_SIZE), (CROWD_PAGE, GROUP_SIZE), (serving.GROUP_PAGE, GROUP_SIZE)]
    runs += [(CROWD_PAGE, n) for n in sizes if n != GROUP_SIZE]
    out = []
    try:
        log(f"workshop server (GROUP_SIZE={GROUP_SIZE}): waiting for {server.pool_size} preheated kernels")
        await asyncio.to_thread(server.wait_until_settled, server.pool_size, 300)
        for page, n in runs:
            log(f"crowd of {n} light clients at {page}")
            out.append(await crowd(server, page, n, timeout_s))
            c = out[-1]
            log(f"  errors {len(c['errors'])}, all rendered after {fmt(c['max'])} s, "
                f"server CPU {fmt(c['cpu_s'])} s")
    finally:
        server.stop()
    return {"group_size": GROUP_SIZE, "pool_size": server.pool_size, "runs": out}


# ----------------------------------------------------------------------------- kernel start-up cost

async def kernel_costs(server: serving.Server, pages: list[str], rounds: int) -> dict:
    """Each page's own kernel (preheat off: one new kernel per visit), opened by a light client: its CPU
    seconds (start-up, the page's cells, the widget state reply) and memory, 1 s after it rendered."""
    out = {p: {"cpu": [], "rss": [], "uss": [], "errors": []} for p in pages}
    for _ in range(rounds):
        for name in pages:
            await asyncio.to_thread(server.wait_until_settled, 0, 30)
            before = {k.pid for k in server.kernels()}

            async def measure(_arrival, name=name, before=before):
                await asyncio.sleep(1.0)
                new = [k for k in server.kernels() if k.pid not in before]
                if len(new) == 1:
                    t, info = new[0].cpu_times(), new[0].memory_full_info()
                    out[name]["cpu"].append(t.user + t.system)
                    out[name]["rss"].append(info.rss / 2**20)
                    out[name]["uss"].append(info.uss / 2**20)

            a = await light.arrive(server.url, name, 0, 120, measure)
            if a.error:
                out[name]["errors"].append(a.error)
    return out


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
            "clean_total": len(clean_ids), "abrupt_left": abrupt_left, "abrupt_total": len(abrupt_ids),
            # the dropped tabs' kernels still alive when the window ended: look them up in the kept server log
            "abrupt_alive_at_end": [i for i in abrupt_ids if i in server.kernel_ids()]}


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
    if "transfer" in res:
        rows, f_ok, l_ok = transfer.table(res["transfer"])
        L += ["## Bytes on the wire per page", "",
              ("Every byte the server sent to the browser during a page load (until it renders and the tab "
               "closes), counted by a loopback relay in front of the server (benchmarks/transfer.py "
               "`WireCounter`): HTTP responses as sent (gzip included; a response from the browser's cache "
               "is not sent) and the kernel websocket's frames as sent (permessage-deflate, RFC 7692, when "
               "agreed), which carry the page's widget states. Chromium's own count of the HTTP part "
               "(DevTools `Network.loadingFinished` `encodedDataLength`) is beside it as a cross-check. "
               "First visit: a fresh browser context. Later page: the same context after the landing page "
               "(00-start-here for the landing page itself)."), ""] + rows + [""]
        targets.append((f"first visit transfers at most {transfer.FIRST_TARGET_MB} MB on every page", ok(f_ok)))
        targets.append((f"a later page transfers at most {transfer.LATER_TARGET_MB} MB on every page", ok(l_ok)))
    if "kernels" in res:
        k, alone = res["kernels"], res.get("kernels_alone", {})
        alone_ok = visit_ok = mem_ok = True
        if alone:
            cont = res.get("contention", {})
            aa = kernel_alone.paired_ratio(alone[kernel_alone.AGAIN], alone[base])
            L += ["## Kernel start-up CPU per page (each kernel alone)", "",
                  ("Each page's kernel started, run and asked for its widget states by the harness, one kernel "
                   "at a time with nothing else running (benchmarks/kernel_alone.py: the course's kernel spec, "
                   "the page's folder, Voila's environment, the page's code cells in order with COURSE_STRICT "
                   "so a failing page counts as an error, then the widget manager's first request); its CPU "
                   "seconds (user + system, every thread: interpreter start, imports, the cells, the "
                   "widget-state reply) 1 s after the reply. "
                   f"{args.kernel_alone_rounds} rounds after a warm-up kernel, pages in a shuffled order each "
                   "round; the ratio is the median over rounds of the page's CPU over the baseline kernel's in "
                   "the same round. In a visit the server renders the page on the other core while its kernel "
                   "starts; in this run the same imports took "
                   f"{fmt(cont.get('idle'))} CPU-s alone and {fmt(cont.get('beside'))} beside a memory-bound "
                   f"neighbour on the other core ({fmt(cont.get('ratio'))}x; kernel_alone.contention). "
                   "The baseline measured a second time each round against the first (A/A) shows how finely "
                   f"this machine tells two identical kernels apart: **{fmt(aa)}x**."), "",
                  "| page | CPU s (median) | CPU ratio (paired) | CPU s (min) | widgets | USS MiB | errors |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
            for name, d in alone.items():
                pr = kernel_alone.paired_ratio(d, alone[base]) if d["cpu"] else None
                if name not in (base, kernel_alone.AGAIN):
                    alone_ok &= pr is not None and pr <= TARGET_KERNEL_RATIO and not d["errors"]
                label = f"{name} (baseline)" if name == base else name
                L.append(f"| {label} | {fmt(median(d['cpu']))} | {fmt(pr)} | {fmt(min(d['cpu'], default=None))} | "
                         f"{fmt(median(d['widgets']), '.0f')} | {fmt(median(d['uss']), '.1f')} | {len(d['errors'])} |")
            L.append("")
        base_cpu, base_rss, base_uss = (median(k[base][x]) for x in ("cpu", "rss", "uss"))
        L += ["## Kernel cost per page in a visit", "",
              ("Each page opened by a light client on a server with the preheated pool off, so the visit "
               "starts its own kernel; that kernel's CPU seconds (interpreter start, imports, the page's "
               "cells, the widget-state reply, with the server's render of the page running beside it) and "
               f"memory 1 s after the page rendered; median of {args.kernel_rounds} visits per page, as a "
               "ratio to the baseline kernel (one IntSlider)."), "",
              "| page | CPU s | CPU ratio | RSS MiB | RSS ratio | USS MiB | USS ratio |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name, d in k.items():
            c, r, u = median(d["cpu"]), median(d["rss"]), median(d["uss"])
            cr = c / base_cpu if c and base_cpu else None
            rr = r / base_rss if r and base_rss else None
            ur = u / base_uss if u and base_uss else None
            if name != base:
                visit_ok &= cr is not None and cr <= TARGET_KERNEL_RATIO
                mem_ok &= all(x is not None and x <= TARGET_KERNEL_RATIO for x in (rr, ur))
            label = (f"{name} (baseline)" if name == base else name)
            label += f" ({len(d['errors'])} failed)" if d["errors"] else ""
            L.append(f"| {label} | {fmt(c)} | {fmt(cr)} | {fmt(r, '.0f')} | {fmt(rr)} | {fmt(u, '.0f')} | {fmt(ur)} |")
        L.append("")
        if alone:
            targets.append((f"every page's kernel start-up CPU within {TARGET_KERNEL_RATIO}x the baseline kernel's "
                            "(each kernel alone, paired by round)", ok(alone_ok)))
        targets.append((f"every page's kernel start-up CPU within {TARGET_KERNEL_RATIO}x the baseline kernel's "
                        f"(in a visit, median of {args.kernel_rounds})", ok(visit_ok)))
        targets.append((f"every page's kernel memory (RSS and USS) within {TARGET_KERNEL_RATIO}x the baseline's",
                        ok(mem_ok)))
    if "crowds" in res:
        cr = res["crowds"]
        L += ["## Visitors arriving together (light clients, workshop mode)", "",
              (f"Server as `GROUP_SIZE={cr['group_size']} make serve` ({cr['pool_size']} preheated kernels: "
               f"{cr['group_size']} for the landing page, 1 for every other page). N light clients "
               "(benchmarks/crowd.py, no browsers: the figure is the server's) arrive at once, each from its own "
               "loopback address: GET the page, open the kernel's websocket, request the widget states "
               "(what a browser's widget manager does first); rendered = the states have arrived. Server CPU: "
               "Voila and every kernel, from just before the crowd until the pools have refilled (bounded), "
               f"per arrival. A visitor waits at most {args.crowd_timeout:.0f} s."), "",
              ("| page | arrivals | errors | median s | p95 s | all rendered s | last HTML s | server CPU s "
               "per arrival | pools refilled | server USS MiB, all open |"),
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"]
        for c in cr["runs"]:
            per = c["cpu_s"] / c["size"] if c["cpu_s"] is not None else None
            L.append(f"| {c['page']} | {c['size']} | {len(c['errors'])} | {fmt(c['median'])} | {fmt(c['p95'])} | "
                     f"{fmt(c['max'])} | {fmt(c['html_max'])} | {fmt(per)} | "
                     f"{'yes' if c['refilled'] else 'no'} | {c['all_open_mem']['total_uss']:.0f} |")
        L.append("")
        by = {(c["page"], c["size"]): c for c in cr["runs"]}
        b, m, land = (by.get((pg, cr["group_size"])) for pg in (base, CROWD_PAGE, serving.GROUP_PAGE))
        targets.append(("crowds: zero errors", ok(all(not c["errors"] for c in cr["runs"]))))
        if land:
            targets.append((f"{cr['group_size']} arrivals at the landing page all rendered within "
                            f"{TARGET_LANDING_S:.0f} s (measured {fmt(land['max'])} s)",
                            ok(land["max"] is not None and not land["errors"] and land["max"] <= TARGET_LANDING_S)))
        if b and m:
            t_ratio = m["max"] / b["max"] if m["max"] and b["max"] else None
            c_ratio = (m["cpu_s"] / m["size"]) / (b["cpu_s"] / b["size"]) if m["cpu_s"] and b["cpu_s"] else None
            targets.append((f"{cr['group_size']} arrivals at {CROWD_PAGE} within {TARGET_CROWD_RATIO}x the "
                            f"baseline page's time (measured {fmt(t_ratio)}x)",
                            ok(t_ratio is not None and t_ratio <= TARGET_CROWD_RATIO)))
            targets.append((f"server CPU per arrival at {CROWD_PAGE} within {TARGET_CROWD_RATIO}x the baseline "
                            f"page's (measured {fmt(c_ratio)}x)",
                            ok(c_ratio is not None and c_ratio <= TARGET_CROWD_RATIO)))
        errs = [e for c in cr["runs"] for e in c["errors"]]
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
    for c in res.get("crowds", {}).get("runs", []):
        L.append(f"- crowd {c['size']} at {c['page']}: rendered s {[round(x, 1) for x in sorted(c['rendered'])]}; "
                 f"errors {c['errors']}")
    for name, d in res.get("kernels_alone", {}).items():
        L.append(f"- kernel alone {name}: CPU s {[round(x, 3) for x in d['cpu']]}; USS {[round(x, 1) for x in d['uss']]}; "
                 f"errors {d['errors']}")
    for name, d in res.get("kernels", {}).items():
        L.append(f"- kernel {name}: CPU s {[round(x, 2) for x in d['cpu']]}; RSS {[round(x) for x in d['rss']]}; "
                 f"errors {d['errors']}")
    if "cleanup" in res:
        L.append("- cleanup trace (s, live kernels, clean-closed still alive, dropped still alive): "
                 f"{res['cleanup']['trace']}")
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
            if "kernels" in parts:  # first, while nothing else runs: each kernel alone
                log(f"kernel start-up alone: {len(pages)} pages (+ the baseline again) x {args.kernel_alone_rounds}")
                res["kernels_alone"] = await asyncio.to_thread(kernel_alone.costs, site, pages,
                                                               args.kernel_alone_rounds, log)
                log("contention: the same imports alone and beside a busy neighbour")
                res["contention"] = await asyncio.to_thread(kernel_alone.contention)
            if "pages" in parts or "kernels" in parts:
                server = serving.start(site, pages, Path(tmp) / "cold.log", preheat=False)
                try:
                    if "kernels" in parts:
                        log(f"kernel start-up: {len(pages)} pages x {args.kernel_rounds} light visits (preheat off)")
                        res["kernels"] = await kernel_costs(server, pages, args.kernel_rounds)
                    if "pages" in parts:
                        log(f"cold: {len(pages)} pages x {args.loads} loads (preheat off)")
                        res["cold"] = await page_loads(browser, server, args.loads, measure_memory=True)
                finally:
                    server.stop()
            server = None
            if parts & {"pages", "slider", "transfer"}:
                server = serving.start(site, pages, Path(tmp) / "warm.log", preheat=True)
            try:
                if server is not None:
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
                if "transfer" in parts:
                    log(f"bytes on the wire: {len(pages)} pages, first visit and later page")
                    res["transfer"] = await transfer.measure(browser, server.url, pages)
            finally:
                if server is not None:
                    server.stop()
            if "crowds" in parts:
                res["crowds"] = await crowds(site, pages, Path(tmp), args.crowds, args.crowd_timeout)
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
                    # Kept beside the report: which kernels the culler saw, and when (issue 17's leak).
                    REPORTS.mkdir(parents=True, exist_ok=True)
                    kept = REPORTS / f"cleanup-{time.strftime('%Y%m%d-%H%M%S')}.log"
                    shutil.copy(Path(tmp) / "cleanup.log", kept)
                    res["cleanup_log"] = str(kept.relative_to(ROOT))
            await browser.close()
    res["duration_min"] = (time.monotonic() - t_all) / 60
    res["machine"]["load_at_end"] = os.getloadavg()
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loads", type=int, default=5, help="loads per page, cold and preheated (default 5)")
    ap.add_argument("--steps", type=int, default=30, help="slider steps per explorer (default 30)")
    ap.add_argument("--crowds", default="10,30,50", help="crowd sizes (default 10,30,50)")
    ap.add_argument("--crowd-timeout", type=float, default=120.0, help="seconds a crowd visitor waits")
    ap.add_argument("--cleanup-visits", type=int, default=100)
    ap.add_argument("--kernel-rounds", type=int, default=3, help="light visits per page for kernel cost (default 3)")
    ap.add_argument("--kernel-alone-rounds", type=int, default=9,
                    help="rounds of each page's kernel measured alone (default 9)")
    ap.add_argument("--parts", default=ALL_PARTS)
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: 2 loads, 10 steps, 1 kernel round (2 alone), crowds 10 (plus the 30s), 20 visits")
    args = ap.parse_args()
    if args.quick:
        args.loads, args.steps, args.crowds, args.cleanup_visits, args.kernel_rounds = 2, 10, "10", 20, 1
        args.kernel_alone_rounds = 2
    args.crowds = [int(x) for x in str(args.crowds).split(",") if x]
    os.environ["JUPYTER_PATH"] = str(ROOT / "share" / "jupyter")
    os.environ.pop("COURSE_STRICT", None)  # visitors get the calm message, as with make serve
    # As `make serve` does first: the content snapshot and the bytecode every kernel loads. A stale snapshot
    # makes each kernel validate the content itself (pydantic, PyYAML): that is not what visitors get.
    subprocess.run([sys.executable, "-m", "widgets.content", "check"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    res = asyncio.run(run(args))
    text = summary(res, args)
    REPORTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    report = REPORTS / f"bench-{stamp}.md"
    report.write_text(text + "\n" + details(res))
    (REPORTS / f"bench-{stamp}.json").write_text(json.dumps(res, indent=1, default=str))
    full = not args.quick and set(args.parts.split(",")) == set(ALL_PARTS.split(","))
    if full:
        RESULTS.write_text(text)
    print(text)
    log(f"report: {report.relative_to(ROOT)}" + (f"; summary copied to {RESULTS.relative_to(ROOT)}" if full else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
