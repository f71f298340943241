/* Clientside renderer of the wall: one applied batch in, in-place patches out.
 * Map traces (dashboard/figures/county_map.py TRACES): 0 areas, 1 labels, 2 heat, 3 incidents,
 * 4 cameras, 5 units. The map is patched at most once a second; counters and lists per batch (≤5/s).
 * Animations are finite (a pulse runs three times, then stops): an idle wall runs none. */
(function () {
  "use strict";
  const CHANNELS = {
    hotline12345: "12345热线", police110: "110联动", grid: "网格上报", window: "窗口受理",
    online: "网上留言", open311: "Open311", camera: "视频告警", import: "历史导入",
  };
  const LEVELS = { red: 4, "红": 4, "红色": 4, orange: 3, "橙": 3, "橙色": 3, yellow: 2, "黄": 2, "黄色": 2,
                   blue: 1, "蓝": 1, "蓝色": 1 };
  const LEVEL_NAMES = ["", "蓝色", "黄色", "橙色", "红色"];
  const ALERT_KINDS = { intrusion: "区域入侵", line_crossing: "越界", fire: "烟火", crowd: "人员聚集",
                        loitering: "徘徊", vehicle: "车辆", person: "人员", video_loss: "视频丢失" };
  const MAP_MIN_INTERVAL_MS = 1000;
  const PULSE_LIMIT = 6;  // at most this many points pulse at once
  const INCIDENT_LIMIT = 30;
  const HEAT_LIMIT = 60;  // the busiest cells only: a heat layer, not a carpet
  const POPUP_MS = 12000;
  const FRAME_SAMPLES = 2000;

  const params = new URLSearchParams(window.location.search);
  const ui = {
    measure: ["open", "overdue", "risk"].includes(params.get("measure")) ? params.get("measure") : "open",
    township: params.get("township") || null,
    heat: ["24h", "7d", "30d"].includes(params.get("heat")) ? params.get("heat") : "24h",
    layout: ["wide", "tiles"].includes(params.get("layout")) ? params.get("layout") : "default",
    rotateMs: Math.max(5, Number(params.get("rotate") || 20)) * 1000,
  };
  const mapState = { key: null, at: -Infinity, level: null, pulses: [], flashes: [] };
  const seen = { incidents: new Set(), alerts: new Set() };
  let figuresCache = null, villages = null, curveKey = null;
  const perf = { frames: [], mapFrames: [] };
  window.SmartBrainWall = { ui: ui, perf: perf };

  /* SLA countdowns tick in the browser: the server sends deadlines, never a per-second tick */
  function countdown(ms) {
    const sign = ms < 0 ? "超时 " : "";
    const s = Math.floor(Math.abs(ms) / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    const pad = (n) => String(n).padStart(2, "0");
    return sign + (h > 0 ? h + ":" + pad(m) + ":" + pad(s % 60) : pad(m) + ":" + pad(s % 60));
  }
  /* the wall's now: the replayed moment during 复盘 */
  function nowMs() {
    const replay = stream() && stream().replay;
    return replay && replay.startedAt ? replay.now() : Date.now();
  }
  function slaClass(left) { return left < 0 ? " sla-late" : left < 5 * 60 * 1000 ? " sla-near" : ""; }
  window.setInterval(function () {
    const now = nowMs();
    document.querySelectorAll(".sla-item[data-deadline]").forEach(function (node) {
      const left = Date.parse(node.dataset.deadline) - now;
      node.firstChild.textContent = countdown(left);
      node.classList.toggle("sla-late", left < 0);
      node.classList.toggle("sla-near", left >= 0 && left < 5 * 60 * 1000);
    });
  }, 1000);

  function el(type, className, children, style) {
    const props = { className: className, children: children };
    if (style) props.style = style;
    return { type: type, namespace: "dash_html_components", props: props };
  }
  function percent(value) { return value === null || value === undefined ? "—" : (value * 100).toFixed(1); }
  function levelOf(level) {
    if (typeof level === "number") return Math.max(0, Math.min(4, level));
    return LEVELS[String(level || "").toLowerCase()] || (level ? 1 : 0);
  }
  function record(list, value) { list.push(value); if (list.length > FRAME_SAMPLES) list.splice(0, list.length - FRAME_SAMPLES); }
  function stream() { return window.SmartBrainLive && window.SmartBrainLive.streams.wall; }
  function rerender() { const s = stream(); if (s) { mapState.key = null; mapState.at = -Infinity; s.emitView([]); } }
  function root() { return document.querySelector(".wall"); }

  function item(c, names, fresh) {
    const time = (c.received_at || "").slice(11, 16);
    const place = names[c.village_code] && ui.township ? names[c.village_code] : (names[c.township_code] || "—");
    return {
      type: "Li", namespace: "dash_html_components",
      props: {
        key: c.id, className: "ticker-item" + (fresh.has(c.id) ? " fresh" : "") + (c.urgency !== "normal" ? " urgent" : ""),
        children: [
          el("Span", "ticker-time", time), el("Span", "ticker-channel", CHANNELS[c.channel] || c.channel),
          el("Span", "ticker-place", place), el("Span", "ticker-title", c.title),
        ],
      },
    };
  }

  /* --- the map's geometry: the county's townships, or one township's villages ------------------ */
  function loadVillages() {
    if (villages) return villages;
    const region = (root() && root().dataset.region) || "qu-county";
    villages = fetch("/assets/geo/" + region + "/villages.geojson").then((r) => r.json()).then((fc) => {
      fc.features.forEach((f) => { f.properties.centre = centre(f.geometry); });
      villages = fc;
      rerender();
      return fc;
    });
    return villages;
  }
  function centre(geometry) {
    const rings = geometry.type === "Polygon" ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
    let best = rings[0];
    rings.forEach((r) => { if (r.length > best.length) best = r; });
    let lon = 0, lat = 0;
    best.forEach((p) => { lon += p[0]; lat += p[1]; });
    return [lon / best.length, lat / best.length];
  }
  function level(figure) {
    /* the township level's shapes are the page's own first figure; kept for the way back */
    if (!mapState.county) {
      const d0 = figure.data[0], d1 = figure.data[1];
      mapState.county = { geojson: d0.geojson, locations: d0.locations, text: d0.text,
                          labels: { lon: d1.lon, lat: d1.lat, text: d1.text } };
      mapState.names = {};
      d0.locations.forEach((code, i) => { mapState.names[code] = d0.text[i]; });
    }
    if (!ui.township) return Object.assign({ key: "county", township: null }, mapState.county);
    if (!villages || villages.then) { loadVillages(); return Object.assign({ key: "county", township: null }, mapState.county); }
    const features = villages.features.filter((f) => f.properties.town_code === ui.township);
    if (!features.length) { ui.township = null; return Object.assign({ key: "county", township: null }, mapState.county); }
    const short = (name) => name.replace(/(居民委员会|村民委员会)$/, "");
    features.forEach((f) => { mapState.names[f.properties.code] = short(f.properties.name); });
    return {
      key: ui.township, township: ui.township,
      geojson: { type: "FeatureCollection", features: features },
      locations: features.map((f) => f.properties.code),
      text: features.map((f) => short(f.properties.name)),
      labels: { lon: features.map((f) => f.properties.centre[0]), lat: features.map((f) => f.properties.centre[1]),
                text: features.map((f) => short(f.properties.name)) },
    };
  }

  /* the chosen measure per area: open cases, overdue cases, or the highest warning level */
  function measure(view, area) {
    const values = {};
    const now = nowMs();
    const key = area.township ? "g" : "t";
    if (ui.measure === "risk") {
      view.warnings.forEach((w) => {
        const code = area.township ? w.where.village_code : w.where.township_code;
        if (!code || (area.township && w.where.township_code && w.where.township_code !== area.township)) return;
        values[code] = Math.max(values[code] || 0, levelOf(w.level));
      });
      return values;
    }
    for (const id in view.cases) {
      const entry = view.cases[id];
      if (area.township && entry.t !== area.township) continue;
      if (ui.measure === "overdue" && !(entry.d && Date.parse(entry.d) < now)) continue;
      const code = entry[key] || "unplaced";
      values[code] = (values[code] || 0) + 1;
    }
    return values;
  }

  function inside(area, township) { return !area.township || township === area.township; }

  function layers(view, area) {
    const incidents = view.recent.filter((c) => c.lon !== null && c.lon !== undefined && inside(area, c.township_code))
      .slice(0, INCIDENT_LIMIT);
    const cameras = Object.entries(view.cameras).filter(([, c]) => inside(area, c.t));
    const alarmed = new Set(view.alerts.filter((a) => a.status === "open").map((a) => a.camera.id));
    const units = Object.entries(view.units).filter(([, u]) => u.s !== "off_duty");
    const heatCells = ((figuresCache && figuresCache.heat && figuresCache.heat[ui.heat]) || []).slice(0, HEAT_LIMIT);
    const most = Math.max(1, ...heatCells.map((c) => c[2]));
    return {
      heat: { lon: heatCells.map((c) => c[0]), lat: heatCells.map((c) => c[1]),
              size: heatCells.map((c) => 10 + 38 * Math.sqrt(c[2] / most)), color: heatCells.map((c) => c[2] / most) },
      incidents: { lon: incidents.map((c) => c.lon), lat: incidents.map((c) => c.lat), ids: incidents.map((c) => c.id) },
      cameras: { lon: cameras.map(([, c]) => c.lon), lat: cameras.map(([, c]) => c.lat), ids: cameras.map(([id]) => id),
                 color: cameras.map(([id, c]) => (alarmed.has(id) ? "#ff3030" : c.status === "offline" ? "#6f7f96" : "#35d0ff")) },
      units: { lon: units.map(([, u]) => u.lon), lat: units.map(([, u]) => u.lat), ids: units.map(([id]) => id),
               color: units.map(([, u]) => (u.s === "available" ? "#7dffb3" : "#ffd479")) },
    };
  }

  function mapPatch(view, figure) {
    const nu = window.dash_clientside.no_update;
    const area = level(figure);
    const values = measure(view, area);
    const z = area.locations.map((code) => values[code] || 0);
    const lay = layers(view, area);
    const key = [area.key, ui.measure, ui.heat, z.join(","), lay.incidents.ids.join(","), lay.cameras.color.join(","),
                 lay.units.lon.join(","), lay.heat.size.length].join("|");
    if (key === mapState.key) return nu;
    if (performance.now() - mapState.at < MAP_MIN_INTERVAL_MS && area.key === mapState.level) {
      const s = stream();
      if (s) s.requestView(MAP_MIN_INTERVAL_MS);  // come back with the latest counts
      return nu;
    }
    const scales = JSON.parse(root().dataset.scales);
    const patch = new window.dash_clientside.Patch();
    if (area.key !== mapState.level) {
      patch.assign(["data", 0, "geojson"], area.geojson).assign(["data", 0, "locations"], area.locations)
        .assign(["data", 0, "text"], area.text)
        .assign(["data", 1, "lon"], area.labels.lon).assign(["data", 1, "lat"], area.labels.lat)
        .assign(["data", 1, "text"], area.labels.text)
        .assign(["data", 1, "textfont", "size"], area.township ? 14 : 15);
      mapState.level = area.key;
      const wall = root();
      wall.classList.toggle("drilled", !!area.township);
      const place = document.getElementById("wall-map-place");
      if (place) place.textContent = area.township ? (mapState.names[area.township] || "") + " · " : "";
    }
    patch.assign(["data", 0, "z"], z)
      .assign(["data", 0, "zmax"], ui.measure === "risk" ? 4 : Math.max(5, ...z))
      .assign(["data", 0, "colorscale"], scales[ui.measure])
      .assign(["data", 2, "lon"], lay.heat.lon).assign(["data", 2, "lat"], lay.heat.lat)
      .assign(["data", 2, "marker", "size"], lay.heat.size).assign(["data", 2, "marker", "color"], lay.heat.color)
      .assign(["data", 3, "lon"], lay.incidents.lon).assign(["data", 3, "lat"], lay.incidents.lat)
      .assign(["data", 3, "ids"], lay.incidents.ids)
      .assign(["data", 4, "lon"], lay.cameras.lon).assign(["data", 4, "lat"], lay.cameras.lat)
      .assign(["data", 4, "ids"], lay.cameras.ids).assign(["data", 4, "marker", "color"], lay.cameras.color)
      .assign(["data", 5, "lon"], lay.units.lon).assign(["data", 5, "lat"], lay.units.lat)
      .assign(["data", 5, "ids"], lay.units.ids).assign(["data", 5, "marker", "color"], lay.units.color);
    mapState.key = key;
    mapState.at = performance.now();
    mapState.drawn = { incidents: lay.incidents.ids, cameras: lay.cameras.ids };
    return patch.build();
  }

  /* --- pulses and flashes: a class on the drawn SVG point, a finite CSS animation ---------------- */
  function hookMap() {
    const gd = document.querySelector("#wall-map .js-plotly-plot");
    if (!gd || gd.__wallHooked || !gd.on) return;
    gd.__wallHooked = true;
    gd.on("plotly_afterplot", () => {
      if (mapState.patchedAt) { record(perf.mapFrames, performance.now() - mapState.patchedAt); mapState.patchedAt = null; }
      decorate(gd);
    });
    gd.on("plotly_click", (event) => {
      const point = event && event.points && event.points[0];
      if (!point || point.curveNumber !== 0 || ui.township) return;
      ui.township = point.location;
      rerender();
    });
  }
  function decorate(gd) {
    const traces = gd.querySelectorAll(".scattergeolayer > g.trace");
    const mark = (traceIndex, ids, wanted, className) => {
      const group = traces[traceIndex - 1];  // the choropleth is not in the scattergeo layer
      if (!group || !wanted.length) return;
      const points = group.querySelectorAll("path.point");
      wanted.forEach((id) => {
        const node = points[ids.indexOf(id)];
        if (!node) return;
        node.classList.remove(className);
        void node.getBoundingClientRect();  // restart the animation on a reused node
        node.classList.add(className);
      });
    };
    if (!mapState.drawn) return;
    mark(3, mapState.drawn.incidents, mapState.pulses.splice(0), "pulse");
    mark(4, mapState.drawn.cameras, mapState.flashes.splice(0), "flash");
  }

  /* --- camera alarm: flash the camera, open its latest snapshot for a few seconds ------------------ */
  function popup(alert) {
    const map = document.getElementById("wall-map");
    const s = stream();
    if (!map || !s || s.replay) return;  // a replay shows the alarm in its list, never a live picture
    let box = document.getElementById("wall-camera-popup");
    if (!box) {
      box = document.createElement("div");
      box.id = "wall-camera-popup";
      box.innerHTML = '<div class="popup-title"></div><img alt=""><div class="popup-note"></div>';
      document.body.appendChild(box);
    }
    const rect = map.getBoundingClientRect();
    box.style.left = (rect.right - 500) + "px";
    box.style.top = (rect.top + 60) + "px";
    box.querySelector(".popup-title").textContent = "📹 " + (alert.camera.name || alert.camera.id);
    box.querySelector(".popup-note").textContent = (ALERT_KINDS[alert.kind] || alert.label || alert.kind || "告警") + " · " + (alert.at || "").slice(11, 19);
    const img = box.querySelector("img");
    if (box.dataset.url) { URL.revokeObjectURL(box.dataset.url); delete box.dataset.url; }
    img.removeAttribute("src");
    s.fetchPicture = fetch("/api/v1/live/alerts/" + encodeURIComponent(alert.id) + "/picture",
      { headers: s.headers(), cache: "no-store" })
      .then((r) => (r.ok ? r.blob() : null)).then((blob) => {
        if (!blob) { img.classList.add("none"); return; }
        img.classList.remove("none");
        box.dataset.url = URL.createObjectURL(blob);
        img.src = box.dataset.url;
      }).catch(() => img.classList.add("none"));
    box.classList.add("open");
    window.clearTimeout(box.__timer);
    box.__timer = window.setTimeout(() => {
      box.classList.remove("open");
      if (box.dataset.url) { URL.revokeObjectURL(box.dataset.url); delete box.dataset.url; }
      img.removeAttribute("src");
    }, POPUP_MS);
  }

  /* --- focus panels: one at a time on a 1920 screen, rotating; all at once on wide and tiles ------- */
  const rotation = { index: 0, timer: null };
  function focus(name) {
    const panels = Array.from(document.querySelectorAll(".focus-panel"));
    if (!panels.length) return;
    const index = name ? panels.findIndex((p) => p.dataset.focus === name) : (rotation.index + 1) % panels.length;
    rotation.index = Math.max(0, index);
    panels.forEach((p, i) => p.classList.toggle("active", i === rotation.index));
  }
  function setupPage() {
    const wall = root();
    if (!wall || wall.__wallSetUp) return;
    wall.__wallSetUp = true;
    wall.classList.add("layout-" + ui.layout);
    focus("warnings");
    if (ui.layout === "default") rotation.timer = window.setInterval(() => focus(null), ui.rotateMs);
    document.addEventListener("click", (event) => {
      const target = event.target.closest("[data-wall-measure], [data-wall-action]");
      if (!target) return;
      if (target.dataset.wallMeasure) ui.measure = target.dataset.wallMeasure;
      if (target.dataset.wallAction === "county") ui.township = null;
      rerender();
    });
    if (ui.township) loadVillages();
  }
  function showMeasure() {
    document.querySelectorAll(".map-measure").forEach((n) => n.classList.toggle("active", n.dataset.wallMeasure === ui.measure));
    const title = document.getElementById("wall-map-title");
    const titles = JSON.parse(root().dataset.mapTitles);
    if (title && title.textContent !== titles[ui.measure]) title.textContent = titles[ui.measure];
  }
  function showReplay(replay) {
    const banner = document.getElementById("wall-replay-banner");
    const wall = root();
    if (!banner || !wall) return;
    wall.classList.toggle("replaying", !!replay);
    if (!replay) return;
    const text = replay.done ? wall.dataset.replayDoneText : wall.dataset.replayText;
    const span = replay.from.slice(0, 16).replace("T", " ") + " — " + replay.to.slice(0, 16).replace("T", " ");
    const content = text + " · " + span + " · ×" + replay.speed;
    if (banner.textContent !== content) banner.textContent = content;
  }

  function warningItem(w) {
    const level = levelOf(w.level);
    const place = [w.where.township_name, w.where.village_name].filter(Boolean).join(" ") || "—";
    const numbers = (w.observed !== undefined && w.observed !== null)
      ? "实际 " + w.observed + (w.expected !== undefined && w.expected !== null ? " / 常态 " + w.expected : "") : "";
    const li = el("Li", "warning level-" + level, [
      el("Span", "warning-level", LEVEL_NAMES[level] || "预警"),
      el("Span", "warning-place", place),
      el("Span", "warning-title", w.title),
      el("Span", "warning-numbers", numbers + (w.case_ids.length ? " · " + w.case_ids.length + " 件" : "")),
    ]);
    li.props.key = w.id;
    return li;
  }
  function alertItem(a) {
    const li = el("Li", "alert-item" + (a.status === "open" ? " open" : ""), [
      el("Span", "alert-time", (a.at || "").slice(11, 16)),
      el("Span", "alert-kind", ALERT_KINDS[a.kind] || a.label || a.kind),
      el("Span", "alert-camera", a.camera.name || a.camera.id),
      el("Span", "alert-count", a.count > 1 ? "×" + a.count : ""),
    ]);
    li.props.key = a.id;
    return li;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    wall: {
      figures: function (f) {
        const nu = window.dash_clientside.no_update;
        if (!f) return [nu, nu, nu, nu, nu, nu, nu];
        figuresCache = f;
        const order = ["sign", "feedback", "diversion", "return", "closure", "complaint"];
        const rates = order.map((key) => {
          const r = f.rates[key], d = f.definitions[key];
          return el("Div", "rate", [
            el("Div", "rate-name", d.zh),
            el("Div", "rate-value", [percent(r.rate), el("Span", "rate-unit", r.rate === null ? "" : "%")]),
            el("Div", "rate-basis", r.numerator + " / " + r.denominator),
          ]);
        });
        const total = Object.values(f.channels).reduce((a, b) => a + b, 0) || 1;
        const channels = Object.entries(f.channels).sort((a, b) => b[1] - a[1]).map(([name, count]) =>
          el("Div", "channel-row", [
            el("Span", "channel-name", CHANNELS[name] || name),
            el("Span", "channel-bar", el("Span", "channel-fill", "", { width: (100 * count / total) + "%" })),
            el("Span", "channel-count", String(count)),
          ]));
        const most = Math.max(1, ...(f.categories || []).map((c) => c.count));
        const categories = (f.categories || []).map((c) => el("Div", "category-row", [
          el("Span", "category-name", c.name),
          el("Span", "channel-bar", el("Span", "category-fill", "", { width: (100 * c.count / most) + "%" })),
          el("Span", "channel-count", String(c.count)),
        ]));
        const leader = f.leader ? f.leader.name + (f.leader.title ? "（" + f.leader.title + "）" : "") : "—";
        let curve = nu;
        if (f.curve && f.curve.hours.join() + f.curve.counts.join() !== curveKey) {
          curveKey = f.curve.hours.join() + f.curve.counts.join();
          const x = f.curve.hours.map((h) => h.slice(11, 13) + "时");
          curve = new window.dash_clientside.Patch()
            .assign(["data", 0, "x"], x).assign(["data", 0, "y"], f.curve.counts)
            .assign(["data", 1, "x"], x).assign(["data", 1, "y"], f.curve.average).build();
        }
        rerender();  // the heat layer comes with the figures
        return [String(f.resolved), percent(f.on_site_resolution), rates, channels, leader, categories, curve];
      },
      render: function (view, figure) {
        const nu = window.dash_clientside.no_update;
        if (!view || !figure) return [nu, nu, nu, nu, nu, nu, nu, nu];
        setupPage();
        hookMap();
        showMeasure();
        showReplay(view.replay);
        const fresh = new Set(view.fresh);
        view.fresh.forEach((id) => { if (!seen.incidents.has(id)) { mapState.pulses.push(id); } });
        view.fresh.forEach((id) => seen.incidents.add(id));
        if (seen.incidents.size > 500) seen.incidents = new Set(view.fresh);
        mapState.pulses = mapState.pulses.slice(-PULSE_LIMIT);
        const newAlerts = view.alerts.filter((a) => view.freshAlerts.includes(a.id) && !seen.alerts.has(a.id));
        newAlerts.forEach((a) => { seen.alerts.add(a.id); mapState.flashes.push(a.camera.id); });
        if (seen.alerts.size > 200) seen.alerts = new Set(view.alerts.map((a) => a.id));
        mapState.flashes = mapState.flashes.slice(-PULSE_LIMIT);
        if (newAlerts.length) { popup(newAlerts[0]); if (ui.layout === "default") focus("alerts"); }
        if (view.warnings.length && view.warnings[0].id !== mapState.topWarning) {
          if (mapState.topWarning !== undefined && ui.layout === "default") focus("warnings");
          mapState.topWarning = view.warnings[0].id;
        }
        const map = mapPatch(view, figure);
        if (map !== nu) mapState.patchedAt = performance.now();
        else if (mapState.pulses.length || mapState.flashes.length) {
          const gd = document.querySelector("#wall-map .js-plotly-plot");
          if (gd) decorate(gd);
        }
        const names = mapState.names || {};
        const rendered = window.SmartBrainLive && window.SmartBrainLive.onRendered;
        if (rendered) rendered(view.fresh);
        const now = nowMs();
        let overdue = 0;
        for (const id in view.cases) { const d = view.cases[id].d; if (d && Date.parse(d) < now) overdue += 1; }
        const board = (view.board || []).map((b) => el("Li", "sla-item" + slaClass(Date.parse(b.d) - now), [
          el("Span", "sla-countdown", countdown(Date.parse(b.d) - now), null), el("Span", "sla-place", names[b.t] || "—"),
          el("Span", "sla-title", b.n)]));
        board.forEach((node, i) => { node.props["data-deadline"] = view.board[i].d; node.props.key = view.board[i].id; });
        const warningsNode = document.getElementById("wall-warnings");
        const warnings = view.warnings.length ? view.warnings.slice(0, 8).map(warningItem)
          : [el("Li", "empty", warningsNode ? warningsNode.dataset.empty : "")];
        const alertsNode = document.getElementById("wall-alerts");
        const alerts = view.alerts.length ? view.alerts.slice(0, 8).map(alertItem)
          : [el("Li", "empty", alertsNode ? alertsNode.dataset.empty : "")];
        if (view.seq && view.emittedAt) {
          const started = view.emittedAt;
          window.requestAnimationFrame(() => window.requestAnimationFrame(() => record(perf.frames, performance.now() - started)));
        }
        return [map, view.recent.slice(0, 14).map((c) => item(c, names, fresh)), String(view.today), String(view.open), board,
                String(overdue), warnings, alerts];
      },
    },
  });
})();
