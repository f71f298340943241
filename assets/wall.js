/* Clientside renderer of the wall: one applied batch in, in-place patches out. */
(function () {
  "use strict";
  const CHANNELS = {
    hotline12345: "12345热线", police110: "110联动", grid: "网格上报", window: "窗口受理",
    online: "网上留言", open311: "Open311", camera: "视频告警", import: "历史导入",
  };

  function item(c, names, fresh) {
    const time = (c.received_at || "").slice(11, 16);
    const place = names[c.township_code] || "—";
    return {
      type: "Li", namespace: "dash_html_components",
      props: {
        key: c.id, className: "ticker-item" + (fresh.has(c.id) ? " fresh" : "") + (c.urgency !== "normal" ? " urgent" : ""),
        children: [
          { type: "Span", namespace: "dash_html_components", props: { className: "ticker-time", children: time } },
          { type: "Span", namespace: "dash_html_components", props: { className: "ticker-channel", children: CHANNELS[c.channel] || c.channel } },
          { type: "Span", namespace: "dash_html_components", props: { className: "ticker-place", children: place } },
          { type: "Span", namespace: "dash_html_components", props: { className: "ticker-title", children: c.title } },
        ],
      },
    };
  }

  function el(type, className, children, style) {
    const props = { className: className, children: children };
    if (style) props.style = style;
    return { type: type, namespace: "dash_html_components", props: props };
  }

  function percent(value) {
    return value === null || value === undefined ? "—" : (value * 100).toFixed(1);
  }

  const MAP_MIN_INTERVAL_MS = 1000;
  const mapState = { key: null, at: -Infinity };

  /* SLA countdowns tick in the browser: the server sends deadlines, never a per-second tick */
  function countdown(ms) {
    const sign = ms < 0 ? "超时 " : "";
    const s = Math.floor(Math.abs(ms) / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    const pad = (n) => String(n).padStart(2, "0");
    return sign + (h > 0 ? h + ":" + pad(m) + ":" + pad(s % 60) : pad(m) + ":" + pad(s % 60));
  }
  window.setInterval(function () {
    document.querySelectorAll(".sla-item[data-deadline]").forEach(function (node) {
      const left = Date.parse(node.dataset.deadline) - Date.now();
      node.firstChild.textContent = countdown(left);
      node.classList.toggle("sla-late", left < 0);
      node.classList.toggle("sla-near", left >= 0 && left < 5 * 60 * 1000);
    });
  }, 1000);

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    wall: {
      figures: function (f) {
        const nu = window.dash_clientside.no_update;
        if (!f) return [nu, nu, nu, nu, nu];
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
        const leader = f.leader ? f.leader.name + (f.leader.title ? "（" + f.leader.title + "）" : "") : "—";
        return [String(f.resolved), percent(f.on_site_resolution), rates, channels, leader];
      },
      render: function (view, figure) {
        const nu = window.dash_clientside.no_update;
        if (!view || !figure) return [nu, nu, nu, nu, nu];
        const locations = figure.data[0].locations;
        const names = {};
        locations.forEach((code, i) => { names[code] = figure.data[0].text[i]; });
        // the map redraws at most once a second: a choropleth repaint costs far more than a batch
        const z = locations.map((code) => view.counts[code] || 0);
        const key = z.join(",");
        let patch = nu;
        if (key !== mapState.key && performance.now() - mapState.at >= MAP_MIN_INTERVAL_MS) {
          patch = new window.dash_clientside.Patch()
            .assign(["data", 0, "z"], z)
            .assign(["data", 0, "zmax"], Math.max(5, ...z))
            .build();
          mapState.key = key;
          mapState.at = performance.now();
        } else if (key !== mapState.key) {
          const stream = window.SmartBrainLive && window.SmartBrainLive.streams.wall;
          if (stream) stream.requestView(MAP_MIN_INTERVAL_MS);  // come back with the latest counts
        }
        const fresh = new Set(view.fresh);
        const rendered = window.SmartBrainLive && window.SmartBrainLive.onRendered;
        if (rendered) rendered(view.fresh);
        const board = (view.board || []).map((b) => el("Li", "sla-item", [
          el("Span", "sla-countdown", "", null), el("Span", "sla-place", names[b.t] || "—"),
          el("Span", "sla-title", b.n)]));
        board.forEach((node, i) => { node.props["data-deadline"] = view.board[i].d; node.props.key = view.board[i].id; });
        return [patch, view.recent.map((c) => item(c, names, fresh)), String(view.today), String(view.open), board];
      },
    },
  });
})();
