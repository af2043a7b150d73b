// Opens an lrsweep report in Debian's headless Chromium through playwright-core and prints, as one JSON object,
// what a test needs to judge it: console errors, requests that left the file, the charts and their series as
// ECharts itself reports them, the answer, the load time (wall clock and the page's main-thread CPU time, until the
// first screen is ready and until every chart is drawn), and what the switches and a row click change.
// Screenshots go to the directory given.
//
//   node open-report.mjs REPORT.html SCREENSHOT_DIR [NAME]
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [report, shots, name = 'report'] = process.argv.slice(2);
if (!report || !shots) {
  console.error('usage: node open-report.mjs REPORT.html SCREENSHOT_DIR [NAME]');
  process.exit(2);
}
const url = pathToFileURL(resolve(report)).href;
const profile = await mkdtemp(join(tmpdir(), 'lrsweep-chromium-'));
const result = { url, consoleErrors: [], pageErrors: [], outside: [] };
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1440, height: 900 },
});
try {
  // Anything but the file itself is recorded and refused: the page must need nothing else.
  await context.route('**/*', route => {
    if (route.request().url() === url) {
      return route.continue();
    }
    result.outside.push(route.request().url());
    return route.abort();
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(180000);
  page.on('console', m => {
    if (m.type() === 'error') {
      result.consoleErrors.push(m.text());
    }
  });
  page.on('pageerror', e => result.pageErrors.push(String(e)));
  page.on('request', r => {
    if (r.url() !== url && !result.outside.includes(r.url())) {
      result.outside.push(r.url());
    }
  });

  // The main thread's CPU time, which a busy machine inflates far less than the wall clock.
  const devtools = await context.newCDPSession(page);
  await devtools.send('Performance.enable');
  const cpu = async () => {
    const { metrics } = await devtools.send('Performance.getMetrics');
    return Math.round(1000 * metrics.find(m => m.name === 'ThreadTime').value);
  };
  const cpuBefore = await cpu();
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.getAttribute('data-ready') === 'true'
    || !document.getElementById('failure').hidden, null, { timeout: 120000 });
  result.loadMillis = Date.now() - started;
  result.failure = await page.evaluate(() => {
    const f = document.getElementById('failure');
    return f.hidden ? null : f.textContent;
  });
  if (!result.failure) {
    result.readyMillis = await page.evaluate(() => window.lrsweepReport.millis);
    result.readyCpuMillis = await cpu() - cpuBefore;
    await page.screenshot({ path: join(shots, name + '.png') });
    await page.waitForFunction(() => window.lrsweepReport.complete, null, { timeout: 120000 });
    result.completeMillis = await page.evaluate(() => window.lrsweepReport.completeMillis);
    result.completeCpuMillis = await cpu() - cpuBefore;
    result.charts = await page.evaluate(charts);
    result.title = await page.title();
    result.answerText = await page.evaluate(() => document.getElementById('answer-text').textContent);
    result.answerRows = await page.evaluate(() => document.querySelectorAll('#answer-table tbody tr').length);
    result.tableRows = await page.evaluate(() => document.querySelectorAll('#trial-table tbody tr').length);
    result.trialCount = await page.evaluate(() => document.getElementById('trial-count').textContent);
    result.sweepYaml = await page.evaluate(() => document.getElementById('sweep-yaml').textContent);
    await page.screenshot({ path: join(shots, name + '-full.png'), fullPage: true });

    await page.check('input[name="x-axis"][value="step"]');
    await page.check('input[name="loss"][value="batch"]');
    result.afterSwitches = await page.evaluate(charts);
    await page.locator('#curves').screenshot({ path: join(shots, name + '-mini-batch.png') });
    await page.check('input[name="x-axis"][value="epoch"]');
    await page.check('input[name="loss"][value="evaluated"]');

    const row = page.locator('#trial-table tbody tr').nth(4);
    const clicked = await row.getAttribute('data-trial');
    await row.click();
    result.click = {
      trial: clicked,
      title: await page.evaluate(() => document.getElementById('trial-title').textContent),
      reason: await page.evaluate(() => document.getElementById('trial-reason').textContent),
    };
    await page.locator('#trials').screenshot({ path: join(shots, name + '-trial.png') });
    await page.fill('#trial-filter', 'diverged');
    result.filteredCount = await page.evaluate(() => document.getElementById('trial-count').textContent);
  }
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result) + '\n');

/** In the page: every chart, with what ECharts reports of it. */
function charts() {
  return [...document.querySelectorAll('[data-chart]')].map(div => {
    const chart = echarts.getInstanceByDom(div);
    const option = chart ? chart.getOption() : null;
    return {
      kind: div.getAttribute('data-chart'),
      key: div.getAttribute('data-key') || div.getAttribute('data-detail'),
      series: option ? option.series.map(s => ({ type: s.type, name: s.name, points: (s.data || []).length })) : null,
      xAxis: option && option.xAxis ? option.xAxis[0].name : null,
    };
  });
}
