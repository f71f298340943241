"""Wall soak: the wall under ~50 events/s for 30 minutes, in Chromium, two screens (1920×1080 and
3840×1080). Measures JS heap (after a forced GC) and DOM nodes at start and end, main-thread CPU per
screen, the time from a batch reaching the page to the second painted frame after it, and the map's
patch → redraw time.

The server is the real app in a process of its own (`python -m bench.wall_soak serve`), seeded like
the demo, with a steady-state driver inside it that signs and merges cases (so the open set stays near
`OPEN_TARGET`, as in a real center where cases close), moves units and raises early warnings. The
bench process posts demands over HTTP and camera alarms (Hikvision XML, some with a JPEG) to it.

    python -m bench wall_soak                      # 30 minutes, writes bench/RESULTS.md
    python -m bench.wall_soak --minutes 2          # a short trial (its own RESULTS section)
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from bench.alarm_intake import JPEG, hikvision_xml
from bench.load import demand
from bench.results import percentile, record

TOKEN = "soak-token-0123456789abcdef"
INTAKE_PER_SECOND = 20.0
UPDATES_PER_SECOND = 30  # signs and merges together
UNIT_MOVES_PER_SECOND = 1.5
ALARMS_PER_SECOND = 0.5
WARNINGS_PER_SECOND = 0.1
OPEN_TARGET = 800
ROOT = Path(__file__).resolve().parents[1]
SCREENS = (("1920×1080", 1920, 1080, ""), ("3840×1080 wide", 3840, 1080, "&layout=wide"))


# --- the server side: the app plus a steady-state driver ---------------------------------------------

def serve(port: int) -> int:
    from casework.alarms import seed_cameras
    from casework.seed import seed_demo
    from casework.settings import Settings
    from casework.store.migrate import upgrade
    from dashboard.server import create_app

    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no log line per request
    settings = Settings()
    upgrade(settings.database_url)
    app = create_app(settings)
    with app.runtime.store.transaction() as session:
        seed_demo(session, app.runtime.region, clock=app.runtime.clock)
        seed_cameras(session, app.runtime.region, app.runtime.clock)
    stop = threading.Event()
    threading.Thread(target=_drive, args=(app.runtime, stop), name="soak-driver", daemon=True).start()
    sys.setswitchinterval(0.001)
    app.start()
    try:
        app.socketio.run(app.flask, host="127.0.0.1", port=port, allow_unsafe_werkzeug=True, log_output=False)
    finally:
        stop.set()
        app.stop()
    return 0


def _drive(runtime, stop: threading.Event) -> None:  # noqa: ANN001
    """Every 100 ms: a tenth of the second's updates, unit moves and warnings, through casework."""
    from sqlalchemy import func, select

    from casework.actions import do_case_action, do_unit_status
    from casework.envelope import Envelope
    from casework.models import Case, Unit
    from casework.store.outbox import enqueue

    rng = random.Random(7)
    townships = list(runtime.region.townships)
    clock = runtime.clock
    with runtime.store.reading() as session:
        units = list(session.scalars(select(Unit.id)))
    tick, warnings, began = 0, 0, time.monotonic()
    while not stop.wait(max(0.0, began + (tick + 1) * 0.1 - time.monotonic())):  # on schedule, not after the work
        tick += 1
        try:
            with runtime.store.reading() as session:
                open_count = session.scalar(select(func.count()).select_from(Case)
                                            .where(Case.status.in_(("received", "signed")))) or 0
                merges = min(UPDATES_PER_SECOND // 10, max(0, open_count - OPEN_TARGET))
                oldest = session.execute(select(Case.id, Case.version).where(Case.status.in_(("received", "signed")))
                                         .order_by(Case.received_at).limit(merges + 1)).all()
                signs = UPDATES_PER_SECOND // 10 - merges
                newest = session.execute(select(Case.id, Case.version).where(Case.status == "received")
                                         .order_by(Case.received_at.desc()).limit(signs)).all()
            into = oldest[-1].id if oldest else None
            with runtime.store.transaction() as session:  # one transaction a tick: the driver must keep pace
                for case_id, version in oldest[:merges]:
                    do_case_action(session, case_id, "merge", expected_version=version, clock=clock,
                                   actor="soak", data={"into": into})
                for case_id, version in newest:
                    if case_id not in {c for c, _ in oldest[:merges]}:
                        do_case_action(session, case_id, "sign", expected_version=version, clock=clock, actor="soak")
            if units and rng.random() < UNIT_MOVES_PER_SECOND / 10:
                township = rng.choice(townships)
                with runtime.store.transaction() as session:
                    do_unit_status(session, rng.choice(units), rng.choice(("available", "en_route", "on_site")),
                                   clock=clock, actor="soak", lon=township["lon"] + rng.uniform(-0.02, 0.02),
                                   lat=township["lat"] + rng.uniform(-0.02, 0.02))
            if rng.random() < WARNINGS_PER_SECOND / 10:
                warnings += 1
                township = rng.choice(townships)
                now = clock.now()
                with runtime.store.transaction() as session:
                    enqueue(session, Envelope.new("warning.raised", subject_id=f"W-soak-{warnings}", occurred_at=now,
                                                  received_at=now, actor="insight", data={"warning": {
                                                      "id": f"W-soak-{warnings}", "title": f"{township['name']}同类诉求激增",
                                                      "where": {"township_code": township["code"],
                                                                "township_name": township["name"]},
                                                      "observed": rng.randint(8, 30), "expected": 3,
                                                      "level": rng.choice(("yellow", "orange", "red")),
                                                      "case_ids": []}}))
        except Exception as error:  # noqa: BLE001 - a conflict with a concurrent step is fine; carry on
            print(f"soak driver: {type(error).__name__}: {error}", file=sys.stderr, flush=True)


# --- the bench side ----------------------------------------------------------------------------------

def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Posters:
    """Demands at INTAKE_PER_SECOND and camera alarms at ALARMS_PER_SECOND, on schedule, until stopped."""

    def __init__(self, base: str) -> None:
        self.base, self.stop = base, threading.Event()
        self.sent = {"demands": 0, "alarms": 0, "failures": 0}
        self.threads = [threading.Thread(target=self._demands, args=(k,), daemon=True) for k in range(4)]
        self.threads.append(threading.Thread(target=self._alarms, daemon=True))

    def start(self) -> None:
        self.began = time.time()
        for thread in self.threads:
            thread.start()

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)

    def _demands(self, lane: int) -> None:
        session, n = requests.Session(), lane
        headers = {"Authorization": f"Bearer {TOKEN}"}
        while not self.stop.is_set():
            delay = self.began + n / INTAKE_PER_SECOND - time.time()
            if delay > 0 and self.stop.wait(delay):
                return
            body = demand("SOAK", n)
            body["reporter"] = {"name": "王小明", "phone": "13812345678"}
            try:
                ok = session.post(f"{self.base}/api/v1/intake/hotline12345", json=body, headers=headers,
                                  timeout=10).status_code == 201
            except requests.RequestException:
                ok = False
            self.sent["demands" if ok else "failures"] += 1
            n += 4

    def _alarms(self) -> None:
        session, n = requests.Session(), 0
        headers = {"Authorization": f"Bearer {TOKEN}"}
        while not self.stop.wait(1 / ALARMS_PER_SECOND):
            n += 1
            camera = 1 + n % 37
            xml = hikvision_xml(n, camera, "fielddetection")
            try:
                if n % 2:
                    answer = session.post(f"{self.base}/api/v1/alarms/hikvision", headers=headers, timeout=10,
                                          files={"fielddetection": ("a.xml", xml, "application/xml"),
                                                 "picture": ("p.jpg", JPEG, "image/jpeg")})
                else:
                    answer = session.post(f"{self.base}/api/v1/alarms/hikvision", data=xml, timeout=10,
                                          headers={**headers, "Content-Type": "application/xml"})
                ok = answer.status_code in (200, 201)
            except requests.RequestException:
                ok = False
            self.sent["alarms" if ok else "failures"] += 1


