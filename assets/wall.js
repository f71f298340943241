/* Renderer of the wall: live.js hands it one view per applied batch (at most one every
 * data-live-min-view-ms); it writes the counters and lists in place, paints the map's fill on the paths
 * of trace 0 of dashboard/figures/county_map.py (at most once a second; a Plotly restyle only when the
 * scale or the geometry changes) and draws the point layers (heat, units, cameras, incidents) as SVG
 * inside Plotly's geo frame. The derived figures (every few seconds) are written in place too.
 * Pulses and flashes are finite and stepped by a timer (a pulse beats three times, then stops): an idle wall
 * runs none, and no CSS animation runs at all. */
(function () {
  "use strict";
  const CHANNELS = {
    hotline12345: "12345热线", police110: "110联动", grid: "网格上报", window: "窗口受理",
    online: "网上留言", open311: "Open311", camera: "视频告警", import: "历史导入",
  };
  const LEVELS = { red: 4, "红": 4, "红色": 4, orange: 3, "橙": 3, "橙色": 3, yellow: 2, "黄": 2, "黄色": 2,
                   blue: 1, "蓝": 1, "蓝色": 1 };
  const LEVEL_NAMES = ["", "蓝色", "黄色", "橙色", "红色"];
  const ALERT_KINDS = { intrusion: "区域入侵", line_crossing: "越界侦测", region_entrance: "进入区域", motion: "移动侦测",
                        tamper: "视频遮挡", gathering: "人员聚集", loitering: "徘徊侦测", parking: "违章停车",
                        left_object: "物品遗留", fire: "烟火", person: "人员", car: "车辆", video_loss: "视频丢失" };
  const MAP_MIN_INTERVAL_MS = 1000;
  const PULSE_LIMIT = 6;  // at most this many points pulse at once
  const INCIDENT_LIMIT = 30;
  const HEAT_LIMIT = 60;  // the busiest cells only: a heat layer, not a carpet
  const POPUP_MS = 12000;
  const FRAME_SAMPLES = 2000;
  // a camera drawn grey: gone silent, or still beating without a picture (Hikvision videoloss); a
  // camera.status event restyles its point in place with the next view
  const DARK_CAMERA = new Set(["offline", "video_lost"]);

  const params = new URLSearchParams(window.location.search);
  const ui = {
    measure: ["open", "overdue", "risk"].includes(params.get("measure")) ? params.get("measure") : "open",
    township: params.get("township") || null,
    heat: ["24h", "7d", "30d"].includes(params.get("heat")) ? params.get("heat") : "24h",
    layout: ["wide", "tiles"].includes(params.get("layout")) ? params.get("layout") : "default",
    rotateMs: Math.max(5, Number(params.get("rotate") || 20)) * 1000,
  };
  const mapState = { level: null, fillKey: null, fillAt: -Infinity, pulses: [], flashes: [], drawn: null, z: null, paths: null };
  const seen = { incidents: new Set(), alerts: new Set() };
  let figuresCache = null, villages = null, curveKey = null;
  const lists = { figures: null };
  const perf = { frames: [], mapFrames: [], renders: [], figures: [], curves: [], restyles: 0, afterplots: 0 };
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
  function everySecond(fn) {  // on the second, with the clock (live.js)
    window.setTimeout(() => { fn(); everySecond(fn); }, 1000 - (Date.now() % 1000) + 2);
  }
  everySecond(function () {
    const now = nowMs();
    document.querySelectorAll(".sla-item[data-deadline]").forEach(function (node) {
      const left = Date.parse(node.dataset.deadline) - now;
      node.firstChild.textContent = countdown(left);
      node.classList.toggle("sla-late", left < 0);
      node.classList.toggle("sla-near", left >= 0 && left < 5 * 60 * 1000);
    });
  });

  /* live lists are written straight into the DOM (Dash renders the page once; a batch goes through no
   * Dash callback: its renderer cost most of the page's CPU per batch) */
  function dom(tag, className, children, attrs) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    (Array.isArray(children) ? children : [children]).forEach((child) => {
      if (child === null || child === undefined || child === "") return;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    if (attrs) Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }
  function setText(id, text) {
    const node = document.getElementById(id);
    if (node && node.textContent !== text) node.textContent = text;
  }
  /* A list kept in place: an item's node is reused by its key and built again only when what it shows
   * changed (`sig`); a node moves only when it is out of order; `update` sets what changes on a reused node
   * (a class). A new arrival costs one new row, not a rebuilt list: the rows that stay keep their layout. */
  function keyed(id, items, key, sig, make, update) {
    const list = document.getElementById(id);
    if (!list) return;
    const nodes = list.__keyed || new Map(), next = new Map(), order = [];
    items.forEach((item) => {
      const k = key(item), s = sig(item);
      if (next.has(k)) return;
      let node = nodes.get(k);
      if (!node || node.__sig !== s) { node = make(item); node.__sig = s; }
      if (update) update(node, item);
      next.set(k, node);
      order.push(node);
    });
    list.__keyed = next;
    const wanted = new Set(order);
    Array.from(list.childNodes).forEach((n) => { if (!wanted.has(n)) n.remove(); });
    order.forEach((node, i) => { const at = list.childNodes[i]; if (at !== node) list.insertBefore(node, at || null); });
  }
  function empty(id) {
    const node = document.getElementById(id);
    return { id: "", empty: node ? node.dataset.empty : "" };
  }

  function percent(value) { return value === null || value === undefined ? "—" : (value * 100).toFixed(1); }
  function levelOf(level) {
    if (typeof level === "number") return Math.max(0, Math.min(4, level));
    return LEVELS[String(level || "").toLowerCase()] || (level ? 1 : 0);
  }
  function record(list, value) { list.push(value); if (list.length > FRAME_SAMPLES) list.splice(0, list.length - FRAME_SAMPLES); }
  function stream() { return window.SmartBrainLive && window.SmartBrainLive.streams.wall; }
  function rerender() { const s = stream(); if (s) { mapState.fillKey = null; mapState.fillAt = -Infinity; s.emitView([]); } }
  function root() { return document.querySelector(".wall"); }

  function tickerPlace(c, names) {
    return ui.township && names[c.village_code] ? names[c.village_code] : (names[c.township_code] || "—");
  }
  function tickerSig(c, names) {
    return [(c.received_at || "").slice(11, 16), c.channel, tickerPlace(c, names), c.title, c.urgency].join("\u0001");
  }
  function item(c, names) {
    const time = (c.received_at || "").slice(11, 16);
    return dom("li", "ticker-item" + (c.urgency !== "normal" ? " urgent" : ""), [
      dom("span", "ticker-time", time), dom("span", "ticker-channel", CHANNELS[c.channel] || c.channel),
      dom("span", "ticker-place", tickerPlace(c, names)), dom("span", "ticker-title", c.title),
    ]);
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
  function county(gd) {
    /* the township level's shapes are the page's own first figure; kept for the way back */
    if (!mapState.county) {
      const d0 = gd.data[0], d1 = gd.data[1];
      mapState.county = { key: "county", township: null, geojson: d0.geojson, locations: d0.locations, text: d0.text,
                          labels: { lon: d1.lon, lat: d1.lat, text: d1.text } };
      mapState.names = {};
      d0.locations.forEach((code, i) => { mapState.names[code] = d0.text[i]; });
    }
    return mapState.county;
  }
  function area(gd) {
    const top = county(gd);
    if (!ui.township) return top;
    if (!villages || villages.then) { loadVillages(); return top; }
    const features = villages.features.filter((f) => f.properties.town_code === ui.township);
    if (!features.length) { ui.township = null; return top; }
    if (mapState.villageArea && mapState.villageArea.key === ui.township) return mapState.villageArea;
    const short = (name) => name.replace(/(居民委员会|村民委员会)$/, "");
    features.forEach((f) => { mapState.names[f.properties.code] = short(f.properties.name); });
    mapState.villageArea = {
      key: ui.township, township: ui.township,
      geojson: { type: "FeatureCollection", features: features },
      locations: features.map((f) => f.properties.code),
      text: features.map((f) => short(f.properties.name)),
      labels: { lon: features.map((f) => f.properties.centre[0]), lat: features.map((f) => f.properties.centre[1]),
                text: features.map((f) => short(f.properties.name)) },
    };
    return mapState.villageArea;
  }

  /* the chosen measure per area: open cases, overdue cases, or the highest warning level */
  function measure(state, where) {
    const values = {};
    const now = nowMs();
    const key = where.township ? "g" : "t";
    if (ui.measure === "risk") {
      (state.warnings || []).forEach((w) => {
        const code = where.township ? w.where.village_code : w.where.township_code;
        if (!code || (where.township && w.where.township_code && w.where.township_code !== where.township)) return;
        values[code] = Math.max(values[code] || 0, levelOf(w.level));
      });
      return values;
    }
    for (const id in state.open) {
      const entry = state.open[id];
      if (where.township && entry.t !== where.township) continue;
      if (ui.measure === "overdue" && !(entry.d && Date.parse(entry.d) < now)) continue;
      const code = entry[key] || "unplaced";
      values[code] = (values[code] || 0) + 1;
    }
    return values;
  }

  /* The fill is painted in place: each township's (village's) colour is set on its existing
   * `path.choroplethlocation` node, at most once a second. A Plotly.restyle of the trace (a full redraw of the
   * geo subplot, 16 ms p50 and 100 ms p99 on the soak's busy machine) only happens when the picture's frame
   * changes: a drill (the geometry), the measure (its colorscale), or the top of the scale (the colorbar's
   * ticks). The top is a round number above the busiest area, kept while the busiest area stays above 60 % of
   * it, so counts moving by a case or two never redraw the colorbar. Dash's figure prop is the first picture
   * and is not patched per event. */
  const TOPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
  function topOf(z, drawn) {
    if (ui.measure === "risk") return 4;
    const most = Math.max(5, ...z);
    if (drawn && most <= drawn.zmax && most > 0.6 * drawn.zmax) return drawn.zmax;
    for (let scale = 1; ; scale *= 10) {
      for (const t of TOPS) if (Math.round(t * scale) >= most) return Math.round(t * scale);
    }
  }
  function channels(color) {
    const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(color).trim());
    if (hex) {
      const h = hex[1].length === 3 ? hex[1].replace(/./g, "$&$&") : hex[1];
      return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), 1];
    }
    const rgb = /^rgba?\(([^)]+)\)$/i.exec(String(color).trim());
    if (!rgb) return null;
    const parts = rgb[1].split(",").map(Number);
    return parts.length >= 3 && parts.every(Number.isFinite) ? [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1] : null;
  }
  /* Plotly's colour of a value, as its Colorscale.makeColorScaleFunc computes it: the stops spread over
   * zmin..zmax, each channel interpolated linearly between the two stops around the value (clamped at the ends),
   * written "rgb(r, g, b)" with rounded channels. null for a scale it cannot follow exactly (a named or a
   * translucent colour): such a scale is left to Plotly. */
  function painter(stops, zmin, zmax) {
    const domain = stops.map((s) => zmin + s[0] * (zmax - zmin)), range = stops.map((s) => channels(s[1]));
    if (range.length < 2 || range.some((c) => !c || c[3] !== 1)) return null;
    const byte = (x) => Math.round(Math.max(0, Math.min(255, x)));
    const memo = new Map();
    return function (value) {
      let color = memo.get(value);
      if (color !== undefined) return color;
      let j = 0;
      while (j < domain.length - 2 && value >= domain[j + 1]) j += 1;
      const span = domain[j + 1] - domain[j];
      const t = span ? Math.max(0, Math.min(1, (value - domain[j]) / span)) : 0;
      const a = range[j], b = range[j + 1];
      color = "rgb(" + byte(a[0] + t * (b[0] - a[0])) + ", " + byte(a[1] + t * (b[1] - a[1])) + ", "
        + byte(a[2] + t * (b[2] - a[2])) + ")";
      memo.set(value, color);
      return color;
    };
  }
  window.SmartBrainWall.painter = painter;
  let scalesCache = null;
  function scales() { return scalesCache || (scalesCache = JSON.parse(root().dataset.scales)); }
  /* the current values onto the drawn paths: their fill, and the point data hover reads (`%{z}`) */
  function paintFill(gd) {
    const drawn = mapState.drawn, z = mapState.z;
    const calc = gd.calcdata && gd.calcdata[0], full = gd._fullData && gd._fullData[0];
    if (!drawn || !drawn.paint || !z || !calc || calc.length !== z.length) return false;
    if (!full || full.zmin !== 0 || full.zmax !== drawn.zmax) return false;  // another scale: Plotly's colorbar
    let nodes = mapState.paths;
    if (!nodes || !nodes.length || !nodes[0].isConnected) {
      nodes = mapState.paths = Array.from(gd.querySelectorAll(".choroplethlayer path.choroplethlocation"));
    }
    if (nodes.length !== z.length) return false;
    for (const node of nodes) {
      const d = node.__data__;
      if (!d || d.loc !== drawn.locations[d.index]) return false;  // not the geometry we drew: Plotly draws it
    }
    for (const node of nodes) {
      const d = node.__data__, color = drawn.paint(z[d.index]);
      d.z = z[d.index];
      if (node.getAttribute("fill") !== color) node.setAttribute("fill", color);
    }
    gd.data[0].z = z;  // what a later redraw (a resize, a restyle) starts from
    full.z = z;
    return true;
  }
  function drawFill(gd, state) {
    const where = area(gd);
    const drill = where.key !== mapState.level;
    const values = measure(state, where);
    const z = where.locations.map((code) => values[code] || 0);
    const key = where.key + "|" + ui.measure + "|" + z.join(",");
    if (key === mapState.fillKey) return;
    if (!drill && performance.now() - mapState.fillAt < MAP_MIN_INTERVAL_MS) {
      const s = stream();
      if (s) s.requestView(MAP_MIN_INTERVAL_MS);  // come back with the latest counts
      return;
    }
    mapState.fillKey = key;
    mapState.fillAt = performance.now();
    const began = performance.now();
    const drawn = mapState.drawn;
    const zmax = topOf(z, drawn && drawn.measure === ui.measure && drawn.level === where.key ? drawn : null);
    mapState.z = z;
    if (drill || !drawn || drawn.measure !== ui.measure || drawn.zmax !== zmax || !paintFill(gd)) {
      const scale = scales()[ui.measure];
      mapState.drawn = { level: where.key, measure: ui.measure, zmax: zmax, locations: where.locations,
                         paint: painter(scale, 0, zmax) };
      mapState.paths = null;
      const update = { z: [z], zmin: [0], zmax: [zmax], colorscale: [scale] };
      if (drill) Object.assign(update, { geojson: [where.geojson], locations: [where.locations], text: [where.text] });
      mapState.level = where.key;
      window.Plotly.restyle(gd, update, [0]);
      perf.restyles += 1;
      if (drill) {
        window.Plotly.restyle(gd, { lon: [where.labels.lon], lat: [where.labels.lat], text: [where.labels.text],
                                    "textfont.size": where.township ? 16 : 15 }, [1]);
        root().classList.toggle("drilled", !!where.township);
        const place = document.getElementById("wall-map-place");
        if (place) place.textContent = where.township ? (mapState.names[where.township] || "") + " · " : "";
      }
    }
    record(perf.mapFrames, performance.now() - began);
  }

  /* --- point layers: one SVG group inside Plotly's geo frame, drawn by us with its projection ------
   * Bounded (HEAT_LIMIT cells, INCIDENT_LIMIT incidents, the cameras and units), nodes reused by id,
   * moved only when they move. A new incident pulses three times, an alarmed camera flashes: finite. */
  const SVG = "http://www.w3.org/2000/svg";
  const overlay = { group: null, layers: {}, nodes: {}, projected: null };
  function overlayGroup(gd) {
    const frame = gd.querySelector("g.geo");
    if (!frame) return null;
    if (overlay.group && overlay.group.parentNode === frame) {
      if (frame.lastChild !== overlay.group) frame.appendChild(overlay.group);  // Plotly reorders its layers on a redraw
      return overlay.group;
    }
    overlay.group = document.createElementNS(SVG, "g");
    overlay.group.setAttribute("class", "wall-overlay");
    ["heat", "units", "cameras", "incidents"].forEach((name) => {
      const layer = document.createElementNS(SVG, "g");
      layer.setAttribute("class", "layer-" + name);
      overlay.group.appendChild(layer);
      overlay.layers[name] = layer;
      overlay.nodes[name] = new Map();
    });
    frame.appendChild(overlay.group);
    overlay.projected = null;
    return overlay.group;
  }
  function shape(name) {
    if (name === "cameras") { const n = document.createElementNS(SVG, "rect"); n.setAttribute("x", -5); n.setAttribute("y", -5);
      n.setAttribute("width", 10); n.setAttribute("height", 10); return n; }
    if (name === "units") { const n = document.createElementNS(SVG, "path"); n.setAttribute("d", "M0,-10L9,7L-9,7Z"); return n; }
    const n = document.createElementNS(SVG, "circle");
    n.setAttribute("r", name === "incidents" ? 8 : 10);
    return n;
  }
  function place(name, items, project, moved) {
    const nodes = overlay.nodes[name], layer = overlay.layers[name], keep = new Set();
    items.forEach((item) => {
      keep.add(item.id);
      let node = nodes.get(item.id);
      if (!node) {
        node = shape(name); node.setAttribute("data-id", item.id); nodes.set(item.id, node); layer.appendChild(node);
        node.__at = null;
      }
      const at = item.lon + "," + item.lat;
      if (moved || node.__at !== at) {
        const xy = project([item.lon, item.lat]);
        if (xy) node.setAttribute("transform", "translate(" + xy[0].toFixed(1) + "," + xy[1].toFixed(1) + ")"
          + (item.scale ? " scale(" + item.scale.toFixed(2) + ")" : ""));
        node.__at = at;
      }
      const className = name + (item.className ? " " + item.className : "");
      if (node.__class !== className) { node.setAttribute("class", className); node.__class = className; }
    });
    nodes.forEach((node, id) => { if (!keep.has(id)) { node.remove(); nodes.delete(id); } });
    return nodes;
  }
  /* Pulses and flashes are stepped by one timer on a quarter-second grid (the wall clock's), not by CSS
   * animations: Chromium runs the page's rendering (style, paint, commit) on every display frame while any CSS
   * animation is running, stepped or not (one `steps(4)` animation: ~55 main-thread frames a second), and a busy
   * wall always has an arrival pulsing. Stepped here, it costs four frames a second, shared with the clock.
   * A step is a `data-beat` attribute (wall.css draws it): the point's own class stays place()'s. */
  const BEAT_MS = 250;
  const BEATS = { pulse: [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3],  // 1 s, four steps, three times
                  flash: [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1] };  // 1 s, two steps, four times
  const beats = new Map();  // node → { name, first: grid step of its start }
  let beatTimer = null;
  function beatStep() { return Math.floor(Date.now() / BEAT_MS); }
  function beat(node, name) {
    beats.delete(node);  // a point beating again starts over (and goes to the end of the queue)
    beats.set(node, { name: name, first: beatStep() });
    node.setAttribute("data-beat", name + "-" + BEATS[name][0]);
    let count = 0;
    Array.from(beats.keys()).reverse().forEach((n) => {  // at most PULSE_LIMIT of each at once: the newest
      if (beats.get(n).name === name && ++count > PULSE_LIMIT) { n.removeAttribute("data-beat"); beats.delete(n); }
    });
    if (!beatTimer) scheduleBeat();
  }
  function scheduleBeat() { beatTimer = window.setTimeout(tickBeats, BEAT_MS - (Date.now() % BEAT_MS) + 2); }
  function tickBeats() {
    beatTimer = null;
    const step = beatStep();
    beats.forEach((b, node) => {
      const steps = BEATS[b.name], k = step - b.first;
      if (k >= steps.length || !node.isConnected) { node.removeAttribute("data-beat"); beats.delete(node); return; }
      const value = b.name + "-" + steps[k];
      if (node.getAttribute("data-beat") !== value) node.setAttribute("data-beat", value);
    });
    if (beats.size) scheduleBeat();  // an idle wall runs no timer for them
  }
  window.SmartBrainWall.beating = () => beats.size;
  function drawPoints(gd, state, moved) {
    if (!overlayGroup(gd)) return;
    const subplot = gd._fullLayout && gd._fullLayout.geo && gd._fullLayout.geo._subplot;
    if (!subplot || !subplot.projection) return;
    const project = subplot.projection;
    const where = area(gd);
    const within = (t) => !where.township || t === where.township;
    const box = where.township ? bounds(where) : null;
    const inBox = (lon, lat) => !box || (lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]);
    const cells = ((figuresCache && figuresCache.heat && figuresCache.heat[ui.heat]) || [])
      .filter((c) => inBox(c[0], c[1])).slice(0, HEAT_LIMIT);
    const most = Math.max(1, ...cells.map((c) => c[2]));
    place("heat", cells.map((c) => ({ id: c[0] + "," + c[1], lon: c[0], lat: c[1], scale: 1 + 2.6 * Math.sqrt(c[2] / most),
                                      className: c[2] / most > 0.5 ? "hot" : "" })), project, moved);
    const alarmed = new Set((state.alerts || []).filter((a) => a.status === "open").map((a) => a.camera.id));
    place("cameras", Object.entries(state.cameras || {}).filter(([, c]) => within(c.t)).map(([id, c]) => (
      { id: id, lon: c.lon, lat: c.lat, className: alarmed.has(id) ? "alarm" : DARK_CAMERA.has(c.status) ? "offline" : "" })),
    project, moved);
    place("units", Object.entries(state.units || {}).filter(([, u]) => u.s !== "off_duty" && inBox(u.lon, u.lat)).map(([id, u]) => (
      { id: id, lon: u.lon, lat: u.lat, className: u.s === "available" ? "" : "busy" })), project, moved);
    const incidents = place("incidents", state.recent.filter((c) => c.lon !== null && c.lon !== undefined && within(c.township_code))
      .slice(0, INCIDENT_LIMIT).map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, className: c.urgency !== "normal" ? "urgent" : "" })),
    project, moved);
    mapState.pulses.splice(0).forEach((id) => { const n = incidents.get(id); if (n) beat(n, "pulse"); });
    const cameras = overlay.nodes.cameras;
    mapState.flashes.splice(0).forEach((id) => { const n = cameras.get(id); if (n) beat(n, "flash"); });
  }
  function bounds(where) {
    if (!where.box) {
      const box = [Infinity, Infinity, -Infinity, -Infinity];
      const walk = (c) => { if (typeof c[0] === "number") { box[0] = Math.min(box[0], c[0]); box[1] = Math.min(box[1], c[1]);
        box[2] = Math.max(box[2], c[0]); box[3] = Math.max(box[3], c[1]); } else c.forEach(walk); };
      where.geojson.features.forEach((f) => walk(f.geometry.coordinates));
      where.box = box;
    }
    return where.box;
  }
  function drawMap(state) {
    const gd = graphDiv();
    if (!gd || !gd._fullLayout || !window.Plotly) return;
    hookMap(gd);
    drawFill(gd, state);
    drawPoints(gd, state, false);
  }
  function graphDiv() { return document.querySelector("#wall-map .js-plotly-plot"); }
  function hookMap(gd) {
    if (gd.__wallHooked || !gd.on) return;
    gd.__wallHooked = true;
    // a redraw or a resize may move the projection: place every point again
    gd.on("plotly_afterplot", () => {
      perf.afterplots += 1;
      mapState.paths = null;  // Plotly may have drawn new paths: find them again, give them the current fill
      if (mapState.drawn && !paintFill(gd)) { mapState.fillKey = null; mapState.drawn = null; const s = stream(); if (s) s.requestView(0); }
      const s = stream();
      if (s && s.state) drawPoints(gd, s.state, true);
    });
    gd.on("plotly_click", (event) => {
      const point = event && event.points && event.points[0];
      if (!point || point.curveNumber !== 0 || ui.township) return;
      ui.township = point.location;
      rerender();
    });
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
    box.querySelector(".popup-title").textContent = "● " + (alert.camera.name || alert.camera.id);
    box.querySelector(".popup-note").textContent = (ALERT_KINDS[alert.kind] || ALERT_KINDS[alert.label] || alert.label || alert.kind || "告警") + " · " + (alert.at || "").slice(11, 19);
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
    const local = (iso) => new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false, month: "2-digit",
                                                                    day: "2-digit", hour: "2-digit", minute: "2-digit" });
    const span = local(replay.from) + "—" + local(replay.to);
    const content = text + " · " + span + " · ×" + replay.speed;
    if (banner.textContent !== content) banner.textContent = content;
  }

  function warningItem(w) {
    const level = levelOf(w.level);
    const place = [w.where.township_name, w.where.village_name].filter(Boolean).join(" ") || "—";
    const numbers = (w.observed !== undefined && w.observed !== null)
      ? "实际 " + w.observed + (w.expected !== undefined && w.expected !== null ? " / 常态 " + w.expected : "") : "";
    return dom("li", "warning level-" + level, [
      dom("span", "warning-level", LEVEL_NAMES[level] || "预警"),
      dom("span", "warning-place", place),
      dom("span", "warning-title", w.title),
      dom("span", "warning-numbers", numbers + (w.case_ids.length ? " · " + w.case_ids.length + " 件" : "")),
    ]);
  }
  function alertItem(a) {
    return dom("li", "alert-item" + (a.status === "open" ? " open" : ""), [
      dom("span", "alert-time", (a.at || "").slice(11, 16)),
      dom("span", "alert-kind", ALERT_KINDS[a.kind] || ALERT_KINDS[a.label] || a.label || a.kind),
      dom("span", "alert-camera", a.camera.name || a.camera.id),
      dom("span", "alert-count", a.count > 1 ? "×" + a.count : ""),
    ]);
  }

  /* one applied batch (at most five a second) → the page, in place */
  function render(view) {
    const renderBegan = performance.now();
    const s = stream();
    if (!view || !s || !s.state) return;
    const state = s.state;
    const alertsNow = state.alerts || [], warningsNow = state.warnings || [];
    setupPage();
    showMeasure();
    showReplay(view.replay);
    const fresh = new Set(view.fresh);
    view.fresh.forEach((id) => { if (!seen.incidents.has(id)) { mapState.pulses.push(id); } });
    view.fresh.forEach((id) => seen.incidents.add(id));
    if (seen.incidents.size > 500) seen.incidents = new Set(view.fresh);
    mapState.pulses = mapState.pulses.slice(-PULSE_LIMIT);
    const newAlerts = alertsNow.filter((a) => view.freshAlerts.includes(a.id) && !seen.alerts.has(a.id));
    newAlerts.forEach((a) => { seen.alerts.add(a.id); mapState.flashes.push(a.camera.id); });
    if (seen.alerts.size > 200) seen.alerts = new Set(alertsNow.map((a) => a.id));
    mapState.flashes = mapState.flashes.slice(-PULSE_LIMIT);
    if (newAlerts.length) { popup(newAlerts[0]); if (ui.layout === "default") focus("alerts"); }
    if (warningsNow.length && warningsNow[0].id !== mapState.topWarning) {
      if (mapState.topWarning !== undefined && ui.layout === "default") focus("warnings");
      mapState.topWarning = warningsNow[0].id;
    }
    drawMap(state);
    if (curveKey === null && figuresCache) drawCurve(figuresCache);  // the curve's graph came after the figures
    const names = mapState.names || {};
    const rendered = window.SmartBrainLive && window.SmartBrainLive.onRendered;
    if (rendered) rendered(view.fresh);
    const now = nowMs();
    let overdue = 0;
    for (const id in state.open) { const d = state.open[id].d; if (d && Date.parse(d) < now) overdue += 1; }
    setText("wall-today", String(view.today));
    setText("wall-open", String(view.open));
    setText("wall-overdue", String(overdue));
    // a row is built only when it is new or what it shows changed: a batch of updates costs nothing here
    const recent = state.recent.slice(0, 14);
    keyed("wall-ticker", recent, (c) => c.id, (c) => tickerSig(c, names), (c) => item(c, names),
          (node, c) => { if (node.classList.contains("fresh") !== fresh.has(c.id)) node.classList.toggle("fresh"); });
    keyed("wall-sla-board", view.board || [], (b) => b.id, (b) => b.d + "|" + (names[b.t] || "—") + "|" + b.n,
          (b) => dom("li", "sla-item" + slaClass(Date.parse(b.d) - now), [
            dom("span", "sla-countdown", countdown(Date.parse(b.d) - now)), dom("span", "sla-place", names[b.t] || "—"),
            dom("span", "sla-title", b.n)], { "data-deadline": b.d }));
    keyed("wall-warnings", warningsNow.length ? warningsNow.slice(0, 8) : [empty("wall-warnings")], (w) => w.id,
          (w) => JSON.stringify(w), (w) => (w.empty !== undefined ? dom("li", "empty", w.empty) : warningItem(w)));
    keyed("wall-alerts", alertsNow.length ? alertsNow.slice(0, 8) : [empty("wall-alerts")], (a) => a.id,
          (a) => JSON.stringify(a), (a) => (a.empty !== undefined ? dom("li", "empty", a.empty) : alertItem(a)));
    if (view.seq && view.emittedAt) {
      const started = view.emittedAt;
      window.requestAnimationFrame(() => window.requestAnimationFrame(() => record(perf.frames, performance.now() - started)));
    }
    record(perf.renders, performance.now() - renderBegan);
  }
  window.SmartBrainWall.render = render;

  /* the derived figures (every few seconds), written in place like the rest: nothing on the wall goes
   * through Dash after the first render (Dash records every set_props in its undo history, which grows
   * without end on a screen that runs for weeks) */
  function figures(f) {
    if (!f) return;
    const began = performance.now();
    figuresCache = f;
    const order = ["sign", "feedback", "diversion", "return", "closure", "complaint"];
    const key = JSON.stringify([f.rates, f.channels, f.categories, f.leader, f.resolved, f.on_site_resolution]);
    if (key !== lists.figures) {
      lists.figures = key;
      setText("wall-resolved", String(f.resolved));
      setText("wall-onsite", percent(f.on_site_resolution));
      const rate = (name) => Object.assign({ name: name, zh: f.definitions[name].zh }, f.rates[name]);
      keyed("wall-rates", order.map(rate), (r) => r.name, (r) => JSON.stringify(r), (r) => dom("div", "rate", [
        dom("div", "rate-name", r.zh),
        dom("div", "rate-value", [percent(r.rate), dom("span", "rate-unit", r.rate === null ? "" : "%")]),
        dom("div", "rate-basis", r.numerator + " / " + r.denominator),
      ]));
      const total = Object.values(f.channels).reduce((a, b) => a + b, 0) || 1;
      const bar = (className, share) => {
        const inner = dom("span", className);
        inner.style.width = (100 * share) + "%";
        return dom("span", "channel-bar", inner);
      };
      keyed("wall-channels", Object.entries(f.channels).sort((a, b) => b[1] - a[1]), ([name]) => name,
            ([, count]) => count + "/" + total, ([name, count]) => dom("div", "channel-row", [
              dom("span", "channel-name", CHANNELS[name] || name), bar("channel-fill", count / total),
              dom("span", "channel-count", String(count))]));
      const most = Math.max(1, ...(f.categories || []).map((c) => c.count));
      keyed("wall-categories", f.categories || [], (c) => c.name, (c) => c.count + "/" + most, (c) => dom("div", "category-row", [
        dom("span", "category-name", c.name), bar("category-fill", c.count / most), dom("span", "channel-count", String(c.count))]));
      setText("wall-leader", f.leader ? f.leader.name + (f.leader.title ? "（" + f.leader.title + "）" : "") : "—");
    }
    const curveBegan = performance.now();
    if (drawCurve(f)) record(perf.curves, performance.now() - curveBegan);
    record(perf.figures, performance.now() - began);  // its own work; the render it asks for counts as a render
    rerender();  // the heat layer comes with the figures
  }
  function drawCurve(f) {
    const curve = document.querySelector("#wall-curve .js-plotly-plot");
    if (!f || !f.curve || !curve || !curve._fullLayout || !window.Plotly) return;
    const key = f.curve.hours.join() + f.curve.counts.join();
    if (key === curveKey) return;
    curveKey = key;
    const x = f.curve.hours.map((h) => h.slice(11, 13) + "时");
    window.Plotly.restyle(curve, { x: [x, x], y: [f.curve.counts, f.curve.average] }, [0, 1]);
    return true;
  }
  window.SmartBrainWall.figures = figures;
})();
