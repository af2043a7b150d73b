/* The report's sections 1 to 4: the answer, cost against iterations, loss against rate, α × batch size. */

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
  const edge = document.getElementById('answer-edge');
  edge.replaceChildren();
  edge.hidden = sweep.answer.edge.length === 0;
  if (sweep.answer.edge.length) {
    edge.appendChild(element('p', {}, sweep.answer.edge[0]));
    const list = edge.appendChild(element('ul'));
    sweep.answer.edge.slice(1).forEach(line => list.appendChild(element('li', {}, line)));
  }
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
  const yAxis = logAxis(ys(series), { cap, axis: { name: raw ? 'mini-batch loss' : 'loss' } });
  return {
    option: {
      animation: false,
      title: title(group.label),
      grid: { left: leftOf(yAxis), right: 172, top: 34, bottom: 42 },
      legend: { type: 'scroll', orient: 'vertical', right: 4, top: 28, bottom: 8, data: legend,
        itemWidth: 16, itemHeight: 8, textStyle: { fontSize: 11, width: 142, overflow: 'truncate' } },
      tooltip: { trigger: 'item', confine: true, formatter: p => curveTip(p, meta, crossTrials) },
      toolbox: toolbox(172),
      dataZoom: zoom(),
      xAxis: { type: 'value', name: xName(), nameLocation: 'middle', nameGap: 26, min: 0, max: 'dataMax',
        axisLabel: { hideOverlap: true } },
      yAxis,
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
  // A diverged trial's loss can reach any size: the chart stops at ten times the initial loss, and such points sit
  // on its top edge (the tooltip gives their value).
  const initial = group.trials.map(t => t.initialTrain).filter(finite);
  const cap = initial.length ? 10 * Math.max(...initial) : Infinity;
  const clip = v => v === null ? null : Math.min(v, cap);
  const glyph = (r, size) => ({
    value: [r.lr, clip(r.mean)], symbol: verdict(r.verdicts.worst).symbol, symbolSize: Math.max(3, size * scale),
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
    spread.push([r.lr, clip(r.min)], [r.lr, clip(r.max)], [r.lr, null]);
  });
  const name = what => prefix ? prefix + ' · ' + what : what + ' ' + sweep.metric + ' loss';
  legend.push(name('final'), name('best'));
  if (spread.length) {
    legend.push(name('spread of seeds'));
  }
  return [
    { type: 'line', name: name('final'), data: finals.map(r => glyph(r, 9)), lineStyle: { color: colour, width: 1.6 },
      itemStyle: { color: colour }, connectNulls: false, z: 3,
      markLine: { symbol: 'none', silent: true, data: marks, label: { position: 'insideEndTop' } } },
    { type: 'line', name: name('best'), data: bests.map(r => glyph(r, 5)),
      lineStyle: { color: colour, width: 1.2, type: 'dashed', opacity: 0.7 }, itemStyle: { color: colour },
      connectNulls: false },
    { type: 'line', name: name('spread of seeds'), data: spread, showSymbol: false, connectNulls: false,
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
    const yAxis = logAxis(ys(series), { axis: { name: state.sweeps[0].metric + ' loss' } });
    chart(charts.rates, container, 'rates', label, () => ({
      animation: false,
      title: title(label),
      grid: { left: leftOf(yAxis), right: 24, top: 34, bottom: several ? 64 + 18 * Math.ceil(legend.length / 3) : 64 },
      legend: { bottom: 0, data: legend, textStyle: { fontSize: 11 }, itemWidth: 16, itemHeight: 8 },
      tooltip: { trigger: 'item', confine: true, formatter: p => rateTip(p, refs) },
      toolbox: toolbox(8),
      xAxis: { type: 'log', name: 'learning rate α', nameLocation: 'middle', nameGap: 24,
        min: Math.min(...rates) / 1.5, max: Math.max(...rates) * 1.5, splitLine: { lineStyle: { color: '#eceef2' } },
        axisLabel: { formatter: rate, showMinLabel: false, showMaxLabel: false } },
      yAxis,
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
    const key = g.optimizer + ' | ' + g.schedule + (g.axes ? ' | ' + g.axes : '');
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
