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

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    wall: {
      render: function (view, figure) {
        const nu = window.dash_clientside.no_update;
        if (!view || !figure) return [nu, nu, nu, nu];
        const locations = figure.data[0].locations;
        const names = {};
        locations.forEach((code, i) => { names[code] = figure.data[0].text[i]; });
        const z = locations.map((code) => view.counts[code] || 0);
        const patch = new window.dash_clientside.Patch()
          .assign(["data", 0, "z"], z)
          .assign(["data", 0, "zmax"], Math.max(5, ...z))
          .build();
        const fresh = new Set(view.fresh);
        const rendered = window.SmartBrainLive && window.SmartBrainLive.onRendered;
        if (rendered) rendered(view.fresh);
        return [patch, view.recent.map((c) => item(c, names, fresh)), String(view.today), String(view.open)];
      },
    },
  });
})();
