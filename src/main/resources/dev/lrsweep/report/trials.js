/* The report's sections 5 and 6, every trial and the data, and the page's start. */

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
    xAxis: { type: 'value', name: xName(), nameLocation: 'middle', nameGap: 24, min: 0, max: 'dataMax',
      axisLabel: { hideOverlap: true } },
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
    const yAxis = logAxis(ys(series));
    base.grid.left = leftOf(yAxis);
    return Object.assign(base, { title: title('loss'), legend: { top: 4, right: 8, itemWidth: 14, itemHeight: 6,
      itemGap: 6, textStyle: { fontSize: 10 } }, yAxis, series });
  }
  if (kind === 'lr') {
    return Object.assign(base, { title: title('learning rate per step'),
      yAxis: { type: 'value', axisLabel: { formatter: v => num(v, 3) } },
      series: [line('learning rate', c.steps, c.lr, '#2ca02c', {}, true)] });
  }
  if (kind === 'grad') {
    const yAxis = logAxis(c.grad);
    base.grid.left = leftOf(yAxis);
    return Object.assign(base, { title: title('gradient norm (before clipping)'), yAxis,
      series: [line('gradient norm', c.steps, c.grad, '#9467bd', {})] });
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
    + (state.sweeps.length > 1 ? ' (the loss-against-rate charts overlay ' + (state.sweeps.length === 2 ? 'both'
      : 'all ' + state.sweeps.length) + ' sweeps)' : '');
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
