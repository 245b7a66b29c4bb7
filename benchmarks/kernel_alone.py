"""Each page's kernel on its own: start-up CPU and memory, with nothing else running beside it.

In Voila a visit's kernel starts while the server renders the page's HTML (nbconvert, the template) on the
other core, and work beside it can make the same kernel cost more CPU (``contention()``: ``python
benchmarks/kernel_alone.py --contention``; ``make bench`` runs it and reports the figure: +13-19% in a probe
on 2026-12-03, none (0.92x) in the full run that followed; it varies with the machine's other tenants). A
page with a long text keeps the server busy longer beside its kernel than the one-slider baseline does, so
the visit's figure may charge some of the server's work to the page's kernel; both figures are reported.
Here the harness does what Voila and the page's widget manager do, one kernel at a time, then only waits:

1. start the page's kernel from the course's kernel spec (``share/jupyter/kernels/python3``) in the
   notebook's folder, with the server's environment (as ``voila/handler.py`` does);
2. run the page's code cells in order (as Voila's executor does), each until the kernel is idle again;
3. open the widget control comm and ask for every widget's state (as the page's widget manager does:
   benchmarks/crowd.py step 4), until the reply has arrived;
4. 1 s later, read the kernel's CPU seconds (user + system, all threads) and memory (RSS, USS); then end it.

Pages are measured in rounds after one warm-up kernel, each page once per round in a shuffled order, so slow
spells of the machine fall on every page alike, and each page is compared with the baseline kernel (one
IntSlider) of the same round (``paired_ratio``). The baseline is measured twice in each round, under two
names: the second against the first (an A/A comparison) shows how finely this machine can tell two
identical kernels apart.
"""

from __future__ import annotations

import json
import os
import queue
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import crowd
import psutil
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parent.parent
KERNELS = ROOT / "share" / "jupyter" / "kernels"
AGAIN = "baseline.ipynb (again)"  # the A/A control: the baseline kernel measured a second time each round


def code_cells(notebook: Path) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def voila_env(page: str, kernel_id: str) -> dict[str, str]:
    """What Voila 0.5 adds to a visit's kernel environment (voila/handler.py, voila_kernel_manager.py), and
    VOILA_KERNEL_ID, which Voila sets with a one-line first cell (notebook_renderer.py) before the page's
    cells and the course reads to know it is in Voila, not JupyterLab: here it is in the environment from
    the start, the same for every page."""
    url = f"http://127.0.0.1:8866/voila/render/{page}"
    return {"SCRIPT_NAME": f"/voila/render/{page}", "PATH_INFO": "", "QUERY_STRING": "",
            "SERVER_SOFTWARE": "voila", "SERVER_PROTOCOL": "HTTP/1.1", "SERVER_PORT": "8866",
            "SERVER_NAME": "127.0.0.1", "VOILA_PREHEAT": "False", "VOILA_BASE_URL": "/", "VOILA_SERVER_URL": "/",
            "VOILA_REQUEST_URL": url, "VOILA_APP_PORT": "8866", "VOILA_KERNEL_ID": kernel_id}


def _until(kc, channel: str, parent: str, done, timeout: float) -> dict:
    """Messages on ``channel`` answering ``parent`` until ``done(msg)``; an error names what never came."""
    deadline = time.monotonic() + timeout
    get = kc.get_iopub_msg if channel == "iopub" else kc.get_shell_msg
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no {channel} reply to {parent} within {timeout:.0f} s")
        try:
            msg = get(timeout=left)
        except queue.Empty:
            continue
        if msg.get("parent_header", {}).get("msg_id") == parent and done(msg):
            return msg


def measure(notebook: Path, timeout: float = 120.0) -> dict:
    """One visit's kernel for ``notebook``, alone: its CPU seconds and memory 1 s after the widget states
    arrived."""
    kernel_id = str(uuid.uuid4())
    # COURSE_STRICT: a page that fails raises here (and counts as an error) instead of showing the calm
    # message a visitor sees, which would cost less and pass unnoticed.
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / "share" / "jupyter"), **voila_env(notebook.name, kernel_id),
           "COURSE_STRICT": "1"}
    # As voila.json: IPC transport (no TCP port per kernel), its sockets in a folder of their own.
    sockets = tempfile.mkdtemp(prefix="kernel-alone-")
    km = KernelManager(kernel_name="python3", transport="ipc", ip=f"{sockets}/ipc",
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(KERNELS)]))
    km.start_kernel(cwd=str(notebook.parent), env=env)
    kc = km.client()
    try:
        kc.start_channels()
        kc.wait_for_ready(timeout=timeout)
        for source in code_cells(notebook):
            msg_id = kc.execute(source, store_history=False, allow_stdin=False)  # as Voila's executor
            reply = _until(kc, "shell", msg_id, lambda m: m["msg_type"] == "execute_reply", timeout)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"{notebook.name}: a cell failed: {reply['content'].get('ename')}")
            _until(kc, "iopub", msg_id, lambda m: m["msg_type"] == "status"
                   and m["content"]["execution_state"] == "idle", timeout)
        comm_id, ask = crowd.widget_states_request(kc.session.session)
        for message in ask:
            kc.shell_channel.send(message)
        request = ask[-1]
        reply = _until(kc, "iopub", request["header"]["msg_id"], lambda m: m["msg_type"] in ("comm_msg", "comm_close")
                       and m["content"].get("comm_id") == comm_id, timeout)
        widgets = len(reply["content"].get("data", {}).get("states", {}))
        settle = time.monotonic() + 1.0
        while time.monotonic() < settle:  # the same 1 s as the Voila figure (run.kernel_costs), not a wait
            time.sleep(settle - time.monotonic())
        proc = psutil.Process(km.provisioner.pid)
        t, info = proc.cpu_times(), proc.memory_full_info()
        return {"cpu": t.user + t.system, "rss": info.rss / 2**20, "uss": info.uss / 2**20, "widgets": widgets}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)  # measured already: no need to wait for a clean exit
        shutil.rmtree(sockets, ignore_errors=True)


