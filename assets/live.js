/* Live client: snapshot, then Socket.IO events applied in batches, with gap detection and catch-up.
 * Mirrors realtime/snapshot.py `apply_events`. Hands the page one view per batch: as soon as events
 * arrive, but at most one view every `data-live-min-view-ms` (default DRAIN_MS). */
(function () {
  "use strict";
  const OPEN = new Set(["received", "signed", "dispatched", "on_site", "returned"]);
  const RECENT_LIMIT = 30;
  const DRAIN_MS = 80;

  function pageToken() {
    const fromUrl = new URLSearchParams(window.location.search).get("token");
    if (fromUrl) {
      try { window.localStorage.setItem("smartbrain.token", fromUrl); } catch (e) { /* private mode */ }
      return fromUrl;
    }
    try { return window.localStorage.getItem("smartbrain.token"); } catch (e) { return null; }
  }

  function applyCase(state, event) {
    const c = event.data.case;
    const known = state.open[c.id];
    if (event.type === "case.created" && !known && !state.recent.some((r) => r.id === c.id)) {
      const day = c.received_at.slice(0, 10);
      if (day > state.today.date) state.today = { date: day, received: 0 };
      if (day === state.today.date) state.today.received += 1;
    }
    if (!known || known.v < c.version) {
      if (OPEN.has(c.status)) {
        state.open[c.id] = { v: c.version, t: c.township_code, g: c.village_code || null, s: c.status,
                             d: c.next_deadline || null, n: c.title };
      }
      else delete state.open[c.id];
      if (state.cases) {
        if (OPEN.has(c.status)) state.cases[c.id] = c;
        else delete state.cases[c.id];
      }
    }
    const index = state.recent.findIndex((r) => r.id === c.id);
    if (index >= 0) {
      if (state.recent[index].version < c.version) state.recent[index] = c;
      return;
    }
    state.recent.push(c);
    state.recent.sort((a, b) => (a.received_at < b.received_at ? 1 : a.received_at > b.received_at ? -1
      : a.id < b.id ? 1 : -1));
    state.recent.length = Math.min(state.recent.length, RECENT_LIMIT);
  }

  const ALERT_LIMIT = 12, WARNING_LIMIT = 30;
  const ALARM_REVIVES = new Set(["unknown", "offline"]);  // statuses an alarm turns online (casework/alarms.py)

  /* The wall's cameras, units, alerts and early warnings; mirrors realtime/wall_state.py */
  function publicAlert(a) {
    const cam = a.camera || {};
    return { id: a.id, kind: a.kind, label: a.label, status: a.status, count: a.count, at: a.last_at || a.raised_at,
             camera: { id: cam.id, name: cam.name, lon: cam.lon, lat: cam.lat, township_code: cam.township_code } };
  }
  function publicWarning(data, eventId) {
    const w = (data.warning && typeof data.warning === "object") ? data.warning : data;
    const where = (w.where && typeof w.where === "object") ? w.where : {};
    return { id: w.id || eventId, title: w.title || w.what || "",
             where: { township_code: where.township_code, township_name: where.township_name,
                      village_code: where.village_code, village_name: where.village_name },
             observed: w.observed, expected: w.expected, level: w.level, case_ids: (w.case_ids || []).slice(0, 20) };
  }
  function applyWall(state, event) {
    const data = event.data || {};
    if (event.type === "alert.raised" && state.alerts && data.alert) {
      const alert = publicAlert(data.alert);
      state.alerts = [alert].concat(state.alerts.filter((a) => a.id !== alert.id))
        .sort((a, b) => (a.id < b.id ? 1 : -1)).slice(0, ALERT_LIMIT);
      const camera = state.cameras && state.cameras[alert.camera.id];
      if (camera && ALARM_REVIVES.has(camera.status)) camera.status = "online";  // it just spoke; video loss stays
    } else if (event.type === "camera.status" && state.cameras && data.camera) {
      // a camera the snapshot did not hold (registered since) appears with the next snapshot
      const camera = state.cameras[data.camera.id];
      if (camera && data.camera.status) camera.status = data.camera.status;
    } else if (event.type === "unit.updated" && state.units && data.unit) {
      const u = data.unit, known = state.units[u.id];
      if (u.lon === null || u.lon === undefined) return;
      if (!known || known.v < u.version) state.units[u.id] = { n: u.name, k: u.kind, s: u.status, lon: u.lon, lat: u.lat, v: u.version };
    } else if (event.type === "warning.raised" && state.warnings) {
      const w = publicWarning(data, event.event_id);
      state.warnings = [w].concat(state.warnings.filter((x) => x.id !== w.id)).slice(0, WARNING_LIMIT);
    }
  }

  class LiveStream {
    constructor(room, token, onView) {
      this.room = room;
      this.token = token;
      this.onView = onView;
      this.state = null;
      this.pending = [];
      this.busy = false;
      this.connected = false;
      this.feedOk = true;  // the server's event bus; false while Redis is away (the page shows stale)
      this.stats = { applied: 0, received: 0, batches: 0, snapshots: 0, gaps: 0, catchUps: 0, lastApplyMs: 0 };
    }

    headers() { return this.token ? { Authorization: "Bearer " + this.token } : {}; }

    async fetchJson(path) {
      const response = await fetch(path, { headers: this.headers(), cache: "no-store", credentials: "same-origin" });
      if (!response.ok) throw new Error(path + " answered " + response.status);
      return response.json();
    }

    async start() {
      this.connect();
      await this.resync();
      this.timer = window.setInterval(() => this.drain(), DRAIN_MS);
    }

    async fetchFigures() {
      if (!this.onFigures) return;
      try { this.onFigures(await this.fetchJson("/api/v1/live/figures?room=" + this.room)); } catch (e) { /* next push */ }
    }

    async resync() {
      this.busy = true;
      this.fetchFigures();
      try {
        this.state = await this.fetchJson("/api/v1/live/snapshot?room=" + this.room);
        this.stats.snapshots += 1;
        this.pending = this.pending.filter((e) => e.seq > this.state.seq);
        this.snapshotTaken = true;
        this.emitView([]);
      } finally {
        this.busy = false;
      }
    }

    async catchUp() {
      if (!this.state) return;
      this.busy = true;
      try {
        this.stats.catchUps += 1;
        const answer = await this.fetchJson("/api/v1/live/events?room=" + this.room + "&after=" + this.state.seq);
        this.pending.push(...answer.events);
        if (!answer.complete) { this.busy = false; await this.resync(); }
      } finally {
        this.busy = false;
      }
    }

    connect() {
      this.socket = window.io("/live", { auth: { token: this.token, room: this.room }, transports: ["websocket"] });
      this.socket.on("events", (batch) => {
        this.stats.received += batch.length;
        this.pending.push(...batch);
        this.scheduleDrain();
      });
      this.socket.on("figures", (figures) => { if (this.onFigures) this.onFigures(figures); });
      this.socket.on("feed", (status) => {
        this.feedOk = !!(status && status.ok);
        this.emitView([]);
        if (this.feedOk && this.state) this.catchUp().catch(() => this.resync());
      });
      this.socket.on("connect", () => {
        const reconnect = this.connected === null;
        this.connected = true;
        this.feedOk = true;  // a server whose bus is away says so right after the connection
        this.emitView([]);
        if (reconnect && this.state) { this.catchUp().catch(() => this.resync()); this.fetchFigures(); }
      });
      this.socket.on("disconnect", () => { this.connected = null; this.emitView([]); });
      this.socket.on("connect_error", () => { this.connected = null; this.emitView([]); });
    }

    /* apply what arrived as soon as the page may repaint again (at most one view every minViewMs);
     * the DRAIN_MS tick stays as the fallback for events queued during a resync or catch-up */
    scheduleDrain() {
      if (this.drainTimer) return;
      const gap = this.minViewMs || DRAIN_MS;
      const wait = Math.max(0, (this.lastDrain === undefined ? -Infinity : this.lastDrain) + gap - performance.now());
      this.drainTimer = window.setTimeout(() => { this.drainTimer = null; this.drain(); }, wait);
    }

    drain() {
      if (this.busy || !this.state || this.pending.length === 0) return;
      // a big screen repaints at most a few times a second; events still queue up and apply together
      const gap = this.minViewMs || DRAIN_MS;
      if (this.lastDrain !== undefined && performance.now() - this.lastDrain < gap - 1) {
        this.scheduleDrain();
        return;
      }
      this.lastDrain = performance.now();
      const started = performance.now();
      this.pending.sort((a, b) => a.seq - b.seq);
      const applied = [];
      while (this.pending.length) {
        const event = this.pending[0];
        if (event.seq <= this.state.seq) { this.pending.shift(); continue; }
        if (event.seq !== this.state.seq + 1 && !this.replay) {
          this.stats.gaps += 1;
          this.catchUp().catch(() => this.resync());
          break;
        }
        this.pending.shift();
        if (event.type === "case.created" || event.type === "case.updated") applyCase(this.state, event);
        else applyWall(this.state, event);
        this.state.seq = event.seq;
        applied.push(event);
      }
      if (applied.length) {
        this.stats.applied += applied.length;
        this.stats.batches += 1;
        this.emitView(applied);
        this.stats.lastApplyMs = performance.now() - started;
      }
    }

    /* a page that deferred part of a view (the wall's map) asks for the current one again later */
    requestView(afterMs) {
      if (this.viewTimer) return;
      this.viewTimer = window.setTimeout(() => { this.viewTimer = null; this.emitView([]); }, afterMs);
    }

    emitView(applied) {
      if (!this.state) return;
      if (this.room === "console") return this.emitConsoleView(applied);
      const counts = {};
      const timed = [];
      let open = 0;
      for (const id in this.state.open) {
        const entry = this.state.open[id];
        const t = entry.t || "unplaced";
        counts[t] = (counts[t] || 0) + 1;
        open += 1;
        if (entry.d) timed.push({ id: id, d: entry.d, t: entry.t, n: entry.n });
      }
      timed.sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : 0));  // one offset (+08:00): text order is time order
      this.onView({
        emittedAt: performance.now(),
        seq: this.state.seq,
        counts: counts,
        open: open,
        today: this.state.today.received,
        board: timed.slice(0, 8),
        fresh: applied.filter((e) => e.type === "case.created").map((e) => e.id),
        freshAlerts: applied.filter((e) => e.type === "alert.raised" && !(e.data && e.data.repeat)).map((e) => e.id),
        replay: this.replay ? this.replay.status() : null,
        live: this.connected === true && this.feedOk,
        stats: this.stats,
      });
    }
  }

  /* The console's renderer (assets/console.js) writes rows straight into the grid; the row changes
   * accumulate here until it takes them all at once (it waits while the grid is not ready yet).
   * `versions`: the newest version of each changed case an event carried (closed ones included). */
  LiveStream.prototype.emitConsoleView = function (applied) {
    const delta = this.delta || (this.delta = { reset: false, changed: {}, fresh: [], versions: {} });
    if (this.snapshotTaken) { delta.reset = true; delta.changed = {}; this.snapshotTaken = false; }
    for (const event of applied) {
      if (event.type === "case.created" || event.type === "case.updated") {
        delta.changed[event.id] = delta.changed[event.id] === "case.created" ? "case.created" : event.type;
        if (event.type === "case.created") delta.fresh.push(event.id);
        const version = event.data && event.data.case && event.data.case.version;
        if (version && !(delta.versions[event.id] >= version)) delta.versions[event.id] = version;
      }
    }
    this.onView({ seq: this.state.seq, open: Object.keys(this.state.cases).length,
                  live: this.connected === true && this.feedOk, stats: this.stats });
  };

  LiveStream.prototype.takeConsoleDelta = function () {
    const delta = this.delta || { reset: false, changed: {}, fresh: [], versions: {} };
    this.delta = null;
    const ids = Object.keys(delta.changed);
    if (delta.reset) {
      this.rowIds = new Set(Object.keys(this.state.cases));
      return { rows: Object.values(this.state.cases), transaction: null, changed: ids, fresh: delta.fresh,
               versions: delta.versions };
    }
    const add = [], update = [], remove = [];
    for (const id of ids) {
      const row = this.state.cases[id];
      if (!row) { if (this.rowIds.has(id)) remove.push({ id: id }); this.rowIds.delete(id); }
      else if (this.rowIds.has(id)) update.push(row);
      else { add.push(row); this.rowIds.add(id); }
    }
    return { rows: null, transaction: { add: add, update: update, remove: remove }, changed: ids, fresh: delta.fresh,
             versions: delta.versions };
  };

  /* 复盘: the same stream fed from the event log at `speed`, never from the live socket */
  class Replay {
    constructor(stream, from, to, speed) {
      this.stream = stream; this.from = from; this.to = to; this.speed = speed;
      this.fromMs = Date.parse(from); this.toMs = Date.parse(to);
      this.queue = []; this.after = 0; this.complete = false; this.done = false;
    }
    query() { return "from=" + encodeURIComponent(this.from) + "&to=" + encodeURIComponent(this.to); }
    now() { return Math.min(this.toMs, this.fromMs + (performance.now() - this.startedAt) * this.speed); }
    status() { return { from: this.from, to: this.to, speed: this.speed, now: new Date(this.now()).toISOString(), done: this.done }; }
    async start() {
      const s = this.stream;
      s.state = await s.fetchJson("/api/v1/live/replay/base?" + this.query());
      this.after = s.state.seq;
      if (s.onFigures) s.fetchJson("/api/v1/live/replay/figures?" + this.query()).then(s.onFigures).catch(() => {});
      this.startedAt = performance.now();
      s.connected = true;
      s.emitView([]);
      await this.fetchMore();
      this.timer = window.setInterval(() => this.tick(), 100);
    }
    async fetchMore() {
      if (this.complete || this.fetching) return;
      this.fetching = true;
      try {
        const answer = await this.stream.fetchJson("/api/v1/live/replay/events?" + this.query() + "&after=" + this.after);
        this.queue.push(...answer.events);
        if (answer.events.length) this.after = answer.events[answer.events.length - 1].seq;
        this.complete = answer.complete;
      } finally { this.fetching = false; }
    }
    tick() {
      const now = this.now();
      while (this.queue.length && Date.parse(this.queue[0].ts) <= now) this.stream.pending.push(this.queue.shift());
      if (this.queue.length < 200) this.fetchMore().catch(() => {});
      if (now >= this.toMs && this.complete && !this.queue.length) {
        this.done = true; window.clearInterval(this.timer); this.stream.emitView([]);
      }
    }
  }

  LiveStream.prototype.startReplay = async function (from, to, speed) {
    this.replay = new Replay(this, from, to, speed);
    await this.replay.start();
    this.timer = window.setInterval(() => this.drain(), DRAIN_MS);
  };

  const streams = {};
  window.SmartBrainLive = { streams: streams, LiveStream: LiveStream, pageToken: pageToken };

  function status(text, className) {
    const node = document.querySelector("[data-live-status]");
    if (!node) return;
    const content = node.dataset[text] || text, classes = node.dataset.liveStatus + " " + className;
    if (node.textContent !== content) node.textContent = content;  // once per view: write only a change
    if (node.className !== classes) node.className = classes;
  }

  function tick() {
    const node = document.getElementById("wall-clock");
    const replay = streams.wall && streams.wall.replay;
    const moment = replay && replay.startedAt ? new Date(replay.now()) : new Date();
    const options = { hour12: false, timeZone: "Asia/Shanghai" };
    const replayed = { ...options, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" };
    if (node) node.textContent = replay ? moment.toLocaleString("zh-CN", replayed) : moment.toLocaleTimeString("zh-CN", options);
  }
  /* on the second (the wall's countdowns and its beat timer tick then too): one repaint a second, not three */
  function everySecond(fn) {
    window.setTimeout(() => { fn(); everySecond(fn); }, 1000 - (Date.now() % 1000) + 2);
  }

  function boot() {
    const root = document.querySelector("[data-live-room]");
    if (!root) return;
    const room = root.dataset.liveRoom;
    if (streams[room] || !window.io || !window.dash_clientside || !window.dash_clientside.set_props) return;
    const token = pageToken();
    if (!token && root.dataset.liveAuth !== "session") { status("tokenNeeded", "stale"); return; }
    // the page's own renderer (the wall's, the console's) takes each view and writes it in place; never a
    // Dash set_props per view: Dash keeps each in its undo history, which would grow for the whole shift
    const own = root.dataset.liveRender && window[root.dataset.liveRender];
    if (!own || !own.render) return;  // its script has not run yet: the next boot tick
    const stream = new LiveStream(room, token, (view) => {
      own.render(view);
      if (view.replay) status(view.replay.done ? "replayDone" : "replay", "replay");
      else status(view.live ? "live" : "stale", view.live ? "live" : "stale");
    });
    if (root.dataset.liveMinViewMs) stream.minViewMs = Number(root.dataset.liveMinViewMs);
    if (own.figures) stream.onFigures = (figures) => own.figures(figures);
    streams[room] = stream;
    const params = new URLSearchParams(window.location.search);
    const period = room === "wall" && params.get("replay");
    if (period && period.includes("~")) {
      const [from, to] = period.split("~");
      stream.startReplay(from, to, Number(params.get("speed") || 60)).catch((error) => {
        console.error(error); status("stale", "stale"); });
      return;
    }
    stream.start().catch((error) => { console.error(error); status("stale", "stale"); delete streams[room]; });
  }

  everySecond(tick);
  window.setInterval(boot, 250);
})();
