/* Console: grid formatters, live row transactions, ticking ages and deadlines, a chime for new cases. */
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
    rowClass: (params) => (params.data && params.data.urgency !== "normal" ? "row-urgent" : ""),
  };
  window.dashAgGridFunctions = Object.assign({}, window.dashAgGridFunctions, { SB: SB });

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

  window.setInterval(async () => {
    if (!window.dash_ag_grid || !document.getElementById("console-grid")) return;
    try {
      const api = window.dash_ag_grid.getApi("console-grid");
      if (api) api.refreshCells({ columns: ["age", "deadline"] });
    } catch (e) { /* grid not ready yet */ }
  }, 1000);

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    console: {
      filter: function (text, status) {
        const patch = new window.dash_clientside.Patch().assign(["quickFilterText"], text || "").build();
        const model = status ? { status: { filterType: "text", type: "equals", filter: status } } : {};
        return [patch, model];
      },
      apply: function (view, selected) {
        const nu = window.dash_clientside.no_update;
        const stream = window.SmartBrainLive && window.SmartBrainLive.streams.console;
        if (!view || !stream) return [nu, nu, nu, nu];
        const delta = stream.takeConsoleDelta();
        if (delta.fresh.length && !delta.rows) {
          chime();
          window.setTimeout(() => flash(delta.fresh), 50);
        }
        // refresh the panel only when someone else moved the case past the version it shows; the
        // officer's own action already redrew it, and a second redraw could swallow their next click
        const current = selected && stream.state.cases[selected.id];
        const touched = selected && delta.changed.indexOf(selected.id) >= 0
          && (!current || current.version > selected.version);
        const empty = delta.transaction && !delta.transaction.add.length && !delta.transaction.update.length
          && !delta.transaction.remove.length;
        return [
          delta.rows ? delta.rows : nu,
          delta.transaction && !empty ? delta.transaction : nu,
          String(view.open),
          touched ? { seq: view.seq } : nu,
        ];
      },
    },
  });
})();
