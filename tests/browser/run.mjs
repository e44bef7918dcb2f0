// Opens quorumcheck's HTML pages in a real headless Chromium (Debian's /usr/bin/chromium,
// driven by puppeteer-core over the DevTools protocol; nothing is downloaded) and checks
// what a person would see. The pages are made by the quorumcheck binary under test, into
// --work; nothing here hard-codes a verdict: expectations come from the fixture or from
// the checker's own report.
//
//   node run.mjs --suite smoke|full --binary build/cli/quorumcheck --source . --work DIR
//
// smoke (CTest label unit, a few seconds): both pages load without console errors, the
//   calculator at N=3 R=2 W=2 shows overlap 1 and linearizable REFUTED with a timeline,
//   and the timeline of examples/new-old-inversion.jsonl marks the op the checker blames.
// full (label browser): also the fixture flipped, keyboard use, axe-core, 375 px width,
//   a 100k-op history's DOM size, the omitted notice, and screenshots (PNG into --work;
//   with QC_UPDATE_SCREENSHOTS=1 also docs/calculator.png and docs/timeline.png).
// Missing Chromium or node_modules is a failure with the command that installs them.
// Closing line: "N passed, N failed".
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = parseArguments(process.argv.slice(2));
const chromiumPath = process.env.QC_CHROMIUM || '/usr/bin/chromium';
const DOM_ELEMENTS_MAX = 1500;

function parseArguments(list) {
  const parsed = {suite: 'smoke'};
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i].replace(/^--/, '');
    if (!['suite', 'binary', 'source', 'work'].includes(name) || list[i + 1] === undefined) usage('bad argument ' + list[i]);
    parsed[name] = list[i + 1];
  }
  if (!parsed.binary || !parsed.source || !parsed.work) usage('--binary, --source and --work are required');
  if (!['smoke', 'full'].includes(parsed.suite)) usage('--suite is smoke or full');
  return parsed;
}

function usage(message) {
  console.error('run.mjs: ' + message + '\nusage: node run.mjs --suite smoke|full --binary QUORUMCHECK --source REPO --work DIR');
  process.exit(64);
}