def _renderer_cpu(system) -> float:  # noqa: ANN001
    """CPU seconds of the screen's browser: its renderers (the page) and GPU/compositor processes."""
    processes = system.send("SystemInfo.getProcessInfo")["processInfo"]
    return sum(p["cpuTime"] for p in processes if p["type"] in ("renderer", "gpu"))


def _profile(cdp, seconds: float) -> None:  # noqa: ANN001
    """Top functions by self time over `seconds`, printed: where the page's script time goes."""
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 500})
    cdp.send("Profiler.start")
    time.sleep(seconds)
    profile = cdp.send("Profiler.stop")["profile"]
    nodes = {n["id"]: n for n in profile["nodes"]}
    counts: dict[str, int] = {}
    for sample in profile["samples"]:
        frame = nodes[sample]["callFrame"]
        key = f"{frame['functionName'] or '(anon)'} {frame['url'].rsplit('/', 1)[-1][:40]}:{frame['lineNumber']}"
        counts[key] = counts.get(key, 0) + 1
    total = len(profile["samples"]) or 1
    for key, n in sorted(counts.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {100 * n / total:5.1f}%  {key}", flush=True)


def _trace(browser, page, seconds: float) -> None:  # noqa: ANN001
    """A Chrome trace of the page's main thread over `seconds`, printed: where each long frame goes (script,
    style, layout, paint), the tasks over 16 ms with their biggest parts."""
    browser.start_tracing(page=page, categories=["devtools.timeline", "disabled-by-default-devtools.timeline",
                                                  "toplevel", "v8", "cc", "viz"])
    time.sleep(seconds)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
               if e.get("ph") == "M" and e.get("name") == "thread_name"}
    busy: dict[str, list[float]] = {}  # the other threads' work for a frame: raster, compositing, drawing
    for e in events:
        if e.get("ph") == "X" and e.get("name") in ("RasterTask", "ProxyImpl::ScheduledActionDraw", "Display::DrawAndSwap",
                                                    "LayerTreeHostImpl::PrepareToDraw", "ProxyImpl::ScheduledActionCommit"):
            thread = re.sub(r"\d+$", "", threads.get((e["pid"], e["tid"]), "?"))
            busy.setdefault(f"{e['name']} ({thread})", []).append(e["dur"] / 1000)
    main = {(e["pid"], e["tid"]) for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"
            and e.get("args", {}).get("name") == "CrRendererMain"}
    spans: list[tuple[float, float, str, float]] = []  # begin µs, duration µs, name, thread (CPU) µs
    open_: dict[tuple, list] = {}
    for e in events:
        where = (e.get("pid"), e.get("tid"))
        if where not in main:
            continue
        if e.get("ph") == "X" and "dur" in e:
            spans.append((e["ts"], e["dur"], e["name"], e.get("tdur", e["dur"])))
        elif e.get("ph") == "B":
            open_.setdefault(where, []).append(e)
        elif e.get("ph") == "E" and open_.get(where):
            begin = open_[where].pop()
            spans.append((begin["ts"], e["ts"] - begin["ts"], begin["name"], e.get("tts", 0) - begin.get("tts", 0)))
    interesting = ("FunctionCall", "EvaluateScript", "TimerFire", "FireAnimationFrame", "EventDispatch", "V8.GC_SCAVENGER",
                   "MajorGC", "MinorGC", "V8.GCScavenger", "V8.GCFinalizeMC", "UpdateLayoutTree", "Layout",
                   "PrePaint", "Paint", "Layerize", "UpdateLayer", "Commit", "HitTest", "ParseHTML",
                   "ScheduleStyleRecalculation", "v8.run", "ThreadControllerImpl::RunTask", "RunTask")
    totals: dict[str, list[float]] = {}
    for _, dur, name, _cpu in spans:
        if name in interesting:
            totals.setdefault(name, []).append(dur / 1000)
    print(f"  trace of {seconds:g} s, renderer main thread (ms): name, count, total, p50, p99, max", flush=True)
    for name, durs in sorted(totals.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {name:56s} {len(durs):6d} {sum(durs):9.1f} {percentile(durs, 50):7.2f} {percentile(durs, 99):7.2f}"
              f" {max(durs):7.1f}", flush=True)
    for name, durs in sorted(busy.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {name[:56]:56s} {len(durs):6d} {sum(durs):9.1f} {percentile(durs, 50):7.2f} {percentile(durs, 99):7.2f}"
              f" {max(durs):7.1f}", flush=True)
    tasks = sorted((s for s in spans if s[2] == "ThreadControllerImpl::RunTask" and s[1] > 16_000), key=lambda s: -s[1])
    print(f"  {len(tasks)} tasks over 16 ms, {sum(t[3] for t in tasks) / 1000:.0f} ms of CPU in {sum(t[1] for t in tasks) / 1000:.0f}"
          " ms (the rest waited for a core); the longest, with their parts over 2 ms:", flush=True)
    for begin, dur, _, cpu in tasks[:8]:
        parts = sorted(((d, n) for b, d, n, _ in spans if begin <= b < begin + dur and d > 2000
                        and n not in ("ThreadControllerImpl::RunTask", "RunTask")), reverse=True)[:6]
        print(f"  {dur / 1000:6.1f} ms (CPU {cpu / 1000:5.1f}): " + ", ".join(f"{n} {d / 1000:.1f}" for d, n in parts), flush=True)


