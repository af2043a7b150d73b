/*
 * lrsweep's report page: reads the embedded data, assembles Apache ECharts options from it and switches between
 * views. ECharts draws everything; nothing here plots.
 */
(function () {
  'use strict';

  const CROSS = 'path://M2,0L5,3L8,0L10,2L7,5L10,8L8,10L5,7L2,10L0,8L3,5L0,2Z';
  const VERDICTS = {
    diverged: { color: '#d62728', symbol: CROSS },
    rising: { color: '#e6550d', symbol: 'arrow' },
    oscillating: { color: '#ff7f0e', symbol: 'diamond' },
    zigzag: { color: '#9467bd', symbol: 'triangle' },
    slow: { color: '#8c8c8c', symbol: 'emptyCircle' },
    plateaued: { color: '#bcbd22', symbol: 'rect' },
    overfitting: { color: '#e377c2', symbol: 'pin' },
    noisy: { color: '#17becf', symbol: 'roundRect' },
    ok: { color: '#2ca02c', symbol: 'circle' },
  };
  const UNKNOWN_VERDICT = { color: '#444444', symbol: 'circle' };
  /** Small α dark blue, large α orange (plasma without its palest end). */
  const ALPHA_COLOURS = ['#0d0887', '#5b02a3', '#9a179b', '#cb4678', '#eb7852', '#f89540'];
  /** Low loss bright, high loss dark. */
  const LOSS_COLOURS = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'];
  const SWEEP_COLOURS = ['#333333', '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b'];
  const PAGE_ROWS = 50;
  const STARTED = performance.now();

  const state = {
    data: null, sweeps: [], sweep: 0, x: 'epoch', loss: 'evaluated',
    sortKey: 'rank', sortDir: 1, filter: '', status: '', page: 0, selected: null,
  };
  /**
   * Every chart of the page as {div, build, chart}: build() gives its ECharts option from the current state. A
   * chart is drawn when it comes near the viewport, and the others one at a time in the background, so that the
   * page shows its first screen at once however many charts it holds.
   */
  const charts = { curves: [], rates: [], heat: [], detail: [] };
  const waiting = [];
  const byDiv = new Map();
  const nearView = new IntersectionObserver(seen => seen.forEach(e => {
    if (e.isIntersecting) {
      draw(byDiv.get(e.target));
    }
  }), { rootMargin: '300px 0px' });
  let drainer = null;

  // ---------------------------------------------------------------- data

  async function load() {
    const binary = atob(document.getElementById('lrsweep-data').textContent.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return JSON.parse(await new Response(stream).text());
  }

  /** Turns a sweep's columns into trial objects, joined to their groups and curves. */
  function prepare(sweep, statuses) {
    const c = sweep.trials;
    const trials = c.id.map((id, i) => ({
      index: i, id, lr: c.lr[i], group: sweep.groups[c.group[i]], seed: c.seed[i], status: c.status[i],
      flags: c.flags[i], stable: c.stable[i] === 1, rank: c.rank[i], steps: c.steps[i], epochs: c.epochs[i],
      divergedAt: c.divergedAt[i], initialTrain: c.initialTrain[i], finalTrain: c.finalTrain[i],
      bestTrain: c.bestTrain[i], finalVal: c.finalVal[i], bestVal: c.bestVal[i], reason: c.reason[i],
      curve: curveOf(sweep.curves[i]),
    }));
    sweep.groups.forEach(g => {
      g.trials = [];
      g.label = g.optimizer + ' | ' + g.schedule + ' | batch ' + g.batch;
    });
    trials.forEach(t => {
      t.group.trials.push(t);
      t.text = [t.id, String(t.lr), t.group.optimizer, t.group.schedule, 'batch ' + t.group.batch, 'seed ' + t.seed,
        t.status, t.flags].join(' ').toLowerCase();
    });
    const rates = trials.map(t => t.lr);
    sweep.trialList = trials;
    sweep.alphaRange = [Math.min(...rates), Math.max(...rates)];
    sweep.metric = sweep.validation ? 'validation' : 'training';
    sweep.severity = status => {
      const k = statuses.indexOf(status);
      return k < 0 ? statuses.length : k;
    };
    return sweep;
  }

  function curveOf(c) {
    if (!c) {
      return null;
    }
    return {
      perEpoch: c[0], evaluated: c[1], recorded: c[2], evalSteps: c[3], train: c[4], val: c[5],
      steps: c[6], batch: c[7], ema: c[8], lr: c[9], grad: c[10], cosine: c[11],
    };
  }

  // ---------------------------------------------------------------- helpers

  const esc = text => echarts.format.encodeHTML(String(text));
  const finite = v => typeof v === 'number' && isFinite(v);
  const positive = v => finite(v) && v > 0 ? v : null;
  const verdict = status => VERDICTS[status] || UNKNOWN_VERDICT;
  const rate = v => finite(v) ? String(v) : '—';

  function num(v, digits) {
    if (!finite(v)) {
      return '—';
    }
    const d = digits || 4;
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(d - 1) : String(+v.toPrecision(d));
  }

  function alphaColour(sweep, lr) {
    const [lo, hi] = sweep.alphaRange;
    const t = hi > lo ? (Math.log10(lr) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : 0.5;
    return echarts.color.lerp(t, ALPHA_COLOURS);
  }

  function xOf(step, perEpoch) {
    return state.x === 'epoch' && perEpoch > 0 ? step / perEpoch : step;
  }

  function points(curve, steps, values) {
    return steps.map((s, i) => [xOf(s, curve.perEpoch), positive(values[i])]);
  }

  /** The worst status among trials, and every status that occurs, worst first. */
  function verdicts(sweep, trials) {
    const all = [...new Set(trials.map(t => t.status))].sort((a, b) => sweep.severity(a) - sweep.severity(b));
    return { worst: all[0], all };
  }

  function element(tag, attributes, text) {
    const e = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  /** A chart in {@code list}, drawn from build() when it is first seen or its turn comes. */
  function lazyChart(list, div, build) {
    const entry = { div, build, chart: null };
    list.push(entry);
    byDiv.set(div, entry);
    waiting.push(entry);
    nearView.observe(div);
    if (!drainer) {
      drainer = setTimeout(drain, 0);
    }
    return entry;
  }

  function chart(list, container, kind, key, build) {
    const div = element('div', { class: 'chart', 'data-chart': kind, 'data-key': key });
    container.appendChild(div);
    return lazyChart(list, div, build);
  }

  function draw(entry) {
    if (!entry || entry.chart) {
      return;
    }
    nearView.unobserve(entry.div);
    entry.chart = echarts.init(entry.div, null, { renderer: 'canvas' });
    entry.chart.setOption(entry.build());
  }

  /** Redraws a chart already drawn (one not drawn yet will use the state when it is). */
  function redraw(entry) {
    if (entry.chart) {
      entry.chart.setOption(entry.build(), { notMerge: true });
    }
  }

  /** Draws the waiting charts one per task, then marks the page complete. */
  function drain() {
    let entry = waiting.shift();
    while (entry && entry.chart) {
      entry = waiting.shift();
    }
    if (entry) {
      draw(entry);
      drainer = setTimeout(drain, 0);
      return;
    }
    drainer = null;
    if (window.lrsweepReport && !window.lrsweepReport.complete) {
      window.lrsweepReport.complete = true;
      window.lrsweepReport.completeMillis = performance.now();
      document.documentElement.setAttribute('data-complete', 'true');
    }
  }

  /** Draws now the charts that are in view, so that the first screen is whole when the page says it is ready. */
  function drawVisible() {
    byDiv.forEach(entry => {
      const box = entry.div.getBoundingClientRect();
      if (box.bottom > 0 && box.top < window.innerHeight) {
        draw(entry);
      }
    });
  }

  function dispose(list) {
    list.forEach(entry => {
      nearView.unobserve(entry.div);
      byDiv.delete(entry.div);
      if (entry.chart) {
        entry.chart.dispose();
      }
    });
    list.length = 0;
  }

  /**
   * A log axis over the values' range. ECharts ticks a log axis at whole powers of its base, so a range of less
   * than a few decades gets a finer base (2, 1.25, 1.1) to keep a handful of ticks.
   */
  function logAxis(values, options) {
    const ys = values.filter(v => finite(v) && v > 0);
    let lo = ys.length ? Math.min(...ys) : 0.1;
    let hi = ys.length ? Math.max(...ys) : 1;
    if (options && finite(options.cap)) {
      hi = Math.min(hi, options.cap);
      lo = Math.min(lo, hi);
    }
    lo /= 1.04;
    hi *= 1.04;
    const span = Math.log10(hi / lo);
    const base = span > 2.5 ? 10 : span > 0.7 ? 2 : span > 0.25 ? 1.25 : 1.1;
    return Object.assign({ type: 'log', logBase: base, min: lo, max: hi, nameLocation: 'middle', nameGap: 40,
      axisLabel: { formatter: v => num(v, 3), hideOverlap: true, showMinLabel: false, showMaxLabel: false },
      splitLine: { lineStyle: { color: '#eceef2' } } }, options && options.axis);
  }

  const ys = series => series.flatMap(s => s.data.map(d => Array.isArray(d) ? d[1] : d && d.value && d.value[1]));

  const zoom = () => [{ type: 'inside', filterMode: 'none', zoomOnMouseWheel: 'ctrl', moveOnMouseWheel: false }];
  const toolbox = right => ({ right, top: 0, itemSize: 12, feature: { dataZoom: { yAxisIndex: 'none' }, restore: {} } });
  const title = text => ({ text, left: 8, top: 4, textStyle: { fontSize: 13, fontWeight: 600 } });
  const xName = () => state.x === 'epoch' ? 'epoch' : 'step';

  // ---------------------------------------------------------------- 1. the answer

  function renderAnswer(sweep) {
    document.getElementById('answer-text').textContent = sweep.answer.text;
    const table = document.getElementById('answer-table');
    table.replaceChildren();
    const head = element('tr');
    sweep.answer.header.forEach(h => head.appendChild(element('th', {}, h)));
    table.appendChild(element('thead')).appendChild(head);
    const body = table.appendChild(element('tbody'));
    sweep.answer.rows.forEach(row => {
      const tr = body.appendChild(element('tr'));
      row.forEach(cell => tr.appendChild(element('td', {}, cell)));
    });
  }

  // ---------------------------------------------------------------- 2. cost against iterations

  function curveOption(sweep, group) {
    const shown = new Set(group.shown);
    const trials = group.trials.filter(t => shown.has(t.lr));
    const raw = state.loss === 'batch';
    const series = [];
    const meta = [];
    const legend = [];
    const caps = group.trials.map(t => t.initialTrain).filter(finite);
    // Diverging lines leave through the top: the chart keeps to the range where the choice is made.
    const cap = caps.length ? 2 * Math.max(...caps) : Infinity;
    const line = (name, data, colour, t, kind, style) => {
      meta.push({ trial: t, kind });
      series.push({
        type: 'line', name, data, showSymbol: !raw, symbolSize: 4, connectNulls: false, animation: false,
        itemStyle: { color: colour }, lineStyle: Object.assign({ color: colour, width: 1.6 }, style),
        emphasis: { focus: 'series' },
      });
    };
    group.shown.forEach(lr => {
      const atRate = trials.filter(t => t.lr === lr).sort((a, b) => a.seed - b.seed);
      const v = verdicts(sweep, atRate);
      const name = 'α ' + rate(lr) + ' · ' + v.all.join('/');
      const colour = alphaColour(sweep, lr);
      legend.push(name);
      atRate.forEach(t => {
        const c = t.curve;
        if (!c) {
          return;
        }
        if (raw) {
          line(name, points(c, c.steps, c.batch), colour, t, 'mini-batch loss', { width: 1, opacity: 0.35 });
          line(name, points(c, c.steps, c.ema), colour, t, 'its moving average', { width: 2 });
        } else {
          line(name, points(c, c.evalSteps, c.train), colour, t, 'training loss', {});
          if (c.val) {
            line(name, points(c, c.evalSteps, c.val), colour, t, 'validation loss', { type: 'dashed' });
          }
        }
      });
    });
    const crosses = trials.filter(t => t.divergedAt !== null && t.curve).map(t => {
      const c = t.curve;
      const values = (raw ? c.ema : c.train).map(positive).filter(v => v !== null);
      const last = values.length ? Math.min(values[values.length - 1], cap) : null;
      return { value: [xOf(t.divergedAt, c.perEpoch), last], trial: t };
    });
    meta.push({ kind: 'diverged' });
    series.push({
      type: 'scatter', name: 'diverged', data: crosses.map(p => p.value), symbol: CROSS, symbolSize: 11, z: 5,
      itemStyle: { color: VERDICTS.diverged.color, borderColor: '#fff', borderWidth: 0.5 },
    });
    const crossTrials = crosses.map(p => p.trial);
    return {
      option: {
        animation: false,
        title: title(group.label),
        grid: { left: 62, right: 172, top: 34, bottom: 42 },
        legend: { type: 'scroll', orient: 'vertical', right: 4, top: 28, bottom: 8, data: legend,
          itemWidth: 16, itemHeight: 8, textStyle: { fontSize: 11, width: 142, overflow: 'truncate' } },
        tooltip: { trigger: 'item', confine: true, formatter: p => curveTip(p, meta, crossTrials) },
        toolbox: toolbox(172),
        dataZoom: zoom(),
        xAxis: { type: 'value', name: xName(), nameLocation: 'middle', nameGap: 26, min: 0, max: 'dataMax' },
        yAxis: logAxis(ys(series), { cap, axis: { name: raw ? 'mini-batch loss' : 'loss' } }),
        series,
      },
      meta,
    };
  }

  function curveTip(p, meta, crossTrials) {
    const m = meta[p.seriesIndex];
    const t = m.kind === 'diverged' ? crossTrials[p.dataIndex] : m.trial;
    if (!t) {
      return '';
    }
    const c = t.curve;
    const x = p.value[0];
    const step = state.x === 'epoch' && c.perEpoch > 0 ? Math.round(x * c.perEpoch) : x;
    const where = m.kind === 'diverged' ? 'diverged at step ' + t.divergedAt
      : esc(m.kind) + ' ' + num(p.value[1]) + ' at step ' + step
        + (c.perEpoch > 0 ? ' (epoch ' + num(step / c.perEpoch, 3) + ')' : '');
    return '<b>α ' + esc(rate(t.lr)) + ' · ' + esc(t.status) + '</b><br>' + where + '<br>trial ' + esc(t.id)
      + ', seed ' + t.seed + ', rank ' + t.rank;
  }

  function renderCurves(sweep) {
    const container = document.getElementById('curve-charts');
    dispose(charts.curves);
    container.replaceChildren();
    sweep.groups.forEach(g => chart(charts.curves, container, 'curves', g.key, () => curveOption(sweep, g).option));
    const shownAll = sweep.groups.every(g => g.shown.length === new Set(g.trials.map(t => t.lr)).size);
    document.getElementById('curves-note').textContent = 'Curves keep their evaluation points, and up to '
      + sweep.points + ' of their recorded points chosen by LTTB (largest triangle three buckets) on the'
      + ' log mini-batch loss.' + (shownAll ? '' : ' Each chart draws at most a dozen rates spread along the'
      + ' ladder, with the recommended, largest stable and first unstable ones; the table below reaches every trial.');
  }

  function updateCurves() {
    charts.curves.forEach(redraw);
    renderDetail();
  }

  // ---------------------------------------------------------------- 3. loss against learning rate

  function rateSummary(sweep, group, field) {
    const byRate = new Map();
    group.trials.forEach(t => {
      if (!byRate.has(t.lr)) {
        byRate.set(t.lr, []);
      }
      byRate.get(t.lr).push(t);
    });
    return [...byRate.entries()].sort((a, b) => a[0] - b[0]).map(([lr, trials]) => {
      const values = trials.map(t => t[field]).filter(v => finite(v) && v > 0);
      const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
      return { lr, trials, mean, min: values.length ? Math.min(...values) : null,
        max: values.length ? Math.max(...values) : null, verdicts: verdicts(sweep, trials) };
    });
  }

  /** The series of one sweep's group; each point refers by index to its summary in {@code refs}. */
  function rateSeries(sweep, group, colour, prefix, refs, legend) {
    const final = sweep.validation ? 'finalVal' : 'finalTrain';
    const best = sweep.validation ? 'bestVal' : 'bestTrain';
    const finals = rateSummary(sweep, group, final);
    const bests = rateSummary(sweep, group, best);
    // Glyphs shrink as the ladder grows finer, so that neighbours stay apart.
    const scale = finals.length > 60 ? 0.45 : finals.length > 25 ? 0.7 : 1;
    const glyph = (r, size) => ({
      value: [r.lr, r.mean], symbol: verdict(r.verdicts.worst).symbol, symbolSize: Math.max(3, size * scale),
      itemStyle: { color: verdict(r.verdicts.worst).color }, ref: refs.push(r) - 1,
    });
    const marks = [];
    const mark = (name, value, colour, type) => {
      if (finite(value)) {
        marks.push({ name, xAxis: value, lineStyle: { color: colour, type, width: 1.5 },
          label: { formatter: name + ' ' + rate(value), color: colour, fontSize: 10 } });
      }
    };
    mark((prefix ? prefix + ': ' : '') + 'recommended', group.recommended, '#2ca02c', 'solid');
    mark((prefix ? prefix + ': ' : '') + 'largest stable', group.largestStable, colour === SWEEP_COLOURS[0]
      ? '#1f77b4' : colour, 'dashed');
    const spread = [];
    finals.filter(r => r.trials.length > 1 && r.min !== null).forEach(r => {
      spread.push([r.lr, r.min], [r.lr, r.max], [r.lr, null]);
    });
    const name = what => (prefix ? prefix + ' · ' : '') + what + ' ' + sweep.metric + ' loss';
    legend.push(name('final'), name('best'));
    if (spread.length) {
      legend.push(name('seed spread of final'));
    }
    return [
      { type: 'line', name: name('final'), data: finals.map(r => glyph(r, 9)), lineStyle: { color: colour, width: 1.6 },
        itemStyle: { color: colour }, connectNulls: false, z: 3,
        markLine: { symbol: 'none', silent: true, data: marks, label: { position: 'insideEndTop' } } },
      { type: 'line', name: name('best'), data: bests.map(r => glyph(r, 5)),
        lineStyle: { color: colour, width: 1.2, type: 'dashed', opacity: 0.7 }, itemStyle: { color: colour },
        connectNulls: false },
      { type: 'line', name: name('seed spread of final'), data: spread, showSymbol: false, connectNulls: false,
        lineStyle: { color: colour, width: 1, opacity: 0.6 }, itemStyle: { color: colour }, silent: true },
    ];
  }

  function renderRates() {
    const container = document.getElementById('rate-charts');
    dispose(charts.rates);
    container.replaceChildren();
    const labels = [];
    state.sweeps.forEach(s => s.groups.forEach(g => {
      if (!labels.includes(g.label)) {
        labels.push(g.label);
      }
    }));
    const several = state.sweeps.length > 1;
    labels.forEach(label => {
      const series = [];
      const refs = [];
      const legend = [];
      const rates = [];
      state.sweeps.forEach((s, k) => {
        const g = s.groups.find(x => x.label === label);
        if (g) {
          series.push(...rateSeries(s, g, SWEEP_COLOURS[k % SWEEP_COLOURS.length], several ? s.name : '', refs,
            legend));
          rates.push(...g.trials.map(t => t.lr));
        }
      });
      chart(charts.rates, container, 'rates', label, () => ({
        animation: false,
        title: title(label),
        grid: { left: 62, right: 24, top: 34, bottom: several ? 84 : 64 },
        legend: { bottom: 0, type: 'scroll', data: legend, textStyle: { fontSize: 11 }, itemWidth: 16, itemHeight: 8 },
        tooltip: { trigger: 'item', confine: true, formatter: p => rateTip(p, refs) },
        toolbox: toolbox(8),
        xAxis: { type: 'log', name: 'learning rate α', nameLocation: 'middle', nameGap: 24,
          min: Math.min(...rates) / 1.5, max: Math.max(...rates) * 1.5, splitLine: { lineStyle: { color: '#eceef2' } },
          axisLabel: { formatter: v => num(v, 2), showMinLabel: false, showMaxLabel: false } },
        yAxis: logAxis(ys(series), { axis: { name: state.sweeps[0].metric + ' loss' } }),
        series,
      }));
    });
    const seeds = Math.max(...state.sweeps.map(s => new Set(s.trialList.map(t => t.seed)).size));
    document.getElementById('rates-note').textContent = 'For each group, the final (solid) and best (dashed) '
      + state.sweeps[0].metric + ' loss against α, averaged over seeds' + (seeds > 1 ? ', with a bar from the'
      + ' lowest to the highest seed' : '') + '. The glyph and its colour give the verdict (the worst among the'
      + ' seeds): ' + Object.keys(VERDICTS).join(', ') + '. Vertical lines mark the largest stable rate'
      + ' and, where the summary has one, the recommended rate.'
      + (state.sweeps.length > 1 ? ' Sweeps: ' + state.sweeps.map(s => s.name).join(', ') + '.' : '');
  }

  function rateTip(p, refs) {
    const r = p.data && refs[p.data.ref];
    if (!r) {
      return '';
    }
    const values = r.trials.length > 1 && r.min !== null ? ' (seeds ' + num(r.min) + ' … ' + num(r.max) + ')' : '';
    return '<b>' + esc(p.seriesName) + '</b><br>α ' + esc(rate(r.lr)) + ': ' + num(r.mean) + values
      + '<br>' + r.trials.length + (r.trials.length === 1 ? ' trial: ' : ' trials: ') + esc(r.verdicts.all.join(', '));
  }

  // ---------------------------------------------------------------- 4. α × batch size

  function renderHeat(sweep) {
    const container = document.getElementById('heat-charts');
    dispose(charts.heat);
    container.replaceChildren();
    const pairs = [];
    sweep.groups.forEach(g => {
      const key = g.optimizer + ' | ' + g.schedule;
      let pair = pairs.find(p => p.key === key);
      if (!pair) {
        pair = { key, groups: [] };
        pairs.push(pair);
      }
      pair.groups.push(g);
    });
    const field = sweep.validation ? 'bestVal' : 'bestTrain';
    pairs.forEach(pair => {
      const groups = pair.groups.slice().sort((a, b) => a.batch - b.batch);
      const rates = [...new Set(groups.flatMap(g => g.trials.map(t => t.lr)))].sort((a, b) => a - b);
      const cells = [];
      const glyphs = [];
      const refs = [];
      groups.forEach((g, y) => rateSummary(sweep, g, field).forEach(r => {
        const x = rates.indexOf(r.lr);
        const ref = refs.push({ summary: r, batch: g.batch }) - 1;
        if (r.mean !== null) {
          cells.push({ value: [x, y, Math.log10(r.mean)], ref });
        }
        const v = verdict(r.verdicts.worst);
        glyphs.push({ value: [x, y], symbol: v.symbol, itemStyle: { color: v.color }, ref });
      }));
      const logs = cells.map(c => c.value[2]);
      // A cell is about 400 / rates pixels wide: glyphs and borders shrink to fit it.
      const glyphSize = Math.max(3, Math.min(13, 320 / rates.length));
      const border = rates.length > 60 ? 0 : 1;
      const lowest = logs.length ? Math.min(...logs) : 0;
      const highest = logs.length ? Math.max(...logs) : 1;
      chart(charts.heat, container, 'heat', pair.key, () => ({
        animation: false,
        title: title(pair.key),
        grid: { left: 64, right: 96, top: 34, bottom: 48 },
        tooltip: { trigger: 'item', confine: true, formatter: p => heatTip(p, sweep, refs) },
        xAxis: { type: 'category', data: rates.map(rate), name: 'learning rate α', nameLocation: 'middle',
          nameGap: 30, splitArea: { show: false } },
        yAxis: { type: 'category', data: groups.map(g => String(g.batch)), name: 'batch size',
          nameLocation: 'middle', nameGap: 44 },
        visualMap: { type: 'continuous', dimension: 2, seriesIndex: 0, calculable: false, orient: 'vertical',
          right: 8, top: 44, itemHeight: 140, itemWidth: 12, min: lowest, max: highest,
          text: [num(Math.pow(10, highest), 3), num(Math.pow(10, lowest), 3)],
          inRange: { color: LOSS_COLOURS }, textStyle: { fontSize: 10 } },
        series: [
          { type: 'heatmap', name: 'best ' + sweep.metric + ' loss', data: cells,
            itemStyle: { borderColor: '#fff', borderWidth: border } },
          { type: 'scatter', name: 'verdict', data: glyphs, symbolSize: glyphSize, z: 4,
            itemStyle: { borderColor: '#1d2330', borderWidth: border } },
        ],
      }));
    });
    document.getElementById('batch-note').textContent = 'For each optimizer and schedule: the best ' + sweep.metric
      + ' loss (mean over seeds) at every α and batch size, and the verdict as a glyph (as in the chart above).'
      + ' Empty cells had no finite loss.';
  }

  function heatTip(p, sweep, refs) {
    const cell = p.data && refs[p.data.ref];
    if (!cell) {
      return '';
    }
    const r = cell.summary;
    return '<b>α ' + esc(rate(r.lr)) + ', batch ' + cell.batch + '</b><br>best ' + sweep.metric + ' loss '
      + num(r.mean) + '<br>' + esc(r.verdicts.all.join(', '));
  }

  // ---------------------------------------------------------------- 5. every trial

  const COLUMNS = [
    { key: 'rank', label: 'rank', num: true },
    { key: 'id', label: 'trial' },
    { key: 'lr', label: 'α', num: true, show: rate },
    { key: 'optimizer', label: 'optimizer', get: t => t.group.optimizer },
    { key: 'schedule', label: 'schedule', get: t => t.group.schedule },
    { key: 'batch', label: 'batch', num: true, get: t => t.group.batch },
    { key: 'seed', label: 'seed', num: true },
    { key: 'status', label: 'status', status: true },
    { key: 'finalVal', label: 'final val loss', num: true, show: num },
    { key: 'bestVal', label: 'best val loss', num: true, show: num },
    { key: 'finalTrain', label: 'final train loss', num: true, show: num },
    { key: 'epochs', label: 'epochs', num: true, show: v => num(v, 3) },
    { key: 'divergedAt', label: 'diverged at', num: true, show: v => v === null ? '' : String(v) },
  ];

  function cell(t, column) {
    return column.get ? column.get(t) : t[column.key];
  }

  function visibleTrials(sweep) {
    const words = state.filter.toLowerCase().split(/\s+/).filter(w => w);
    const column = COLUMNS.find(c => c.key === state.sortKey);
    const rows = sweep.trialList.filter(t => (!state.status || t.status === state.status)
      && words.every(w => t.text.includes(w)));
    const key = t => {
      const v = cell(t, column);
      return v === null || v === undefined || (typeof v === 'number' && !isFinite(v)) ? null : v;
    };
    return rows.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      if (x === null || y === null) {
        return x === y ? a.rank - b.rank : x === null ? 1 : -1;
      }
      const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
      return order !== 0 ? order * state.sortDir : a.rank - b.rank;
    });
  }

  function renderTrialTable() {
    const sweep = state.sweeps[state.sweep];
    const table = document.getElementById('trial-table');
    table.replaceChildren();
    const head = element('tr');
    COLUMNS.filter(c => sweep.validation || !c.key.endsWith('Val')).forEach(c => {
      const th = element('th', { class: (c.num ? 'num' : '') + (state.sortKey === c.key ? ' sorted'
        + (state.sortDir < 0 ? ' desc' : '') : ''), 'data-key': c.key }, c.label);
      th.addEventListener('click', () => {
        state.sortDir = state.sortKey === c.key ? -state.sortDir : 1;
        state.sortKey = c.key;
        state.page = 0;
        renderTrialTable();
      });
      head.appendChild(th);
    });
    table.appendChild(element('thead')).appendChild(head);
    const rows = visibleTrials(sweep);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
    state.page = Math.min(state.page, pages - 1);
    const body = table.appendChild(element('tbody'));
    rows.slice(state.page * PAGE_ROWS, (state.page + 1) * PAGE_ROWS).forEach(t => {
      const tr = body.appendChild(element('tr', { 'data-trial': t.id }));
      if (state.selected === t) {
        tr.classList.add('selected');
      }
      COLUMNS.filter(c => sweep.validation || !c.key.endsWith('Val')).forEach(c => {
        const value = cell(t, c);
        const td = tr.appendChild(element('td', c.num ? { class: 'num' } : {}));
        if (c.status) {
          const badge = td.appendChild(element('span', { class: 'status' }, value));
          badge.style.background = verdict(value).color;
        } else {
          td.textContent = c.show ? c.show(value) : String(value);
        }
      });
      tr.addEventListener('click', () => {
        state.selected = t;
        body.querySelectorAll('tr.selected').forEach(r => r.classList.remove('selected'));
        tr.classList.add('selected');
        renderDetail();
        document.getElementById('trial-detail').scrollIntoView({ block: 'nearest' });
      });
    });
    document.getElementById('trial-count').textContent = rows.length + ' of ' + sweep.trialList.length + ' trials';
    document.getElementById('page-label').textContent = rows.length === 0 ? 'none'
      : (state.page * PAGE_ROWS + 1) + '–' + Math.min(rows.length, (state.page + 1) * PAGE_ROWS);
    document.getElementById('page-prev').disabled = state.page === 0;
    document.getElementById('page-next').disabled = state.page >= pages - 1;
  }

  function renderStatusFilter(sweep) {
    const select = document.getElementById('status-filter');
    select.replaceChildren(element('option', { value: '' }, 'every status'));
    [...new Set(sweep.trialList.map(t => t.status))].sort((a, b) => sweep.severity(a) - sweep.severity(b))
      .forEach(s => select.appendChild(element('option', { value: s },
        s + ' (' + sweep.trialList.filter(t => t.status === s).length + ')')));
    select.value = '';
  }

  function detailOption(kind, t) {
    const c = t.curve;
    const base = {
      animation: false,
      grid: { left: 62, right: 16, top: 30, bottom: 40 },
      tooltip: { trigger: 'axis', confine: true, valueFormatter: v => num(v) },
      xAxis: { type: 'value', name: xName(), nameLocation: 'middle', nameGap: 24, min: 0, max: 'dataMax' },
      dataZoom: zoom(),
    };
    const line = (name, steps, values, colour, style, keep) => ({
      type: 'line', name, showSymbol: false, connectNulls: false, itemStyle: { color: colour },
      lineStyle: Object.assign({ color: colour, width: 1.6 }, style),
      data: steps.map((s, i) => [xOf(s, c.perEpoch), keep ? (finite(values[i]) ? values[i] : null) : positive(values[i])]),
    });
    if (kind === 'loss') {
      const series = [
        line('train', c.evalSteps, c.train, '#1f77b4', {}),
        line('mini-batch', c.steps, c.batch, '#9aa0a6', { width: 1 }),
        line('average', c.steps, c.ema, '#ff7f0e', {}),
      ];
      if (c.val) {
        series.splice(1, 0, line('validation', c.evalSteps, c.val, '#1f77b4', { type: 'dashed' }));
      }
      return Object.assign(base, { title: title('loss'), legend: { top: 4, right: 8, itemWidth: 14, itemHeight: 6,
        itemGap: 6, textStyle: { fontSize: 10 } },
        yAxis: logAxis(ys(series)), series });
    }
    if (kind === 'lr') {
      return Object.assign(base, { title: title('learning rate per step'),
        yAxis: { type: 'value', axisLabel: { formatter: v => num(v, 3) } },
        series: [line('learning rate', c.steps, c.lr, '#2ca02c', {}, true)] });
    }
    if (kind === 'grad') {
      return Object.assign(base, { title: title('gradient norm (before clipping)'),
        yAxis: logAxis(c.grad), series: [line('gradient norm', c.steps, c.grad, '#9467bd', {})] });
    }
    return Object.assign(base, { title: title('cosine between consecutive updates'),
      yAxis: { type: 'value', min: -1, max: 1 },
      series: [line('update cosine', c.steps, c.cosine, '#8c564b', {}, true)] });
  }

  function renderDetail() {
    const sweep = state.sweeps[state.sweep];
    const t = state.selected;
    if (!t) {
      return;
    }
    document.getElementById('trial-title').textContent = 'Trial ' + t.id + ' · α ' + rate(t.lr) + ' · '
      + t.group.optimizer + ' · ' + t.group.schedule + ' · batch ' + t.group.batch + ' · seed ' + t.seed
      + ' · rank ' + t.rank + ' of ' + sweep.trialList.length + ' · ' + t.status
      + (t.flags && t.flags !== t.status ? ' (flags: ' + t.flags + ')' : '');
    const c = t.curve;
    document.getElementById('trial-reason').textContent = t.reason;
    document.getElementById('trial-points').textContent = c ? 'Drawn: ' + c.evalSteps.length + ' of its '
      + c.evaluated + ' evaluation points and ' + c.steps.length + ' of its ' + c.recorded + ' recorded points.'
      : 'No curve was recorded for this trial.';
    if (!charts.detail.length) {
      document.querySelectorAll('[data-chart="detail"]').forEach(div => {
        const kind = div.getAttribute('data-detail');
        lazyChart(charts.detail, div, () => state.selected && state.selected.curve
          ? detailOption(kind, state.selected) : { series: [] });
      });
    }
    charts.detail.forEach(redraw);
  }

  // ---------------------------------------------------------------- 6. the data and the sweep

  function renderData(sweep) {
    const facts = document.getElementById('data-facts');
    facts.replaceChildren();
    const fact = (name, value) => {
      facts.appendChild(element('dt', {}, name));
      facts.appendChild(element('dd', {}, value));
    };
    const d = sweep.data;
    fact('results', sweep.source);
    if (d) {
      const list = names => names.length > 40 ? names.slice(0, 40).join(', ') + ', … (' + names.length + ')'
        : names.join(', ');
      fact('data', d.path);
      fact('training rows', String(d.trainRows));
      fact('validation rows', d.validationRows > 0 ? d.validationRows + ' (' + d.validation + ')' : 'none');
      fact('features', d.features.length + ': ' + list(d.features));
      if (d.classes > 0) {
        fact('classes', String(d.classes));
      }
      fact('standardised', d.standardized ? 'yes, with the training rows\' mean and standard deviation' : 'no');
      fact('constant features', d.constant.length ? list(d.constant) : 'none');
      d.notes.forEach(n => fact('note', n));
    } else {
      fact('data', 'not recorded with these results (they predate data.yaml)');
    }
    fact('trials', sweep.trialList.length + ' in ' + sweep.groups.length + ' groups, ranked by ' + sweep.rankBy);
    document.getElementById('sweep-yaml').textContent = sweep.sweepYaml;
  }

  // ---------------------------------------------------------------- the page

  function showSweep(k) {
    state.sweep = k;
    const sweep = state.sweeps[k];
    state.selected = sweep.trialList.slice().sort((a, b) => a.rank - b.rank)[0] || null;
    state.page = 0;
    state.filter = '';
    state.status = '';
    document.getElementById('trial-filter').value = '';
    document.getElementById('subtitle').textContent = sweep.trialList.length + ' trials from ' + sweep.source
      + (state.sweeps.length > 1 ? ' (the loss-against-rate charts overlay all ' + state.sweeps.length
        + ' sweeps)' : '');
    renderAnswer(sweep);
    renderCurves(sweep);
    renderHeat(sweep);
    renderStatusFilter(sweep);
    renderTrialTable();
    renderDetail();
    renderData(sweep);
  }

  function wire() {
    document.querySelectorAll('input[name="x-axis"]').forEach(r => r.addEventListener('change', () => {
      state.x = r.value;
      updateCurves();
    }));
    document.querySelectorAll('input[name="loss"]').forEach(r => r.addEventListener('change', () => {
      state.loss = r.value;
      updateCurves();
    }));
    document.getElementById('trial-filter').addEventListener('input', e => {
      state.filter = e.target.value;
      state.page = 0;
      renderTrialTable();
    });
    document.getElementById('status-filter').addEventListener('change', e => {
      state.status = e.target.value;
      state.page = 0;
      renderTrialTable();
    });
    document.getElementById('page-prev').addEventListener('click', () => {
      state.page--;
      renderTrialTable();
    });
    document.getElementById('page-next').addEventListener('click', () => {
      state.page++;
      renderTrialTable();
    });
    if (state.sweeps.length > 1) {
      const select = document.getElementById('sweep-select');
      state.sweeps.forEach((s, k) => select.appendChild(element('option', { value: String(k) }, s.name)));
      select.addEventListener('change', () => showSweep(Number(select.value)));
      document.getElementById('sweep-picker').hidden = false;
    }
    window.addEventListener('resize', () => {
      byDiv.forEach(entry => entry.chart && entry.chart.resize());
    });
  }

  async function main() {
    try {
      state.data = await load();
      state.sweeps = state.data.sweeps.map(s => prepare(s, state.data.statuses));
      wire();
      renderRates();
      showSweep(0);
      drawVisible();
      window.lrsweepReport = { ready: true, millis: performance.now(), scriptMillis: performance.now() - STARTED,
        complete: false, state };
      document.documentElement.setAttribute('data-ready', 'true');
      if (!drainer) {
        drain();
      }
    } catch (e) {
      const failure = document.getElementById('failure');
      failure.hidden = false;
      failure.textContent = 'This report could not be shown: ' + e;
      console.error(e);
    }
  }

  main();
}());