function fatal(message) {
  console.error('browser tests: ' + message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// ---- preflight: never pass silently without a browser ----

const installHint = 'install them with `bash ci/setup.sh` (Debian: apt-get install -y chromium nodejs npm; then npm ci --prefix tests/browser)';
if (!fs.existsSync(chromiumPath)) fatal('no Chromium at ' + chromiumPath + ' (set QC_CHROMIUM to another path); ' + installHint);
let puppeteer, axeSource;
try {
  puppeteer = (await import('puppeteer-core')).default;
  axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
} catch (error) {
  fatal('puppeteer-core or axe-core is missing from ' + path.join(here, 'node_modules') + ' (' + error.message.split('\n')[0] + '); ' + installHint);
}
if (!fs.existsSync(args.binary)) fatal('no quorumcheck binary at ' + args.binary + ' (build it first: cmake --build build)');
fs.mkdirSync(args.work, {recursive: true});

// ---- making the pages with the binary ----

function quorumcheck(list, expectedCodes, options) {
  const started = Date.now();
  const result = spawnSync(args.binary, list, {cwd: args.source, encoding: 'utf8', maxBuffer: 1 << 28, ...(options || {})});
  if (result.error) throw new Error('quorumcheck ' + list.join(' ') + ': ' + result.error.message);
  if (!expectedCodes.includes(result.status)) {
    throw new Error('quorumcheck ' + list.join(' ') + ' exited ' + result.status + ' (expected ' + expectedCodes.join(' or ') + ')\n' +
      result.stdout.slice(-2000) + result.stderr.slice(-2000));
  }
  result.ms = Date.now() - started;
  return result;
}

const work = (name) => path.resolve(args.work, name);
const fixtures = path.join(here, 'fixtures');
const inversion = path.join(args.source, 'examples', 'new-old-inversion.jsonl');

// Developer aid, off by default: QC_ASSETS_FROM_SOURCE=1 rebuilds each generated page
// around report/assets/* as they are in the tree (page_data.h's layout), so the JS and CSS
// can be tried without rebuilding the binary. The data is still the binary's.
function freshAssets(file) {
  if (process.env.QC_ASSETS_FROM_SOURCE !== '1') return file;
  const assets = path.join(args.source, 'report', 'assets');
  const read = (name) => fs.readFileSync(path.join(assets, name), 'utf8');
  const {html, data, match} = pageData(file);
  const title = (html.match(/<title>([\s\S]*?)<\/title>/) || ['', 'quorumcheck'])[1];
  fs.writeFileSync(file, '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>' + title + '</title><style>' + read('page.css') + '</style></head><body><main id="app" data-page="' + data.page + '"></main>' +
    '<script type="application/json" id="qc-data">' + match[1] + '</script><script>' + read('timeline.js') + '</script>' +
    (data.page === 'calculator' ? '<script>' + read('calculator.js') + '</script>' : '') + '</body></html>');
  return file;
}

function makeTimelinePage() {
  quorumcheck(['check', '--html', work('timeline.html'), inversion], [1]);
  freshAssets(work('timeline.html'));
  const report = JSON.parse(quorumcheck(['check', '--json', inversion], [1]).stdout);
  return {file: work('timeline.html'), violation: report.violations[0]};
}

function makeCalculatorPage(matrixFile, out) {
  // From the fixture's folder, so the page names the file without this machine's path.
  quorumcheck(['calculator', '--from', path.basename(matrixFile), '--out', out], [0], {cwd: path.dirname(matrixFile)});
  return freshAssets(out);
}

// The page's data as the page carries it.
function pageData(file) {
  const html = fs.readFileSync(file, 'utf8');
  const match = html.match(/<script type="application\/json" id="qc-data">([\s\S]*?)<\/script>/);
  if (!match) throw new Error(file + ': no qc-data script');
  return {html, data: JSON.parse(match[1]), match};
}

// ---- the browser ----

const results = [];
async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push([name, true]);
    console.log('ok   ' + name + ' (' + (Date.now() - started) + ' ms)');
  } catch (error) {
    results.push([name, false]);
    console.log('FAIL ' + name + ' (' + (Date.now() - started) + ' ms)\n     ' + String(error && error.stack || error).split('\n').slice(0, 6).join('\n     '));
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function equalSets(actual, expected, what) {
  const a = [...actual].map(String).sort(), e = [...expected].map(String).sort();
  check(JSON.stringify(a) === JSON.stringify(e), what + ': expected ' + JSON.stringify(e) + ', the page has ' + JSON.stringify(a));
}

let browser;
try {
  browser = await puppeteer.launch({
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files', '--font-render-hinting=none'],
  });
} catch (error) {
  fatal('Chromium at ' + chromiumPath + ' did not start (' + String(error.message).split('\n')[0] + '); ' + installHint);
}

// A page with its console errors and uncaught exceptions collected.
async function open(file, width = 1280, height = 900) {
  const page = await browser.newPage();
  page.problems = [];
  page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') page.problems.push(message.type() + ': ' + message.text()); });
  page.on('pageerror', (error) => page.problems.push('exception: ' + error.message));
  page.on('requestfailed', (request) => page.problems.push('request failed: ' + request.url()));
  page.on('request', (request) => { if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) page.problems.push('network request: ' + request.url()); });
  await page.setViewport({width, height});
  await page.goto('file://' + file, {waitUntil: 'load'});
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page;
}

function noProblems(page) {
  check(page.problems.length === 0, 'console errors or network use: ' + page.problems.join(' | '));
}

// Sets a range control as a person would (the value, then the input event).
async function setControls(page, values) {
  await page.evaluate((values) => {
    for (const [id, value] of Object.entries(values)) {
      const input = document.getElementById(id);
      input.value = String(value);
      input.dispatchEvent(new Event('input', {bubbles: true}));
    }
  }, values);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function claimStatus(page, property) {
  return page.evaluate((property) => {
    const row = document.querySelector('[data-property="' + property + '"]');
    return row ? {status: row.dataset.status, canvases: row.querySelectorAll('canvas').length, text: row.textContent} : null;
  }, property);
}

async function domSize(page) {
  return page.evaluate(() => document.getElementsByTagName('*').length);
}

async function noSidewaysScroll(page) {
  // The document may not be wider than the screen, nor any element that is not inside a
  // box that scrolls or clips on its own (the timeline's scroller, a wide table's wrapper).
  const sizes = await page.evaluate(() => {
    const clipped = (e) => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    const widest = [...document.querySelectorAll('#app *')].filter((e) => !clipped(e)).map((e) => e.getBoundingClientRect().right);
    return {scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, widest: Math.max(0, ...widest)};
  });
  check(sizes.scroll <= sizes.client && sizes.widest <= sizes.client + 0.5,
    'the page scrolls sideways at ' + sizes.client + ' px: scrollWidth ' + sizes.scroll + ', widest element ends at ' + sizes.widest);
}

async function axe(page) {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));  // folded text too
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const report = await window.axe.run(document, {resultTypes: ['violations']});
    return report.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  });
  check(result.length === 0, 'axe-core violations:\n       ' + result.join('\n       '));
}