def _sample(page, cdp, system) -> dict:  # noqa: ANN001
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    perf = page.evaluate("""() => { const p = window.SmartBrainWall.perf, s = window.SmartBrainLive.streams.wall;
        const out = {frames: p.frames.splice(0), map: p.mapFrames.splice(0), renders: p.renders.splice(0), figures: (p.figures || []).splice(0),
                     curves: (p.curves || []).splice(0), restyles: p.restyles || 0, applied: s.stats.applied,
                     gaps: s.stats.gaps, snapshots: s.stats.snapshots, dom: document.getElementsByTagName('*').length,
                     open: Object.keys(s.state.open).length, animations: document.getAnimations().length};
        return out; }""")
    return {"t": time.time(), "cpu": _renderer_cpu(system), "heap": metrics["JSHeapUsedSize"], "nodes": metrics["Nodes"],
            "listeners": metrics.get("JSEventListeners"), "task": metrics["TaskDuration"],
            "script": metrics["ScriptDuration"], "layout": metrics["LayoutDuration"] + metrics["RecalcStyleDuration"],
            "recalcs": metrics["RecalcStyleCount"],
            **perf}


def run(minutes: float, section: str, profile: float = 0.0, trace: float = 0.0) -> dict:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    work = Path(tempfile.mkdtemp(prefix="wall-soak-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DATABASE_URL=f"sqlite:///{work / 'soak.db'}", SMARTBRAIN_DEMO_TOKEN=TOKEN,
               PYTHONPATH=str(ROOT))
    log = (work / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "bench.wall_soak", "serve", "--port", str(port)],
                              cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        server.kill()
        raise RuntimeError(f"soak server did not start: {(work / 'server.log').read_text()}")
    posters = Posters(base)
    samples: dict[str, list[dict]] = {name: [] for name, *_ in SCREENS}
    try:
        with sync_playwright() as playwright:
            pages, browsers = [], []
            for name, width, height, query in SCREENS:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
                    "--no-sandbox", "--disable-background-networking", "--disable-gpu"])
                browsers.append(browser)
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(f"{base}/wall?token={TOKEN}{query}")
                page.wait_for_function("window.SmartBrainLive && window.SmartBrainLive.streams.wall"
                                       " && window.SmartBrainLive.streams.wall.connected === true", timeout=60_000)
                cdp = context.new_cdp_session(page)
                cdp.send("Performance.enable")
                pages.append((name, page, cdp, browser.new_browser_cdp_session()))
            posters.start()
            server_cpu0, began = _cpu_seconds(server.pid), time.time()
            warmup = min(90.0, minutes * 60 / 6)
            time.sleep(warmup)  # the open set and the page's lists fill up first
            for name, page, cdp, system in pages:
                samples[name].append(_sample(page, cdp, system))
            if profile:
                _profile(pages[0][2], profile)
            if trace:
                _trace(browsers[0], pages[0][1], trace)
            server_cpu1, measured_from = _cpu_seconds(server.pid), time.time()
            end = began + minutes * 60
            while time.time() < end:
                time.sleep(min(300.0, max(1.0, end - time.time())))
                for name, page, cdp, system in pages:
                    samples[name].append(_sample(page, cdp, system))
                print(f"wall soak: {(time.time() - began) / 60:.1f} min, "
                      + ", ".join(f"{n}: heap {s[-1]['heap'] / 2**20:.1f} MiB, nodes {s[-1]['nodes']:.0f}, "
                                  f"applied {s[-1]['applied']}" for n, s in samples.items()), flush=True)
            server_cpu2, measured_to = _cpu_seconds(server.pid), time.time()
            posters.close()
            time.sleep(5)
            idle = {name: page.evaluate("document.getAnimations().length") for name, page, *_ in pages}
            for browser in browsers:
                browser.close()
    finally:
        posters.close()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return _report(section, minutes, samples, posters.sent, idle,
                   (server_cpu2 - server_cpu1) / (measured_to - measured_from), measured_to - measured_from)


