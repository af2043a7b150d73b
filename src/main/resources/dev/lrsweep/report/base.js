/*
 * lrsweep's report page: reads the embedded data, assembles Apache ECharts options from it and switches between
 * views; ECharts draws everything. The page's three scripts (base.js, charts.js, trials.js) share one function
 * scope, in that order. This one: constants, the state, the data and the charts' lazy drawing.
 */
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
/** A learning rate as written in the grid: 0.003, 1e-7, 2.5e-5. */
const rate = v => !finite(v) ? '—' : v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);

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
  // The axis name keeps clear of the widest tick label.
  const widest = Math.max(num(lo, 3).length, num(hi, 3).length);
  return Object.assign({ type: 'log', logBase: base, min: lo, max: hi, nameLocation: 'middle',
    nameGap: 14 + 6.5 * widest,
    axisLabel: { formatter: v => num(v, 3), hideOverlap: true, showMinLabel: false, showMaxLabel: false },
    splitLine: { lineStyle: { color: '#eceef2' } } }, options && options.axis);
}

/** Room left of a chart for its y-axis labels and name. */
const leftOf = axis => axis.nameGap + 14;

const ys = series => series.flatMap(s => s.data.map(d => Array.isArray(d) ? d[1] : d && d.value && d.value[1]));

const zoom = () => [{ type: 'inside', filterMode: 'none', zoomOnMouseWheel: 'ctrl', moveOnMouseWheel: false }];
const toolbox = right => ({ right, top: 0, itemSize: 12, feature: { dataZoom: { yAxisIndex: 'none' }, restore: {} } });
const title = text => ({ text, left: 8, top: 4, textStyle: { fontSize: 13, fontWeight: 600 } });
const xName = () => state.x === 'epoch' ? 'epoch' : 'step';