async function screenshot(page, name) {
  await page.screenshot({path: work(name + '.png'), fullPage: false});
  if (process.env.QC_UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(path.join(args.source, 'docs'), {recursive: true});
    fs.copyFileSync(work(name + '.png'), path.join(args.source, 'docs', name + '.png'));
    console.log('     updated docs/' + name + '.png');
  }
}

// Timeline checks: the highlighted ops are the checker's (matched by history line).
async function timelineMatchesChecker(page, violation, data) {
  const state = await page.evaluate(() => window.qcTimelineState);
  check(state && state.opsInData === data.ops.length, 'qcTimelineState.opsInData is not the data\'s op count');
  const lineOf = (id) => data.ops[id][8];
  check(state.highlighted.blocking !== null, 'no blocking op highlighted');
  check(lineOf(state.highlighted.blocking) === violation.blocking_op.line,
    'blocking op is on line ' + lineOf(state.highlighted.blocking) + ', the checker says line ' + violation.blocking_op.line);
  check(JSON.stringify(state.highlighted.prefix.map(lineOf)) === JSON.stringify(violation.longest_prefix.map((op) => op.line)),
    'prefix lines ' + JSON.stringify(state.highlighted.prefix.map(lineOf)) + ' differ from the checker\'s ' + JSON.stringify(violation.longest_prefix.map((op) => op.line)));
  equalSets(state.highlighted.involved.map(lineOf), violation.involved_ops.map((op) => op.line), 'involved ops (lines)');
  // The same ops as text, for screen readers.
  const blockingText = await page.$eval('[data-evidence="blocking"]', (e) => e.textContent);
  check(blockingText.includes('[line ' + violation.blocking_op.line + ']'), 'the evidence text does not name the blocking op\'s line: ' + blockingText);
}

try {
  // Smoke: both pages, their key assertion, no console errors.
  let timeline, calculatorFile;
  await test('pages are generated by quorumcheck', async () => {
    timeline = makeTimelinePage();
    calculatorFile = makeCalculatorPage(path.join(fixtures, 'claims-matrix.json'), work('calculator.html'));
  });
  if (!timeline || !calculatorFile) throw new Error('no pages to test');

  await test('calculator: N=3 R=2 W=2 shows overlap 1 and linearizable REFUTED with its timeline', async () => {
    const page = await open(calculatorFile);
    await setControls(page, {n: 3, r: 2, w: 2});
    check(await page.$eval('#overlap', (e) => e.textContent.trim()) === '1', 'overlap is not 1');
    const claim = await claimStatus(page, 'linearizable');
    check(claim && claim.status === 'REFUTED', 'linearizable is ' + (claim && claim.status) + ', the fixture says REFUTED');
    check(claim.canvases === 1, 'the refuted claim has ' + claim.canvases + ' timeline canvases');
    const drawn = await page.evaluate(() => (window.qcTimelines || []).map((s) => s.drawnOps));
    check(drawn.length > 0 && drawn.every((n) => n > 0), 'a counterexample timeline drew no ops: ' + JSON.stringify(drawn));
    noProblems(page);
    await page.close();
  });

  await test('timeline: examples/new-old-inversion.jsonl marks the ops the checker reports', async () => {
    const page = await open(timeline.file);
    await timelineMatchesChecker(page, timeline.violation, pageData(timeline.file).data);
    noProblems(page);
    await page.close();
  });

  if (args.suite === 'full') await fullSuite(timeline, calculatorFile);
} catch (error) {
  results.push(['suite', false]);
  console.log('FAIL ' + String(error && error.stack || error));
} finally {
  await browser.close();
}

