/* Console: grid formatters, live rows written into the grid, ticking ages and deadlines, a chime for new cases. */
(function () {
  "use strict";
  const CHANNELS = {
    hotline12345: "12345热线", police110: "110联动", grid: "网格上报", window: "窗口受理",
    online: "网上留言", open311: "Open311", camera: "视频告警", import: "历史导入",
  };
  let places = null, labels = null;

  function root() { return document.getElementById("console-root"); }
  function placeNames() {
    if (!places && root()) places = JSON.parse(root().dataset.places || "{}");
    return places || {};
  }
  function statusLabels() {
    if (!labels && root()) labels = JSON.parse(root().dataset.labels || "{}");
    return labels || {};
  }
  function ageSeconds(data) {
    return data && data.received_at ? Math.max(0, (Date.now() - Date.parse(data.received_at)) / 1000) : 0;
  }
  function formatAge(seconds) {
    const s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const pad = (n) => String(n).padStart(2, "0");
    return h > 0 ? h + ":" + pad(m) + ":" + pad(r) : pad(m) + ":" + pad(r);
  }

  function deadlineSeconds(data) {
    return data && data.next_deadline ? (Date.parse(data.next_deadline) - Date.now()) / 1000 : null;
  }
  function deadlineState(data) {
    if (!data || !data.next_deadline) return "";
    const now = Date.now();
    if (now >= Date.parse(data.next_deadline)) return "breached";
    if (data.next_warn_at && now >= Date.parse(data.next_warn_at)) return "warning";
    return "running";
  }
  function formatCountdown(seconds) {
    if (seconds === null || seconds === undefined || isNaN(seconds)) return "";
    const left = Math.abs(seconds), days = Math.floor(left / 86400);
    const text = (days > 0 ? days + (statusLabels()["deadline.day"] || "d") + " " : "") + formatAge(left % 86400);
    return seconds < 0 ? "−" + text : text;
  }

  const RISK_ORDER = { red: 4, orange: 3, yellow: 2, blue: 1 };
  // the queue's filters (status, township, channel, category, overdue, urgent); the text is AG Grid's quick filter
  let filters = {};
  let picked = null;  // the filters of the view last picked, while they still hold
  let preloading = false;
  function filterActive() {
    return Boolean((filters.status && filters.status.length) || filters.township || filters.channel
      || filters.category || filters.overdue || filters.urgent);
  }
  function passes(data) {
    if (!data) return false;
    if (filters.status && filters.status.length && filters.status.indexOf(data.status) < 0) return false;
    if (filters.township && data.township_code !== filters.township) return false;
    if (filters.channel && data.channel !== filters.channel) return false;
    if (filters.category && data.category !== filters.category) return false;
    if (filters.overdue && deadlineState(data) !== "breached") return false;
    if (filters.urgent && !(data.urgency && data.urgency !== "normal") && data.risk_level !== "red") return false;
    return true;
  }
  const DEFAULT_SORT = [{ colId: "risk", sort: "desc" }, { colId: "urgency", sort: "desc" },
                        { colId: "received_at", sort: "desc" }];

  const SB = {
    channel: (v) => statusLabels()["channel." + v] || CHANNELS[v] || v,
    urgency: (v) => statusLabels()["urgency." + v] || "",
    urgencyOrder: (v) => ({ critical: 2, urgent: 1 })[v] || 0,
    status: (v) => statusLabels()["status." + v] || v,
    place: (d) => {
      const names = placeNames();
      return [names[d.township_code], names[d.village_code]].filter(Boolean).join(" › ") || "—";
    },
    ageSeconds: ageSeconds,
    age: (d) => formatAge(ageSeconds(d)),
    deadlineSeconds: deadlineSeconds,
    deadlineState: deadlineState,
    countdown: formatCountdown,
    risk: (v) => (v ? statusLabels()["risk." + v] || v : ""),
    riskOrder: (v) => RISK_ORDER[v] || 0,
    filterActive: filterActive,
    passes: passes,
    rowClass: (params) => {
      if (!params.data) return "";
      if (params.data.risk_level === "red") return "row-risk-red";
      return params.data.urgency !== "normal" ? "row-urgent" : "";
    },
  };
  // column comparators go by name (dash-ag-grid looks a comparator up, it does not evaluate an expression)
  window.dashAgGridFunctions = Object.assign({}, window.dashAgGridFunctions, {
    SB: SB,
    sbRiskCompare: (a, b) => SB.riskOrder(a) - SB.riskOrder(b),
    sbUrgencyCompare: (a, b) => SB.urgencyOrder(a) - SB.urgencyOrder(b),
  });

  function chime() {
    try {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      const audio = (chime.ctx = chime.ctx || new Ctx());
      const osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.08;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + 0.18);
    } catch (e) { /* no audio device: the highlight still shows */ }
  }

  async function flash(ids) {
    if (!window.dash_ag_grid || !ids.length) return;
    const api = await window.dash_ag_grid.getApiAsync("console-grid");
    const nodes = ids.map((id) => api.getRowNode(id)).filter(Boolean);
    if (nodes.length) api.flashCells({ rowNodes: nodes, flashDuration: 1500, fadeDuration: 1500 });
  }

  let ticks = 0;
  window.setInterval(async () => {
    if (!window.dash_ag_grid || !document.getElementById("console-grid")) return;
    try {
      const api = window.dash_ag_grid.getApi("console-grid");
      if (!api) return;
      api.refreshCells({ columns: ["age", "deadline"] });
      ticks += 1;
      if (filters.overdue && ticks % 30 === 0) api.onFilterChanged();  // cases that ran late since
    } catch (e) { /* grid not ready yet */ }
  }, 1000);

  async function applySort(sort) {
    const api = await window.dash_ag_grid.getApiAsync("console-grid");
    const keys = sort && sort.length ? sort : DEFAULT_SORT;
    api.applyColumnState({ state: keys.map((k, i) => ({ colId: k.colId, sort: k.sort, sortIndex: i })),
                           defaultState: { sort: null } });
  }
  async function currentSort() {
    const api = await window.dash_ag_grid.getApiAsync("console-grid");
    return api.getColumnState().filter((c) => c.sort)
      .sort((a, b) => (a.sortIndex || 0) - (b.sortIndex || 0))
      .map((c) => ({ colId: c.colId, sort: c.sort }));
  }

  /* Keyboard for a twelve-hour shift: a key presses the visible button that carries it (S sign, D dispatch
   * the unit in the dispatch bar, R route, C contacted); "/" goes to the search box; Esc leaves a field.
   * Never while typing, never on a held-down key, never with a modifier. */
  document.addEventListener("keydown", (event) => {
    if (!root() || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
    if (event.key === "Escape") { if (typing) target.blur(); return; }
    if (typing) return;
    if (event.key === "/") {
      const search = document.getElementById("console-filter-text");
      if (search) { event.preventDefault(); search.focus(); }
      return;
    }
    const key = event.key.length === 1 ? event.key.toUpperCase() : "";
    if (!key) return;
    // a key acts on the case picked in the queue only once the panel shows that case: pressed while the
    // panel still shows the previous one, it would sign or dispatch the wrong case
    const shown = document.querySelector("#console-panel .case");
    const api = window.dash_ag_grid && window.dash_ag_grid.getApi("console-grid");
    const chosen = api && api.getSelectedRows()[0];
    if (!shown || !chosen || shown.dataset.case !== chosen.id) return;
    const button = document.querySelector("#console-panel [data-key='" + key + "']");
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });

  /* --- live batches go straight into the grid, never through Dash ---------------------------------
   * live.js hands this renderer each applied batch (the root's data-live-render). dash-renderer keeps
   * every prop change that feeds a callback in its undo history (`store.getState().history.past`) and
   * never drops an entry (plotly/dash#727: no option to limit or skip it), so one set_props per batch
   * grew it by an entry per batch for a whole twelve-hour shift. Rows, the open count and the chime are
   * written here; Dash hears only of a change someone else made to the case in the panel (the panel is
   * the server's), one entry per such change. The wall does the same (assets/wall.js). */
  const live = { waiting: false, latest: null, preloaded: false };
  function liveStream() { return window.SmartBrainLive && window.SmartBrainLive.streams.console; }
  function shownCase() {
    const node = document.querySelector("#console-panel .case[data-case]");
    return node ? { id: node.dataset.case, version: Number(node.dataset.version) } : null;
  }
  function preload() {
    if (live.preloaded) return;
    live.preloaded = true;
    // Plotly loads a few seconds after the queue first shows, when the grid has painted its rows, so
    // the first case opened in a shift does not wait for it (console-preload feeds no callback: no history)
    window.setTimeout(() => window.dash_clientside.set_props("console-preload", { children: {
      namespace: "dash_core_components", type: "Graph",
      props: { figure: { data: [], layout: {} }, config: { staticPlot: true } } } }), 3000);
  }
  function applyLive(api, view) {
    const stream = liveStream();
    if (!stream || !stream.state || !view) return;
    const delta = stream.takeConsoleDelta();
    const tx = delta.transaction;
    if (delta.rows) api.setGridOption("rowData", delta.rows);
    else if (tx && (tx.add.length || tx.update.length || tx.remove.length)) api.applyTransaction(tx);
    const count = document.getElementById("console-open-count");
    if (count && count.textContent !== String(view.open)) count.textContent = String(view.open);
    if (delta.fresh.length && !delta.rows) {
      chime();
      window.setTimeout(() => flash(delta.fresh), 50);
    }
    // refresh the panel only when someone else moved its case past the version it shows; the officer's
    // own action already redrew it, and a second redraw could swallow their next click
    const shown = shownCase();
    if (shown) {
      const current = stream.state.cases[shown.id];
      const version = delta.changed.indexOf(shown.id) >= 0 ? delta.versions[shown.id]
        : delta.rows && current ? current.version : null;  // after a new snapshot: what it holds
      if (version > shown.version) window.dash_clientside.set_props("console-refresh", { data: { seq: view.seq } });
    }
    preload();
  }
  function render(view) {
    live.latest = view;
    let api = null;
    try { api = window.dash_ag_grid && window.dash_ag_grid.getApi("console-grid"); } catch (e) { api = null; }
    if (api) { applyLive(api, view); return; }
    if (live.waiting) return;  // the changes keep accumulating in the stream until the grid is ready
    live.waiting = true;
    const retry = () => { live.waiting = false; window.setTimeout(() => render(live.latest), 250); };
    if (!window.dash_ag_grid) { retry(); return; }
    window.dash_ag_grid.getApiAsync("console-grid")
      .then((ready) => { live.waiting = false; applyLive(ready, live.latest); }).catch(retry);
  }
  window.SmartBrainConsole = { render: render };

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    console: {
      filter: function (status, township, channel, category, flags, text) {
        flags = flags || [];
        filters = { status: status || [], township: township || null, channel: channel || null,
                    category: category || null, overdue: flags.indexOf("overdue") >= 0,
                    urgent: flags.indexOf("urgent") >= 0 };
        if (window.dash_ag_grid) {
          window.dash_ag_grid.getApiAsync("console-grid").then((api) => api.onFilterChanged()).catch(() => {});
        }
        // a chip stays lit only while the filters are the picked view's
        const now = JSON.stringify([filters, text || ""]);
        if (picked !== null && picked !== now) {
          picked = null;
          document.querySelectorAll(".view-chip.active").forEach((chip) => chip.classList.remove("active"));
        }
        return new window.dash_clientside.Patch().assign(["quickFilterText"], text || "").build();
      },
      pickView: function (clicks, views) {
        const nu = window.dash_clientside.no_update;
        const trigger = window.dash_clientside.callback_context.triggered_id;
        const chips = window.dash_clientside.callback_context.outputs_list[6];
        const clicked = window.dash_clientside.callback_context.triggered.some((t) => t.value);
        if (!trigger || !clicked) return [nu, nu, nu, nu, nu, nu, chips.map(() => nu)];
        const view = (views || []).find((v) => v.id === trigger.view) || { filters: {}, sort: [] };
        const f = view.filters || {};
        applySort(view.sort);
        const flags = [].concat(f.overdue ? ["overdue"] : [], f.urgent ? ["urgent"] : []);
        picked = JSON.stringify([{ status: f.status || [], township: f.township || null, channel: f.channel || null,
                                   category: f.category || null, overdue: Boolean(f.overdue),
                                   urgent: Boolean(f.urgent) }, f.text || ""]);
        const classes = chips.map((c) => {
          const own = c.id.view.indexOf("builtin:") === 0 ? " view-builtin" : " view-own";
          return "view-chip" + (c.id.view === "builtin:all" ? "" : own) + (c.id.view === trigger.view ? " active" : "");
        });
        return [f.status || [], f.township || null, f.channel || null, f.category || null, flags, f.text || "",
                classes];
      },
      draftView: async function (_clicks, _submits, name, status, township, channel, category, flags, text) {
        flags = flags || [];
        return { name: name || "", at: Date.now(), sort: await currentSort(),
                 filters: { status: status || [], township: township || null, channel: channel || null,
                            category: category || null, overdue: flags.indexOf("overdue") >= 0,
                            urgent: flags.indexOf("urgent") >= 0, text: text || "" } };
      },
    },
  });
})();