def _report(section: str, minutes: float, samples: dict[str, list[dict]], sent: dict, idle: dict,
            server_cpu: float, seconds: float) -> dict:
    rows, summary = [], {}
    for name, series in samples.items():
        first, last = series[0], series[-1]
        frames = [f for s in series[1:] for f in s["frames"]]
        maps = [f for s in series[1:] for f in s["map"]]
        renders = [f for s in series[1:] for f in s["renders"]]
        pushes = [f for s in series[1:] for f in s.get("figures", [])]
        curves = [f for s in series[1:] for f in s.get("curves", [])]
        wall_seconds = last["t"] - first["t"]
        rate = (last["applied"] - first["applied"]) / wall_seconds
        growth = (last["heap"] - first["heap"]) / first["heap"]
        summary[name] = {"heap_growth": growth, "update_p99": percentile(frames, 99), "rate": rate}
        rows.append(
            f"| {name} | {rate:.1f} | {first['heap'] / 2**20:.1f} → {last['heap'] / 2**20:.1f} MiB ({growth:+.1%})"
            f" | {first['nodes']:.0f} → {last['nodes']:.0f} | {first['dom']} → {last['dom']}"
            f" | {(last['cpu'] - first['cpu']) / wall_seconds:.1%}"
            f" | {(last['task'] - first['task']) / wall_seconds:.0%}"
            f" ({(last['script'] - first['script']) / wall_seconds:.0%} script,"
            f" {(last['layout'] - first['layout']) / wall_seconds:.0%} style+layout,"
            f" {(last['recalcs'] - first['recalcs']) / wall_seconds:.0f} style recalcs/s)"
            f" | {percentile(renders, 50):.1f} / {percentile(renders, 99):.1f}"
            f" | {percentile(frames, 50):.0f} / {percentile(frames, 95):.0f} / {percentile(frames, 99):.0f}"
            f" | {percentile(maps, 50):.1f} / {percentile(maps, 99):.1f} ({last['restyles'] - first['restyles']} restyles)"
            f" | {percentile(pushes, 50):.1f} / {percentile(pushes, 99):.1f} ({len(pushes)}; curve"
            f" {percentile(curves, 50):.1f} / {percentile(curves, 99):.1f}, {len(curves)})"
            f" | {last['gaps']} / {last['snapshots']} | {idle.get(name, '?')} |")
    heap_ok = all(s["heap_growth"] < 0.10 for s in summary.values())
    update_ok = all(s["update_p99"] < 50 for s in summary.values())
    body = f"""{minutes:g} minutes; the first {min(90.0, minutes * 10):.0f} s fill the page (the open set reaches its
steady size) and are not measured.
Load: {INTAKE_PER_SECOND:g} demands/s over HTTP (intake → outbox → relay → Socket.IO), {UPDATES_PER_SECOND} case updates/s
(sign, merge; the open set held near {OPEN_TARGET}), {UNIT_MOVES_PER_SECOND:g} unit moves/s, {ALARMS_PER_SECOND:g} camera alarms/s
(half with a JPEG), {WARNINGS_PER_SECOND:g} early warnings/s; sent {sent['demands']} demands, {sent['alarms']} alarms,
{sent['failures']} failures. Server (app + driver) CPU {server_cpu:.0%} of a core over {seconds:.0f} s.
Server, load and both Chromium screens share the machine; its 1-minute load average was {os.getloadavg()[0]:.1f} at the end.

| screen | events/s applied | JS heap after GC, start → end | DOM nodes (CDP) | elements | CPU of the screen (renderer + GPU processes, of one core) | main thread busy, wall time | render of one batch p50/p99 ms | batch → 2nd painted frame p50/p95/p99 ms | map fill p50/p99 ms (Plotly restyles of it) | figures push p50/p99 ms (count; of it the curve's restyle) | gaps / snapshots | animations 5 s after load stopped |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Targets: heap growth < 10 % — **{'met' if heap_ok else 'NOT met'}**; update < 50 ms (p99 batch → painted frame)
— **{'met' if update_ok else 'NOT met'}**. "Render of one batch" is the wall's own work per batch (counters,
lists, map layers; no Dash callback is involved after the first render); "batch → 2nd painted frame" runs from the
batch handed to the page to the second animation frame after it, so it also holds every wait for the CPU; the map's
fill is updated at most once a second, in place on its paths (a Plotly restyle only when the scale's top changes).
"""
    record(section, body)
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.wall_soak")
    parser.add_argument("command", nargs="?", default="run", choices=("run", "serve"))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--profile", type=float, default=0.0, help="seconds of CPU profile of the first screen")
    parser.add_argument("--trace", type=float, default=0.0,
                        help="seconds of Chrome trace of the first screen's main thread (long tasks, style, layout, paint)")
    args = parser.parse_args(argv if argv is not None else [])
    if args.command == "serve":
        sys.exit(serve(args.port))
    section = "Wall soak, 50 events/s for 30 minutes" if args.minutes >= 30 else \
        f"Wall soak, short trial ({args.minutes:g} min)"
    print(json.dumps(run(args.minutes, section, args.profile, args.trace), indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
