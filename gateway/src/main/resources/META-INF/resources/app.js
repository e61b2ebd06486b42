// twinloop dashboard: plain JavaScript and inline SVG over the gateway's REST view (/api/v1).
// Everything that comes from the API (names, rationales, LLM text) is inserted as text, never as HTML.
//
// Elements a test can count:
//   svg#topology line.link    one per directed link record of the snapshot (an undirected link of the
//                             source file is two records: two lines, drawn side by side)
//   svg#topology circle.node  one per node
//   svg#chart-{mlu,latency,power} circle.point  one per listed round that has KPIs (kpisBefore),
//                             the KPIs observed when the round started; circle.point-after marks the
//                             KPIs with the round's chosen plan
//   #rounds tr.round          one per listed round; button.approve / button.reject on pending ones;
//                             span.estimated (text "est. FIT") in its traffic cell when the round's observed
//                             traffic was estimated from link counters (trafficEstimated)
//   #round-detail             the round named by ?round=ID or clicked in the table
//   body[data-ready="1"]      set once the network, charts and table (and a ?round=ID) have rendered
(function () {
  'use strict';

  const SVG = 'http://www.w3.org/2000/svg';
  const REFRESH_MS = 5000;
  const ROUND_LIMIT = 500;
  const state = {
    network: null, networks: [], summaryKey: '', roundsKey: '', rounds: [], nextPageToken: '',
    selected: null, refreshing: false,
  };

  // ---------- small helpers ----------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    setAttrs(e, attrs);
    append(e, children);
    return e;
  }

  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVG, tag);
    setAttrs(e, attrs);
    append(e, children);
    return e;
  }

  function setAttrs(e, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = String(v);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, String(v));
    }
  }

  function append(e, children) {
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  function clear(e) {
    while (e.firstChild) e.removeChild(e.firstChild);
  }

  const num = (v) => (v === undefined || v === null || v === '' ? 0 : Number(v));
  const short = (name, prefix) => String(name || '').replace(prefix, '');
  const pct = (u) => (u === null || u === undefined ? '–' : (100 * u).toFixed(1) + ' %');
  // A relative fit to link counters: two decimals below 1 %, else one.
  const fitPercent = (f) => (100 * f).toFixed(f < 0.01 ? 2 : 1) + ' %';
  const fitText = (f) => (Number.isFinite(f) ? 'fit ' + fitPercent(f) : 'no fit: every counter read 0');

  function rate(bps) {
    if (bps === null || bps === undefined) return '–';
    const a = Math.abs(bps);
    if (a >= 1e12) return (bps / 1e12).toFixed(2) + ' Tbit/s';
    if (a >= 1e9) return (bps / 1e9).toFixed(2) + ' Gbit/s';
    if (a >= 1e6) return (bps / 1e6).toFixed(2) + ' Mbit/s';
    if (a >= 1e3) return (bps / 1e3).toFixed(2) + ' kbit/s';
    return bps.toFixed(0) + ' bit/s';
  }

  function watts(w) {
    return Math.abs(w) >= 1e4 ? (w / 1e3).toFixed(1) + ' kW' : w.toFixed(0) + ' W';
  }

  function time(ms) {
    const t = num(ms);
    return t ? new Date(t).toLocaleString() : '–';
  }

  async function api(path, options) {
    const opts = Object.assign({}, options || {});
    const headers = Object.assign({'Accept': 'application/json'}, opts.headers || {});
    const token = (localStorage.getItem('twinloop.token') || '').trim();
    if (token) {
      headers['Authorization'] = 'Bearer ' + token;
    }
    opts.headers = headers;
    const res = await fetch(path, opts);
    const text = await res.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const msg = body && body.message ? body.code + ': ' + body.message : 'HTTP ' + res.status;
      throw new Error(msg);
    }
    return body;
  }

  function say(text, isError) {
    const m = document.getElementById('message');
    m.textContent = text;
    m.className = isError ? 'error' : '';
    m.dataset.source = '';
    m.hidden = !text;
  }

  // ---------- utilisation colours ----------

  const STOPS = [[0, [26, 152, 80]], [0.5, [230, 199, 0]], [1, [215, 48, 39]]];
  const NO_DATA = '#9aa0a6';
  const OVERLOAD = '#7f0000';

  function utilColor(u) {
    if (u === null || u === undefined || Number.isNaN(u)) return NO_DATA;
    if (u > 1) return OVERLOAD;
    const x = Math.max(0, u);
    for (let i = 1; i < STOPS.length; i++) {
      const [x1, c1] = STOPS[i];
      const [x0, c0] = STOPS[i - 1];
      if (x <= x1) {
        const f = (x - x0) / (x1 - x0);
        const c = c0.map((v, k) => Math.round(v + f * (c1[k] - v)));
        return 'rgb(' + c.join(',') + ')';
      }
    }
    return 'rgb(' + STOPS[STOPS.length - 1][1].join(',') + ')';
  }

  function drawLegend() {
    const g = document.getElementById('legend');
    clear(g);
    const defs = svg('defs', {}, svg('linearGradient', {id: 'util-gradient', x1: 0, x2: 1, y1: 0, y2: 0},
        STOPS.map(([x, c]) => svg('stop', {offset: (100 * x) + '%', 'stop-color': 'rgb(' + c.join(',') + ')'}))));
    g.append(defs);
    g.append(svg('rect', {x: 10, y: 4, width: 240, height: 12, fill: 'url(#util-gradient)', class: 'legend-scale'}));
    [[0, '0 %'], [0.5, '50 %'], [1, '100 %']].forEach(([x, label]) => {
      g.append(svg('text', {x: 10 + 240 * x, y: 29, 'text-anchor': 'middle', 'font-size': 10, text: label}));
    });
    g.append(svg('rect', {x: 270, y: 4, width: 18, height: 12, fill: OVERLOAD}));
    g.append(svg('text', {x: 292, y: 14, 'font-size': 10, text: '> 100 %'}));
    g.append(svg('line', {x1: 350, y1: 10, x2: 372, y2: 10, stroke: NO_DATA, 'stroke-width': 3}));
    g.append(svg('text', {x: 376, y: 14, 'font-size': 10, text: 'no traffic'}));
    g.append(svg('line', {x1: 440, y1: 10, x2: 462, y2: 10, stroke: '#57606a', 'stroke-width': 3,
      'stroke-dasharray': '4 3'}));
    g.append(svg('text', {x: 466, y: 14, 'font-size': 10, text: 'down'}));
  }

  // ---------- topology ----------

  // Node positions in the 800x500 viewBox: longitude/latitude projected equirectangularly
  // (longitude scaled by the cosine of the mean latitude), fitted with equal scale on both axes.
  // Nodes without coordinates go on a row along the bottom; with fewer than two located nodes
  // (or all at one point) every node goes on a circle.
  function layout(nodes, W, H, pad) {
    const pos = new Map();
    const located = nodes.filter((n) => Number.isFinite(n.longitude) && Number.isFinite(n.latitude));
    const meanLat = located.reduce((s, n) => s + n.latitude, 0) / Math.max(1, located.length);
    const k = Math.cos(meanLat * Math.PI / 180);
    const pts = located.map((n) => [n.longitude * k, -n.latitude]);
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const spanX = located.length ? Math.max(...xs) - Math.min(...xs) : 0;
    const spanY = located.length ? Math.max(...ys) - Math.min(...ys) : 0;
    if (located.length < 2 || (spanX === 0 && spanY === 0)) {
      nodes.forEach((n, i) => {
        const a = 2 * Math.PI * i / nodes.length - Math.PI / 2;
        pos.set(n.name, [W / 2 + (H / 2 - pad) * Math.cos(a), H / 2 + (H / 2 - pad) * Math.sin(a)]);
      });
      return pos;
    }
    const unlocated = nodes.filter((n) => !located.includes(n));
    const bottom = unlocated.length ? 30 : 0;
    const scale = Math.min((W - 2 * pad) / (spanX || 1), (H - 2 * pad - bottom) / (spanY || 1));
    const offX = (W - spanX * scale) / 2 - Math.min(...xs) * scale;
    const offY = (H - bottom - spanY * scale) / 2 - Math.min(...ys) * scale;
    located.forEach((n, i) => pos.set(n.name, [pts[i][0] * scale + offX, pts[i][1] * scale + offY]));
    unlocated.forEach((n, i) => pos.set(n.name, [pad + (W - 2 * pad) * (i + 0.5) / unlocated.length, H - pad / 2]));
    return pos;
  }

  function renderTopology(t) {
    const W = 800, H = 500, PAD = 30;
    const g = document.getElementById('topology');
    clear(g);
    const pos = layout(t.nodes, W, H, PAD);
    const big = t.links.length > 300;
    const perPair = new Map();
    const linkLayer = svg('g', {class: 'links'});
    for (const l of t.links) {
      const p = pos.get(l.src);
      const q = pos.get(l.dst);
      if (!p || !q) continue;
      // Directed links between the same two nodes are drawn side by side: each to the right of
      // its direction of travel, further out for every parallel link.
      const key = l.src + '\u0000' + l.dst;
      const nth = (perPair.get(key) || 0) + 1;
      perPair.set(key, nth);
      const dx = q[0] - p[0], dy = q[1] - p[1];
      const len = Math.hypot(dx, dy) || 1;
      const off = (big ? 1.5 : 2.5) * (2 * nth - 1);
      const nx = -dy / len * off, ny = dx / len * off;
      const u = l.utilization === null || l.utilization === undefined ? null : Number(l.utilization);
      const st = short(l.state, 'LINK_STATE_');
      const cls = 'link' + (st === 'DOWN' ? ' down' : st === 'SLEEP' ? ' sleep' : '') + (u === null ? ' no-data' : '');
      const stroke = st === 'DOWN' || st === 'SLEEP' ? '#57606a' : utilColor(u);
      linkLayer.append(svg('line', {
        class: cls, x1: (p[0] + nx).toFixed(2), y1: (p[1] + ny).toFixed(2), x2: (q[0] + nx).toFixed(2),
        y2: (q[1] + ny).toFixed(2), stroke: stroke, 'stroke-width': big ? 1.5 : 3,
        'data-id': l.id, 'data-src': l.src, 'data-dst': l.dst, 'data-state': st,
        'data-utilization': u === null ? '' : u,
      }, svg('title', {text: l.src + ' → ' + l.dst + '  (' + l.id + ')\nutilisation ' + pct(u) + '\nload '
          + rate(l.loadBps) + ' of ' + rate(l.capacityBps) + '\nstate ' + st + ', IGP weight ' + l.igpWeight})));
    }
    g.append(linkLayer);
    const nodeLayer = svg('g', {class: 'nodes'});
    const r = t.nodes.length > 100 ? 2.5 : 5;
    for (const n of t.nodes) {
      const p = pos.get(n.name);
      const where = Number.isFinite(n.longitude) && Number.isFinite(n.latitude)
          ? n.latitude.toFixed(2) + '°, ' + n.longitude.toFixed(2) + '°' : 'no coordinates';
      nodeLayer.append(svg('circle', {class: 'node', cx: p[0].toFixed(2), cy: p[1].toFixed(2), r: r,
        'data-name': n.name}, svg('title', {text: n.name + ' (' + where + ')'})));
      if (t.nodes.length <= 40) {
        const right = p[0] > W - 110;
        nodeLayer.append(svg('text', {class: 'node-label', x: (p[0] + (right ? -7 : 7)).toFixed(2),
          y: (p[1] - 6).toFixed(2), 'text-anchor': right ? 'end' : 'start', text: n.name}));
      }
    }
    g.append(nodeLayer);

    document.getElementById('topology-caption').textContent = t.network + ' v' + t.version + ' · '
        + t.nodes.length + ' nodes, ' + t.links.length + ' directed links'
        + (t.trafficTime ? ' · traffic ' + t.trafficTime + (t.trafficRow !== null && t.trafficRow !== undefined
            ? ' (row ' + t.trafficRow + ')' : '') : '');
    const note = document.getElementById('topology-note');
    note.textContent = t.note || '';
    note.hidden = !t.note;
    const kpis = document.getElementById('kpis');
    clear(kpis);
    if (t.kpis) {
      const k = t.kpis;
      [['MLU', pct(k.maxLinkUtilization)], ['mean utilisation', pct(k.meanLinkUtilization)],
        ['mean latency', k.meanLatencyMs.toFixed(2) + ' ms'], ['power', watts(k.totalPowerW)],
        ['overloaded links', k.linksOverloaded], ['unrouted', rate(k.unroutedBps)]]
          .forEach(([name, v]) => kpis.append(el('div', {}, el('dt', {text: name}), el('dd', {text: v}))));
    }
  }

  // ---------- charts ----------

  function niceMax(v) {
    if (!(v > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) {
      if (m * p >= v) return m * p;
    }
    return 10 * p;
  }

  // One line chart: the KPI observed when each round started (circle.point), and with the
  // round's chosen plan where it had one (dashed, circle.point-after). x: rounds oldest → newest.
  function lineChart(id, rounds, pick, unit, scaleBy, digits) {
    const g = document.getElementById(id);
    clear(g);
    const W = 480, H = 190, L = 52, R = 12, T = 12, B = 36;
    const withKpis = rounds.filter((r) => r.kpisBefore);
    if (!withKpis.length) {
      g.append(svg('text', {class: 'empty', x: W / 2, y: H / 2, 'text-anchor': 'middle',
        text: 'no rounds with KPIs yet'}));
      return;
    }
    const before = withKpis.map((r) => num(pick(r.kpisBefore)) * scaleBy);
    const after = withKpis.map((r) => (r.kpisAfter ? num(pick(r.kpisAfter)) * scaleBy : null));
    const top = niceMax(Math.max(...before, ...after.filter((v) => v !== null)) * 1.05);
    const n = withKpis.length;
    const x = (i) => L + (n === 1 ? (W - L - R) / 2 : (W - L - R) * i / (n - 1));
    const y = (v) => T + (H - T - B) * (1 - v / top);
    for (let i = 0; i <= 4; i++) {
      const v = top * i / 4;
      g.append(svg('line', {class: 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v)}));
      g.append(svg('text', {class: 'tick-label', x: L - 5, y: y(v) + 3, 'text-anchor': 'end',
        text: v.toFixed(digits)}));
    }
    g.append(svg('line', {class: 'axis', x1: L, x2: L, y1: T, y2: H - B}));
    g.append(svg('line', {class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B}));
    const ticks = n <= 10 ? [...Array(n).keys()] : [0, Math.floor((n - 1) / 2), n - 1];
    for (const i of ticks) {
      g.append(svg('text', {class: 'tick-label', x: x(i), y: H - B + 12, 'text-anchor': 'middle', text: i + 1}));
    }
    g.append(svg('text', {class: 'axis-label', x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle',
      text: 'round (oldest → newest)'}));
    g.append(svg('text', {class: 'axis-label', x: 12, y: (T + H - B) / 2, 'text-anchor': 'middle',
      transform: 'rotate(-90 12 ' + (T + H - B) / 2 + ')', text: unit}));
    const path = (vals) => vals.map((v, i) => (v === null ? null : [x(i), y(v)]))
        .filter((p) => p).map((p, i) => (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1)).join(' ');
    if (after.some((v) => v !== null)) {
      g.append(svg('path', {class: 'series-after', d: path(after)}));
    }
    g.append(svg('path', {class: 'series', d: path(before)}));
    withKpis.forEach((r, i) => {
      const tip = r.id + ' · ' + time(r.startedUnixMs) + '\nobserved: ' + before[i].toFixed(digits + 1) + ' ' + unit
          + (after[i] !== null ? '\nwith chosen plan: ' + after[i].toFixed(digits + 1) + ' ' + unit : '');
      if (after[i] !== null) {
        g.append(svg('circle', {class: 'point-after', cx: x(i), cy: y(after[i]), r: 2.5, 'data-round': r.id},
            svg('title', {text: tip})));
      }
      g.append(svg('circle', {class: 'point', cx: x(i), cy: y(before[i]), r: 3.5, 'data-round': r.id,
        'data-value': before[i], onclick: () => showDetail(r.id)}, svg('title', {text: tip})));
    });
    g.append(svg('line', {x1: W - 180, x2: W - 166, y1: T + 4, y2: T + 4, class: 'series'}));
    g.append(svg('text', {class: 'legend-label', x: W - 162, y: T + 7, text: 'observed'}));
    g.append(svg('line', {x1: W - 100, x2: W - 86, y1: T + 4, y2: T + 4, class: 'series-after'}));
    g.append(svg('text', {class: 'legend-label', x: W - 82, y: T + 7, text: 'chosen plan'}));
  }

  function renderCharts(rounds) {
    const chronological = rounds.slice().sort((a, b) => num(a.startedUnixMs) - num(b.startedUnixMs));
    lineChart('chart-mlu', chronological, (k) => k.maxLinkUtilization, 'MLU (%)', 100, 0);
    lineChart('chart-latency', chronological, (k) => k.meanLatencyMs, 'latency (ms)', 1, 1);
    lineChart('chart-power', chronological, (k) => k.totalPowerW, 'power (W)', 1, 0);
  }

  // ---------- rounds table ----------

  function chosenActions(r) {
    const c = (r.candidates || []).find((x) => x.id === r.chosenCandidateId);
    return c && c.plan && c.plan.actions ? c.plan.actions.length : 0;
  }

  function decisionButtons(r) {
    if (r.status !== 'ROUND_STATUS_PENDING_APPROVAL') return null;
    return el('span', {class: 'actions'},
        el('button', {class: 'approve', type: 'button', 'data-round': r.id, text: 'Approve',
          onclick: (e) => { e.stopPropagation(); decide(r.id, 'approve', e.target); }}),
        el('button', {class: 'reject', type: 'button', 'data-round': r.id, text: 'Reject',
          onclick: (e) => { e.stopPropagation(); decide(r.id, 'reject', e.target); }}));
  }

  // The traffic cell of the list: the observed row (or "given" for a matrix in the request), tagged "est. FIT"
  // when it was estimated from link counters, so that such rounds stand out at a glance.
  function trafficCell(r) {
    const t = r.traffic || {};
    const where = t.row !== undefined ? 'row ' + t.row : t.matrix ? 'given' : '';
    if (!r.trafficEstimated) return where || '–';
    const f = Number(r.trafficFitError || 0);
    return [where ? where + ' ' : '', el('span', {class: 'estimated', title: 'estimated from link counters ('
        + fitText(f) + ')', text: 'est. ' + (Number.isFinite(f) ? fitPercent(f) : 'no fit')})];
  }

  function renderRounds(rounds, nextPageToken) {
    const body = document.querySelector('#rounds tbody');
    clear(body);
    for (const r of rounds) {
      const st = short(r.status, 'ROUND_STATUS_');
      const before = r.kpisBefore ? pct(r.kpisBefore.maxLinkUtilization) : '–';
      const after = r.kpisAfter ? pct(r.kpisAfter.maxLinkUtilization) : '–';
      body.append(el('tr', {class: 'round' + (r.id === state.selected ? ' selected' : ''), 'data-round-id': r.id,
        'data-status': st, onclick: () => showDetail(r.id)},
      el('td', {text: time(r.startedUnixMs)}),
      el('td', {class: 'id', text: r.id}),
      el('td', {text: short(r.mode, 'ROUND_MODE_').toLowerCase().replace('_', '-')}),
      el('td', {}, el('span', {class: 'badge ' + st, text: st.replace('_', ' ')})),
      el('td', {text: short(r.trigger, 'ROUND_TRIGGER_').toLowerCase()}),
      el('td', {class: 'traffic'}, trafficCell(r)),
      el('td', {class: 'num', text: before + ' → ' + after}),
      el('td', {class: 'num', text: chosenActions(r)}),
      el('td', {}, decisionButtons(r))));
    }
    document.getElementById('rounds-caption').textContent = rounds.length
        ? rounds.length + ' round' + (rounds.length === 1 ? '' : 's') + ', newest first'
        + (nextPageToken ? ' (the latest ' + ROUND_LIMIT + ')' : '') : 'none yet';
  }

  // ---------- round detail ----------

  function describeAction(a) {
    if (a.setLinkWeight) return 'IGP weight of ' + a.setLinkWeight.linkId + ' → ' + a.setLinkWeight.igpWeight;
    if (a.setLinkAdminState) {
      return 'admin state of ' + a.setLinkAdminState.linkId + ' → ' + short(a.setLinkAdminState.state, 'LINK_STATE_');
    }
    if (a.setLinkCapacity) return 'capacity of ' + a.setLinkCapacity.linkId + ' → ' + rate(a.setLinkCapacity.capacityBps);
    if (a.setPathPolicy) {
      const p = a.setPathPolicy;
      if (!p.paths || !p.paths.length) return 'path policy ' + p.src + ' → ' + p.dst + ' removed (back to IGP)';
      return 'path policy ' + p.src + ' → ' + p.dst + ': ' + p.paths.map((w) => (w.nodes || []).join('–')
          + ' ' + (100 * num(w.fraction)).toFixed(0) + ' %').join('; ');
    }
    return JSON.stringify(a);
  }

  function kpiRows(k) {
    return [['MLU', pct(k.maxLinkUtilization)], ['mean utilisation', pct(k.meanLinkUtilization)],
      ['p95 utilisation', pct(k.p95LinkUtilization)], ['mean latency', num(k.meanLatencyMs).toFixed(2) + ' ms'],
      ['p95 latency', num(k.p95LatencyMs).toFixed(2) + ' ms'], ['power', watts(num(k.totalPowerW))],
      ['unrouted', rate(num(k.unroutedBps))], ['estimated loss', rate(num(k.estimatedLossBps))],
      ['overloaded links', num(k.linksOverloaded)], ['churn', num(k.churn)]];
  }

  function meta(pairs) {
    const dl = el('dl', {class: 'meta'});
    for (const [k, v] of pairs) {
      if (v === null || v === undefined || v === '') continue;
      dl.append(el('dt', {text: k}), el('dd', {}, v));
    }
    return dl;
  }

  function list(items, cls) {
    return el('ul', {class: cls}, items.map((t) => el('li', {text: t})));
  }

  // The observed traffic's time and, when it was estimated from link counters, its fit to them
  // (trafficFitError is a relative error; proto JSON writes a non-finite one as "Infinity").
  function trafficSource(r) {
    if (!r.trafficEstimated) return r.trafficTime;
    const fit = fitText(Number(r.trafficFitError || 0));
    return (r.trafficTime ? r.trafficTime + ', ' : '') + 'estimated from counters (' + fit + ')';
  }

  function renderDetail(r) {
    const d = document.getElementById('round-detail');
    clear(d);
    d.hidden = false;
    const st = short(r.status, 'ROUND_STATUS_');
    d.append(el('h2', {}, 'Round ', el('span', {class: 'id', text: r.id}), ' ',
        el('span', {class: 'badge ' + st, text: st.replace('_', ' ')}), ' ', decisionButtons(r),
        ' ', el('button', {type: 'button', class: 'close', text: 'close', onclick: () => {
          state.selected = null;
          d.hidden = true;
          const url = new URL(location.href);
          url.searchParams.delete('round');
          history.replaceState(null, '', url);
          renderRounds(state.rounds, state.nextPageToken);
        }})));
    d.append(meta([
      ['network', r.network], ['mode', short(r.mode, 'ROUND_MODE_')],
      ['trigger', short(r.trigger, 'ROUND_TRIGGER_') + (r.triggerDetail ? ': ' + r.triggerDetail : '')],
      ['started', time(r.startedUnixMs)], ['finished', num(r.finishedUnixMs) ? time(r.finishedUnixMs) : ''],
      ['versions', 'base v' + r.baseVersion + (num(r.appliedVersion) ? ' → applied as v' + r.appliedVersion : '')],
      ['objective', r.objective === 'OBJECTIVE_UNSPECIFIED' ? 'MIN_MLU (default)' : short(r.objective, 'OBJECTIVE_')],
      ['traffic', trafficSource(r)],
      ['forecast', r.forecastMethod], ['intent', r.intent], ['requested by', r.requestedBy],
      ['decided by', r.decidedBy], ['rejection reason', r.rejectionReason], ['error', r.error],
      ['replay of', r.replayOf], ['choice', r.choiceReason],
    ]));

    if (r.kpisBefore) {
      d.append(el('h3', {text: 'KPIs'}));
      const rowsB = kpiRows(r.kpisBefore);
      const rowsA = r.kpisAfter ? kpiRows(r.kpisAfter) : null;
      d.append(el('table', {class: 'kpi-table'},
          el('thead', {}, el('tr', {}, el('th', {text: ''}), el('th', {class: 'num', text: 'before'}),
              el('th', {class: 'num', text: 'with chosen plan'}))),
          el('tbody', {}, rowsB.map(([name, v], i) => el('tr', {}, el('td', {text: name}),
              el('td', {class: 'num', text: v}), el('td', {class: 'num', text: rowsA ? rowsA[i][1] : '–'}))))));
    }

    const cands = r.candidates || [];
    d.append(el('h3', {text: 'Candidates (' + cands.length + ')'}));
    if (cands.length) {
      d.append(el('table', {class: 'candidates'},
          el('thead', {}, el('tr', {}, ['candidate', 'source', 'verified', 'MLU', 'MLU p90', 'mean latency',
            'power', 'churn', 'score', 'actions', 'why rejected'].map((h) => el('th', {text: h})))),
          el('tbody', {}, cands.map((c) => {
            const k = c.verifiedKpis || {};
            const k90 = c.verifiedKpisP90;
            return el('tr', {class: 'candidate' + (c.id === r.chosenCandidateId ? ' chosen' : ''),
              'data-candidate': c.id},
            el('td', {class: 'id', text: c.id + (c.id === r.chosenCandidateId ? ' (chosen)' : '')}),
            el('td', {text: c.source}),
            el('td', {class: c.verified ? 'verified' : 'rejected', text: c.verified ? '✓ verified' : '✗ rejected'}),
            el('td', {class: 'num', text: c.verifiedKpis ? pct(k.maxLinkUtilization) : '–'}),
            el('td', {class: 'num', text: k90 ? pct(k90.maxLinkUtilization) : '–'}),
            el('td', {class: 'num', text: c.verifiedKpis ? num(k.meanLatencyMs).toFixed(2) + ' ms' : '–'}),
            el('td', {class: 'num', text: c.verifiedKpis ? watts(num(k.totalPowerW)) : '–'}),
            el('td', {class: 'num', text: c.verifiedKpis ? num(k.churn) : '–'}),
            el('td', {class: 'num', text: num(c.score).toFixed(4)}),
            el('td', {class: 'num', text: c.plan && c.plan.actions ? c.plan.actions.length : 0}),
            el('td', {}, list(c.rejectionReasons || [], 'reasons')));
          }))));
    }

    const chosen = cands.find((c) => c.id === r.chosenCandidateId);
    if (chosen) {
      const actions = (chosen.plan && chosen.plan.actions) || [];
      d.append(el('h3', {text: 'Chosen plan: ' + chosen.id + ' (' + actions.length + ' change'
          + (actions.length === 1 ? '' : 's') + ')'}));
      d.append(actions.length ? list(actions.map(describeAction), 'changes')
          : el('p', {text: 'keep the configuration'}));
      const ra = chosen.rationale;
      if (ra) {
        d.append(el('h3', {text: 'Rationale'}));
        d.append(meta([['summary', ra.summary], ['objective', ra.objective],
          ['binding links', (ra.bindingLinkIds || []).join(', ')]]));
        if (ra.changes && ra.changes.length) d.append(list(ra.changes, 'rationale'));
      }
    }

    d.append(el('h3', {text: 'LLM'}));
    const u = r.llmUsage || {};
    const tr = r.llmTrace;
    d.append(meta([['status', r.llmStatus || '–'],
      ['tokens', num(u.totalTokens) ? u.totalTokens + ' (' + u.promptTokens + ' prompt, ' + u.completionTokens
          + ' completion) in ' + u.llmCalls + ' call(s)' : ''],
      ['latency', tr && num(tr.latencyMs) ? num(tr.latencyMs).toFixed(0) + ' ms (' + num(tr.modelMs).toFixed(0)
          + ' ms waiting for the model), ' + num(tr.answers) + ' answer(s)' : ''],
      ['tool calls', tr && tr.toolCalls && tr.toolCalls.length ? tr.toolCalls.map((t) => t.name
          + (t.ok ? '' : ' (failed: ' + t.error + ')')).join(', ') : ''],
      ['fallback', tr ? tr.fallbackReason : ''],
      ['violations', tr && tr.violations && tr.violations.length ? tr.violations.join('; ') : '']]));

    d.append(el('h3', {text: 'Degradations'}));
    d.append((r.degradations || []).length ? list(r.degradations, 'degradations') : el('p', {text: 'none'}));

    if ((r.diagnosis || []).length) {
      d.append(el('h3', {text: 'Diagnosis'}));
      d.append(list(r.diagnosis.map((h) => short(h.kind, 'HYPOTHESIS_KIND_') + ' ' + (h.elements || []).join(', ')
          + ' · score ' + num(h.score).toFixed(3) + (h.explanation ? ' · ' + h.explanation : '')), 'diagnosis'));
      if (r.diagnosisExplanation) d.append(el('p', {text: r.diagnosisExplanation}));
    }

    d.append(el('h3', {text: 'Stage timings'}));
    const timings = r.timings || [];
    const longest = Math.max(1, ...timings.map((t) => num(t.durationMs)));
    d.append(el('table', {class: 'timings'},
        el('thead', {}, el('tr', {}, ['stage', 'status', 'ms', '', 'note'].map((h) => el('th', {text: h})))),
        el('tbody', {}, timings.map((t) => el('tr', {class: 'timing'},
            el('td', {text: short(t.stage, 'STAGE_').toLowerCase()}),
            el('td', {text: short(t.status, 'STAGE_STATUS_').toLowerCase()}),
            el('td', {class: 'num', text: num(t.durationMs).toFixed(0)}),
            el('td', {}, el('span', {class: 'bar', style: 'width:' + (120 * num(t.durationMs) / longest).toFixed(1)
                  + 'px'})),
            el('td', {text: t.note || ''}))))));
  }

  async function showDetail(id) {
    state.selected = id;
    const url = new URL(location.href);
    url.searchParams.set('round', id);
    history.replaceState(null, '', url);
    document.querySelectorAll('#rounds tr.round').forEach((tr) =>
      tr.classList.toggle('selected', tr.dataset.roundId === id));
    try {
      const r = await api('/api/v1/rounds/' + encodeURIComponent(id));
      if (state.selected === id) renderDetail(r);
    } catch (e) {
      say('could not load round ' + id + ': ' + e.message, true);
    }
  }

  async function decide(id, action, button) {
    // With a token the gateway records the token's name (a different name would be refused);
    // without one (authentication off) the name typed here is recorded, unverified.
    const tokenSet = (localStorage.getItem('twinloop.token') || '').trim() !== '';
    const who = tokenSet ? '' : document.getElementById('operator').value.trim() || 'dashboard';
    let body;
    if (action === 'approve') {
      body = who ? {approver: who} : {};
    } else {
      const reason = window.prompt('Why reject round ' + id + '?', '');
      if (reason === null) return;
      body = who ? {rejector: who, reason: reason} : {reason: reason};
    }
    document.querySelectorAll('button[data-round="' + CSS.escape(id) + '"]').forEach((b) => { b.disabled = true; });
    say((action === 'approve' ? 'approving ' : 'rejecting ') + id + ' …', false);
    try {
      const r = await api('/api/v1/rounds/' + encodeURIComponent(id) + '/' + action, {
        method: 'POST', headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
        body: JSON.stringify(body),
      });
      const st = short(r.status, 'ROUND_STATUS_');
      say('round ' + id + ' is now ' + st + (num(r.appliedVersion) ? ' (applied as version ' + r.appliedVersion + ')'
          : r.rejectionReason ? ': ' + r.rejectionReason : ''), st === 'FAILED');
      state.summaryKey = '';
      await refresh(true);
      if (state.selected === id) renderDetail(r);
    } catch (e) {
      say('could not ' + action + ' round ' + id + ': ' + e.message, true);
      document.querySelectorAll('button[data-round="' + CSS.escape(id) + '"]').forEach((b) => { b.disabled = false; });
    }
  }

  // ---------- loading ----------

  function renderNetworkPicker() {
    const sel = document.getElementById('network');
    const names = state.networks.map((n) => n.network);
    const current = Array.from(sel.options).map((o) => o.value);
    if (names.join('\n') !== current.join('\n')) {
      clear(sel);
      for (const n of state.networks) {
        sel.append(el('option', {value: n.network, text: n.network + ' (v' + n.latestVersion + ', ' + n.nodes
            + ' nodes)'}));
      }
    }
    sel.value = state.network || '';
  }

  async function refresh(force) {
    if (state.refreshing && !force) return;
    state.refreshing = true;
    try {
      const nets = await api('/api/v1/networks');
      state.networks = nets.networks || [];
      if (!state.networks.some((n) => n.network === state.network)) {
        const wanted = new URLSearchParams(location.search).get('network') || localStorage.getItem('twinloop.network');
        state.network = state.networks.some((n) => n.network === wanted) ? wanted
            : state.networks.length ? state.networks[0].network : null;
        state.summaryKey = '';
        state.roundsKey = '';
      }
      renderNetworkPicker();
      if (!state.network) {
        say('no networks yet: import one with ./twinloop import NAME FILE', false);
        return true;
      }
      const summary = state.networks.find((n) => n.network === state.network);
      const key = state.network + '@' + summary.latestVersion + '/' + summary.trafficSamples;
      const network = state.network;
      const [topology, rounds] = await Promise.all([
        key !== state.summaryKey ? api('/api/v1/networks/' + encodeURIComponent(network) + '/topology') : null,
        api('/api/v1/rounds?view=basic&limit=' + ROUND_LIMIT + '&network=' + encodeURIComponent(network)),
      ]);
      if (network !== state.network) return false;
      if (topology) {
        renderTopology(topology);
        state.summaryKey = key;
      }
      const roundsKey = JSON.stringify(rounds);
      if (roundsKey !== state.roundsKey) {
        state.rounds = rounds.rounds || [];
        renderCharts(state.rounds);
        state.nextPageToken = rounds.nextPageToken;
        renderRounds(state.rounds, state.nextPageToken);
        if (state.roundsKey && state.selected) showDetail(state.selected);
        state.roundsKey = roundsKey;
      }
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      const m = document.getElementById('message');
      if (m.classList.contains('error') && m.dataset.source === 'refresh') say('', false);
      return true;
    } catch (e) {
      say('refresh failed: ' + e.message, true);
      document.getElementById('message').dataset.source = 'refresh';
      return false;
    } finally {
      state.refreshing = false;
    }
  }

  function selectNetwork(name) {
    state.network = name;
    state.summaryKey = '';
    state.roundsKey = '';
    state.selected = null;
    document.getElementById('round-detail').hidden = true;
    localStorage.setItem('twinloop.network', name);
    const url = new URL(location.href);
    url.searchParams.set('network', name);
    url.searchParams.delete('round');
    history.replaceState(null, '', url);
    return refresh(true);
  }

  async function start() {
    drawLegend();
    const operator = document.getElementById('operator');
    operator.value = localStorage.getItem('twinloop.operator') || '';
    operator.addEventListener('change', () => localStorage.setItem('twinloop.operator', operator.value.trim()));
    const token = document.getElementById('token');
    token.value = localStorage.getItem('twinloop.token') || '';
    token.addEventListener('change', () => {
      localStorage.setItem('twinloop.token', token.value.trim());
      refresh(true);
    });
    document.getElementById('network').addEventListener('change', (e) => selectNetwork(e.target.value));
    const ok = await refresh(true);
    const round = new URLSearchParams(location.search).get('round');
    if (ok && round) await showDetail(round);
    if (ok) document.body.dataset.ready = '1';
    setInterval(async () => {
      if (document.hidden || !document.getElementById('auto-refresh').checked) return;
      if (await refresh(false)) document.body.dataset.ready = '1';
    }, REFRESH_MS);
  }

  start();
})();