def costs(site: Path, pages: list[str], rounds: int, log=print) -> dict:
    """Every page's kernel alone, ``rounds`` rounds (the baseline twice per round: AGAIN), each round in its
    own shuffled order (seeded: the same orders every run), so no page always follows the same one or
    always comes first."""
    names = [pages[0], AGAIN, *pages[1:]]
    out: dict[str, dict[str, list]] = {n: {"cpu": [], "rss": [], "uss": [], "widgets": [], "round": [],
                                           "errors": []} for n in names}
    log("kernels alone: one warm-up kernel (not counted)")
    try:
        measure(site / pages[0])
    except Exception as exc:  # noqa: BLE001 - reported by the rounds below if it persists
        log(f"warm-up kernel failed: {type(exc).__name__}")
    for r in range(rounds):
        log(f"kernels alone: round {r + 1} of {rounds}")
        order = list(names)
        random.Random(r).shuffle(order)
        for name in order:
            path = site / (pages[0] if name == AGAIN else name)
            try:
                m = measure(path)
            except Exception as exc:  # noqa: BLE001 - a bench reports what failed and goes on
                out[name]["errors"].append(f"{type(exc).__name__}: {str(exc)[:160]}")
                continue
            for key in ("cpu", "rss", "uss", "widgets"):
                out[name][key].append(m[key])
            out[name]["round"].append(r)
    return out


def paired_ratio(page: dict, base: dict) -> float | None:
    """Median over rounds of this page's CPU over the baseline's in the same round (rounds where both ran):
    a slow spell of the machine then weighs on both sides of each ratio."""
    by_round = dict(zip(base["round"], base["cpu"], strict=True))
    ratios = [c / by_round[r] for r, c in zip(page["round"], page["cpu"], strict=True) if by_round.get(r)]
    return statistics.median(ratios) if ratios else None


def _import_cpu(cpu: int) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", "import ipykernel.kernelapp, ipywidgets"], check=True,
                   preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def contention(blocks: int = 3, per_block: int = 5) -> dict[str, float]:
    """The same imports' CPU seconds on core 0, alone and beside a memory-bound neighbour on core 1 (JSON
    round trips of a 200 kB document, a stand-in for a server rendering pages), in alternating blocks so a
    drift of the machine falls on both; medians. Needs 2 cores."""
    neighbour = ("import json, itertools\n"
                 "doc = {str(i): {'text': 'x' * 40, 'items': list(range(20))} for i in range(2000)}\n"
                 "for _ in itertools.count(): json.loads(json.dumps(doc))")
    idle: list[float] = []
    beside: list[float] = []
    for _ in range(blocks):
        idle += [_import_cpu(0) for _ in range(per_block)]
        busy = subprocess.Popen([sys.executable, "-c", neighbour], preexec_fn=lambda: os.sched_setaffinity(0, {1}))
        try:
            beside += [_import_cpu(0) for _ in range(per_block)]
        finally:
            busy.kill()
            busy.wait()
    return {"idle": statistics.median(idle), "beside": statistics.median(beside),
            "ratio": statistics.median(beside) / statistics.median(idle)}


if __name__ == "__main__":  # a quick probe: python benchmarks/kernel_alone.py ROUNDS PAGE... | --contention
    if sys.argv[1:] == ["--contention"]:
        print({k: round(v, 3) for k, v in contention().items()})
        raise SystemExit(0)
    import tempfile

    import serving

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        every = serving.make_site(Path(tmp))
        chosen = [p for p in every if p == serving.BASELINE or any(p.startswith(a) for a in sys.argv[2:])]
        res = costs(Path(tmp), chosen, rounds)
    for name, r in res.items():
        if r["cpu"]:
            print(f"{name:40s} cpu median {statistics.median(r['cpu']):.3f} "
                  f"paired ratio {paired_ratio(r, res[serving.BASELINE]) or 0:.2f} min {min(r['cpu']):.3f} "
                  f"widgets {statistics.median(r['widgets']):.0f} uss {statistics.median(r['uss']):.1f} "
                  f"errors {len(r['errors'])}")
        else:
            print(name, r["errors"][:1])