async function fullSuite(timeline, calculatorFile) {
  // A simulated run with faults, a violation, stale reads and the convergence picture; run
  // from the work folder, so that the page's title is the short run/history.jsonl.
  await test('a simulated run writes its timeline', async () => {
    quorumcheck(['run', '--ops', '400', '--seed', '1', '--out', 'run', '--html', 'timeline-run.html'], [0, 1], {cwd: work('.')});
    freshAssets(work('timeline-run.html'));
  });
  const fixtureRows = JSON.parse(fs.readFileSync(path.join(fixtures, 'claims-matrix.json'), 'utf8'));
  const fixtureStatus = (n, r, w, property) => {
    const row = fixtureRows.find((x) => x.quorums.n === n && x.quorums.r === r && x.quorums.w === w);
    return row.claims.find((c) => c.property === property).status.toUpperCase();
  };

  await test('calculator: N=3 R=3 W=1 shows linearizable HOLDS, as the fixture says', async () => {
    check(fixtureStatus(3, 3, 1, 'linearizable') === 'HOLDS', 'the fixture changed: N=3 R=3 W=1 is not HOLDS there');
    const page = await open(calculatorFile);
    await setControls(page, {n: 3, r: 3, w: 1});
    check(await page.$eval('#overlap', (e) => e.textContent.trim()) === '1', 'overlap is not 1');
    const claim = await claimStatus(page, 'linearizable');
    check(claim && claim.status === 'HOLDS', 'linearizable is ' + (claim && claim.status));
    check(claim.canvases === 0, 'a holding claim shows a timeline');
    const cases = fixtureRows.find((x) => x.quorums.n === 3 && x.quorums.r === 3 && x.quorums.w === 1).cases_run;
    const said = (cases === 1 ? '1 sampled case' : cases.toLocaleString('en-US') + ' sampled cases');
    check(/sampled/.test(claim.text) && (await page.$eval('#app', (e) => e.textContent)).includes(said), 'the page does not say "' + said + '"');
    // Every claim row follows the fixture.
    const rows = await page.$$eval('[data-property]', (list) => list.map((e) => [e.dataset.property, e.dataset.status]));
    for (const [property, status] of rows) check(status === fixtureStatus(3, 3, 1, property), property + ' is ' + status + ' on the page');
    noProblems(page);
    await page.close();
  });

  await test('calculator: the staleness chart and k table are the fixture\'s (N=3 R=1 W=1)', async () => {
    const row = fixtureRows.find((x) => x.quorums.n === 3 && x.quorums.r === 1 && x.quorums.w === 1);
    const page = await open(calculatorFile);
    await setControls(page, {n: 3, r: 1, w: 1});
    const tables = await page.$$eval('.qc-staleness table', (list) => list.map((t) => [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent))));
    const points = row.freshness.points.filter((p) => p.reads > 0);
    check(tables.length === 2, tables.length + ' staleness tables, expected 2 (freshness and k)');
    check(JSON.stringify(tables[0].map((r) => [r[1], r[3]])) ===
      JSON.stringify(points.map((p) => [p.reads.toLocaleString('en-US'), (p.fresh_reads / p.reads).toFixed(3)])), 'freshness table ' + JSON.stringify(tables[0]));
    const histogram = row.freshness.k_histogram.filter((d) => d.reads > 0);
    check(JSON.stringify(tables[1].map((r) => [Number(r[0]), Number(r[1].replace(/,/g, ''))])) === JSON.stringify(histogram.map((d) => [d.k, d.reads])),
      'k table ' + JSON.stringify(tables[1]));
    check(await page.$eval('.qc-staleness svg[role="img"]', (e) => e.getAttribute('aria-label').length > 20), 'the chart has no text alternative');
    noProblems(page);
    await page.close();
  });

  await test('calculator: keyboard moves R and everything follows at once', async () => {
    const page = await open(calculatorFile);
    await setControls(page, {n: 3, r: 1, w: 1});
    check(await page.$eval('#overlap', (e) => e.textContent.trim()) === '-1', 'overlap of N=3 R=1 W=1 is not -1');
    await page.focus('#r');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const state = await page.evaluate(() => window.qcCalculatorState);
    check(state.r === 3 && state.n === 3 && state.w === 1, 'R did not follow the arrow keys: ' + JSON.stringify(state));
    check(await page.$eval('#overlap', (e) => e.textContent.trim()) === '1', 'overlap did not update');
    check((await claimStatus(page, 'linearizable')).status === fixtureStatus(3, 3, 1, 'linearizable'), 'claims did not update');
    // R may not exceed N: lowering N clamps R and W.
    await setControls(page, {n: 2});
    const clamped = await page.evaluate(() => [window.qcCalculatorState.r, document.getElementById('r').max]);
    check(clamped[0] === 2 && clamped[1] === '2', 'R was not clamped to N: ' + JSON.stringify(clamped));
    noProblems(page);
    await page.close();
  });

  await test('calculator: a setting the data lacks says NOT MEASURED', async () => {
    const page = await open(calculatorFile);
    await setControls(page, {n: 5, r: 3, w: 3});
    check(await page.$eval('#overlap', (e) => e.textContent.trim()) === '1', 'overlap of 5/3/3 is not 1');
    const statuses = await page.$$eval('[data-property]', (list) => list.map((e) => e.dataset.status));
    check(statuses.length > 0 && statuses.every((s) => s === 'NOT MEASURED'), 'statuses: ' + statuses.join(','));
    noProblems(page);
    await page.close();
  });

  await test('calculator: a fixture with flipped claims -> the page follows', async () => {
    const flipped = JSON.parse(JSON.stringify(fixtureRows));
    const row = (n, r, w) => flipped.find((x) => x.quorums.n === n && x.quorums.r === r && x.quorums.w === w);
    const refutedClaim = row(3, 2, 2).claims.find((c) => c.property === 'linearizable');
    const holdingClaim = row(3, 3, 1).claims.find((c) => c.property === 'linearizable');
    // 3/3/1 now refuted, with 3/2/2's counterexample; 3/2/2 now holds.
    Object.assign(holdingClaim, {status: 'refuted', detail: 'flipped by the browser test', bundle: refutedClaim.bundle});
    Object.assign(refutedClaim, {status: 'holds', detail: 'flipped by the browser test', bundle: ''});
    row(3, 2, 2).claims.find((c) => c.property === 'regular').status = 'undecided';
    const dir = work('flipped');
    fs.mkdirSync(path.join(dir, 'N3-R2-W2'), {recursive: true});
    for (const file of fs.readdirSync(path.join(fixtures, 'N3-R2-W2'))) fs.copyFileSync(path.join(fixtures, 'N3-R2-W2', file), path.join(dir, 'N3-R2-W2', file));
    fs.writeFileSync(path.join(dir, 'claims-matrix.json'), JSON.stringify(flipped));
    const page = await open(makeCalculatorPage(path.join(dir, 'claims-matrix.json'), work('calculator-flipped.html')));
    await setControls(page, {n: 3, r: 2, w: 2});
    let claim = await claimStatus(page, 'linearizable');
    check(claim.status === 'HOLDS' && claim.canvases === 0, '3/2/2 linearizable: ' + claim.status + ' with ' + claim.canvases + ' timelines');
    check((await claimStatus(page, 'regular')).status === 'UNDECIDED', '3/2/2 regular is not UNDECIDED');
    await setControls(page, {n: 3, r: 3, w: 1});
    claim = await claimStatus(page, 'linearizable');
    check(claim.status === 'REFUTED' && claim.canvases === 1, '3/3/1 linearizable: ' + claim.status + ' with ' + claim.canvases + ' timelines');
    check(claim.text.includes('flipped by the browser test'), 'the claim\'s detail is not the data\'s');
    noProblems(page);
    await page.close();
  });

  await test('calculator: a leader-based report is a choice of its own, with Raft\'s arithmetic and its claims', async () => {
    // A real leader-based report from the binary (follower reads: refuted claims with their
    // counterexamples), beside the fixture's rows; expectations come from that report.
    const dir = work('leader');
    fs.mkdirSync(dir, {recursive: true});
    const made = quorumcheck(['claims', '--store', 'leader', '--nodes', '3', '--reads', 'follower', '--cases', '40', '--json', '--out', '.'], [0], {cwd: dir});
    const leader = JSON.parse(made.stdout);
    check(leader.store_kind === 'leader' && !leader.quorums, 'claims --json of the leader store: store_kind ' + leader.store_kind);
    fs.writeFileSync(path.join(dir, 'claims-matrix.json'), JSON.stringify([...fixtureRows, leader]));
    const page = await open(makeCalculatorPage(path.join(dir, 'claims-matrix.json'), work('calculator-leader.html')));
    // Leaderless first, as before; the quorum controls are there.
    check(await page.$eval('#store', (e) => e.value) === 'leaderless', 'the page does not open on the leaderless quorums');
    const label = await page.$eval('#store', (e) => [...e.options].map((o) => o.textContent).find((t) => t.startsWith('leader-based')));
    check(label === leader.leader.label + ' (3 nodes)', 'the leader choice is labelled ' + JSON.stringify(label));
    const key = 'leader-sync-follower-3';
    await page.select('#store', key);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const state = await page.evaluate(() => window.qcCalculatorState);
    check(state.store === key && state.n === null && state.overlap === null, 'state after choosing the leader: ' + JSON.stringify(state).slice(0, 300));
    check(await page.$eval('#n', (e) => e.closest('fieldset').hidden), 'the N/R/W controls still show for the leader-based store');
    check(await page.$eval('#overlap', (e) => e.closest('dl').hidden), 'R + W − N still shows for the leader-based store');
    check(await page.$eval('#leader-majority', (e) => e.textContent) === leader.leader.majority + ' of 3', 'majority is not the report\'s');
    check(await page.$eval('#leader-tolerates', (e) => e.textContent) === String(leader.leader.tolerates_down), 'tolerated failures are not the report\'s');
    check(/follower/.test(await page.$eval('#leader-reads', (e) => e.textContent)), 'the read mode is not named');
    const rows = await page.$$eval('[data-property]', (list) => list.map((e) => [e.dataset.property, e.dataset.status]));
    equalSets(rows.map(([p, st]) => p + ' ' + st), leader.claims.map((c) => c.property + ' ' + c.status.toUpperCase()), 'leader claim rows');
    check(/#.*store=leader-sync-follower-3/.test(await page.evaluate(() => location.hash)), 'the address does not keep the choice');
    await axe(page);
    noProblems(page);
    await page.close();
  });

  await test('timeline: hover and keyboard show an op\'s details', async () => {
    const page = await open(timeline.file);
    const state = await page.evaluate(() => window.qcTimelineState);
    // Keyboard: focus selects an op, arrows move, the details region says which.
    await page.focus('.qc-tl-scroller');
    const first = await page.evaluate(() => window.qcTimelineState.selected);
    check(first !== null, 'focusing the timeline selected no op');
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => window.qcTimelineState.selected);
    check(second !== first, 'ArrowDown did not move to another lane');
    const details = await page.$eval('.qc-tl-details', (e) => e.textContent);
    check(details.includes('op ' + second + ':'), 'the details do not describe op ' + second + ': ' + details);
    // Hover over the blocking op's bar: the tooltip says it blocks.
    await page.evaluate(() => document.activeElement.blur());
    const box = await page.$eval('.qc-tl-scroller', (e) => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y}; });
    const point = await page.evaluate((id) => window.qcTimeline.pointOf(id), state.highlighted.blocking);
    await page.mouse.move(box.x + point.x, box.y + point.y);
    const tip = await page.$eval('.qc-tl-tip', (e) => (e.hidden ? '' : e.textContent));
    check(/Blocking op/.test(tip), 'hovering the blocking op shows: ' + JSON.stringify(tip));
    // Ctrl + wheel (what a trackpad pinch sends) zooms in around the pointer.
    const span = () => page.evaluate(() => window.qcTimelineState.view.end - window.qcTimelineState.view.start);
    const wide = await span();
    await page.keyboard.down('Control');
    await page.mouse.wheel({deltaY: -200});
    await page.keyboard.up('Control');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    check(await span() < wide * 0.5, 'ctrl + wheel did not zoom in: ' + wide + ' -> ' + await span());
    await page.click('.qc-tl-toolbar button:nth-child(3)');  // the whole history again
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // Zoom buttons change the view and keep the DOM the same size.
    const before = await domSize(page);
    const span0 = await span();
    await page.click('.qc-tl-toolbar button');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const span1 = await page.evaluate(() => window.qcTimelineState.view.end - window.qcTimelineState.view.start);
    check(span1 < span0 * 0.75, 'Zoom in did not narrow the view: ' + span0 + ' -> ' + span1);
    check(await domSize(page) <= before + 2, 'zooming added elements');
    noProblems(page);
    await page.close();
  });

  await test('timeline: replay --html of the fixture\'s repro bundle draws its violation', async () => {
    const bundle = path.join(fixtures, 'N3-R2-W2', 'linearizable-seed1-case320.json');
    quorumcheck(['replay', '--html', work('timeline-replay.html'), bundle], [1]);
    freshAssets(work('timeline-replay.html'));
    const {data} = pageData(work('timeline-replay.html'));
    check(data.violation && Number.isInteger(data.violation.blocking), 'the replayed page has no violation');
    const page = await open(work('timeline-replay.html'));
    const state = await page.evaluate(() => window.qcTimelineState);
    check(state.highlighted.blocking === data.violation.blocking && state.drawnOps === data.ops.length,
      'blocking ' + state.highlighted.blocking + ' (data: ' + data.violation.blocking + '), drew ' + state.drawnOps + ' of ' + data.ops.length + ' ops');
    noProblems(page);
    await page.close();
  });

  await test('timeline: the omitted notice says what was left out', async () => {
    const {html, data, match} = pageData(timeline.file);
    data.omitted = 'ops after the first 4 (a test of the notice)';
    data.ops_total = 1000000;
    const file = work('timeline-omitted.html');
    fs.writeFileSync(file, html.replace(match[1], JSON.stringify(data).replace(/</g, '\\u003c')));
    const page = await open(file);
    const notice = await page.$eval('.qc-notice', (e) => e.textContent);
    check(notice.includes(data.omitted), 'the notice is ' + JSON.stringify(notice));
    noProblems(page);
    await page.close();
  });

  await test('axe-core finds no accessibility violations (two timelines, calculator with a counterexample, not-measured)', async () => {
    let page = await open(timeline.file);
    await axe(page);
    await page.close();
    page = await open(work('timeline-run.html'));
    await axe(page);
    await page.close();
    page = await open(calculatorFile);
    await setControls(page, {n: 3, r: 2, w: 2});
    await axe(page);
    await setControls(page, {n: 5, r: 1, w: 1});
    await axe(page);
    await page.close();
  });

  await test('at 375 px nothing scrolls sideways', async () => {
    let page = await open(timeline.file, 375, 800);
    await noSidewaysScroll(page);
    await page.close();
    page = await open(work('timeline-run.html'), 375, 800);
    await noSidewaysScroll(page);
    await page.screenshot({path: work('timeline-375.png'), fullPage: true});
    await page.close();
    page = await open(calculatorFile, 375, 800);
    for (const setting of [{n: 3, r: 2, w: 2}, {n: 5, r: 5, w: 5}, {n: 3, r: 3, w: 1}]) {
      await setControls(page, setting);
      await noSidewaysScroll(page);
      if (setting.r === 2) await page.screenshot({path: work('calculator-375.png'), fullPage: true});
    }
    noProblems(page);
    await page.close();
  });

  await test('a 100k-op timeline opens and keeps the DOM under ' + DOM_ELEMENTS_MAX + ' elements', async () => {
    // A simulated run: 100k ops under faults, with its violation and up to 1000 stale reads.
    const made = quorumcheck(['run', '--ops', '100000', '--seed', '1', '--out', work('run-100k'), '--html', work('timeline-100k.html')], [0, 1, 2]);
    freshAssets(work('timeline-100k.html'));
    const started = Date.now();
    const page = await open(work('timeline-100k.html'));
    await page.waitForFunction(() => window.qcTimelineState && window.qcTimelineState.drawnOps > 0, {timeout: 30000});
    const opened = Date.now() - started;
    const state = await page.evaluate(() => window.qcTimelineState);
    check(state.opsInData === 100000, 'the page holds ' + state.opsInData + ' ops');
    let elements = await domSize(page);
    check(elements < DOM_ELEMENTS_MAX, elements + ' elements');
    // Zoom in and pan: fewer ops drawn, the DOM no larger.
    const frames = await page.evaluate(async () => {
      const times = [];
      for (let i = 0; i < 6; i++) {
        const t = performance.now();
        window.qcTimeline.zoom(4);
        await new Promise((resolve) => requestAnimationFrame(resolve));
        times.push(performance.now() - t);
      }
      const scroller = document.querySelector('.qc-tl-scroller');
      scroller.scrollLeft = scroller.scrollWidth / 2;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return times;
    });
    const zoomed = await page.evaluate(() => window.qcTimelineState);
    check(zoomed.drawnOps < state.drawnOps && zoomed.drawnOps > 0, 'zoomed in, it drew ' + zoomed.drawnOps + ' ops (before: ' + state.drawnOps + ')');
    check(zoomed.view.start > 0, 'scrolling did not move the view');
    elements = await domSize(page);
    check(elements < DOM_ELEMENTS_MAX, elements + ' elements after zooming');
    console.log('     100k ops: page written in ' + made.ms + ' ms, opened in ' + opened + ' ms, ' + elements + ' elements, zoom frames ' +
      frames.map((t) => t.toFixed(0)).join('/') + ' ms');
    noProblems(page);
    await page.close();
  });

  await test('timeline: a run\'s convergence picture is drawn and listed', async () => {
    const {data} = pageData(work('timeline-run.html'));
    check(Array.isArray(data.convergence), '`run --html` wrote no convergence picture (data.convergence is ' + JSON.stringify(data.convergence) + ')');
    const page = await open(work('timeline-run.html'));
    const state = await page.evaluate(() => window.qcTimelineState);
    check(JSON.stringify(state.convergenceKeys) === JSON.stringify(data.convergence.slice(0, 200).map((k) => String(k.key))), 'key lanes ' + JSON.stringify(state.convergenceKeys));
    const items = await page.$$eval('[data-convergence] li', (list) => list.map((e) => e.textContent));
    check(items.length === Math.min(40, data.convergence.length), items.length + ' keys listed as text');
    check(items.every((text, i) => text.startsWith(String(data.convergence[i].key) + ':')), 'the list does not follow the data: ' + items.slice(0, 3).join(' | '));
    noProblems(page);
    await page.close();
  });

  await test('screenshots of both pages', async () => {
    let page = await open(calculatorFile, 1280, 1000);
    await setControls(page, {n: 3, r: 2, w: 2});
    await screenshot(page, 'calculator');
    await page.close();
    // A simulated run with faults and a violation (written by the test before), for the
    // timeline's picture.
    page = await open(work('timeline-run.html'), 1280, 900);
    noProblems(page);
    await screenshot(page, 'timeline');
    await page.close();
  });
}

const failed = results.filter(([, ok]) => !ok).length;
console.log((results.length - failed) + ' passed, ' + failed + ' failed');
process.exit(failed ? 1 : 0);
