// quorumcheck's quorum calculator: pick N, R, W and the store's options; the page shows the
// quorum arithmetic (computed here, from N, R and W alone) beside what the harness MEASURED
// for that configuration (only from the page's data, report/page_data.h: data.configs).
// Nothing measured is computed or assumed here: a setting without data says so.
//
// Leader-based (Raft) configs in the data (config.store === 'leader') are choices of their
// own in a #store select ("leaderless quorums" or each leader config by its label), never an
// N/R/W setting: choosing one hides the quorum controls and shows Raft's majority arithmetic
// (#leader-majority, #leader-tolerates, #leader-replication, #leader-reads, #leader-timing)
// and that config's claims. Data without leader configs has no #store select.
//
// Needs timeline.js first (QcTimeline draws each counterexample). Hooks for people and
// tests: the controls #n, #r, #w (range inputs) and one select per store option that the
// data varies (#read_repair, #abd, #sloppy, #durability, #nodes); #overlap holds R + W − N;
// each claim is an element with data-property and data-status (HOLDS, REFUTED, UNDECIDED or
// NOT MEASURED); window.qcCalculatorState = {store ('leaderless' or the leader config's key,
// e.g. 'leader-sync-read_index-3'), leader (null, or the chosen config's leader object with
// nodes), n, r, w (null for a leader config), options, overlap (null for a leader config),
// verdict, configIndex (into data.configs, or null), claims: [{property, status, timeline}]}.
// The settings are kept in the address's #fragment (n=3&r=2&w=2..., or store=leader-...),
// so a link keeps them.
(function () {
  'use strict';

  const page = window.QcPage;
  if (!page) return;
  const {el, formatNumber} = page;
  const app = document.getElementById('app');
  if (!app) return;
  let data;
  try { data = page.pageData(); } catch (error) { page.showError(app, 'The page\'s data cannot be read: ' + error.message); return; }
  if (!data || data.page !== 'calculator') return;

  const configs = Array.isArray(data.configs) ? data.configs : [];
  // Leaderless configs (the N/R/W controls' data; older data has no "store" field) and
  // leader-based ones (each a choice of its own), the latter with their index into configs.
  const isLeader = (c) => c.store === 'leader' && c.leader && typeof c.leader === 'object';
  const quorumConfigs = configs.filter((c) => !isLeader(c));
  const leaderKey = (c) => 'leader-' + c.leader.replication + '-' + c.leader.reads + '-' + c.nodes;
  const leaderChoices = [];
  configs.forEach((c, index) => { if (isLeader(c) && !leaderChoices.some((x) => x.key === leaderKey(c))) leaderChoices.push({key: leaderKey(c), index, config: c}); });
  const leaderLabel = (c) => (c.leader.label || ('leader-based (Raft), ' + c.leader.replication + ', ' + c.leader.reads + ' reads')) + ' (' + c.nodes + ' nodes)';
  const N_MAX_DEFAULT = 5;
  const N_MAX = Math.min(31, Math.max(N_MAX_DEFAULT, ...quorumConfigs.map((c) => Number(c.n) || 0)));
  const MEASURED_LINKS_MAX = 12;

  // The store options that configurations carry, with their words; a select appears for
  // each one whose value differs between configurations.
  const OPTIONS = [
    {name: 'read_repair', label: 'Read repair', words: {none: 'none', async: 'async (Dynamo: after answering)', blocking: 'blocking (write back before answering)'}},
    {name: 'abd', label: 'Writers read first (ABD)', words: {true: 'yes', false: 'no'}},
    {name: 'sloppy', label: 'Sloppy quorum (hinted handoff)', words: {true: 'yes', false: 'no (strict quorums)'}},
    {name: 'durability', label: 'Durability of writes', words: {durable: 'durable (fsync before ack)', volatile: 'volatile (a crash loses them)'}},
    {name: 'nodes', label: 'Cluster size (nodes)', words: {}},
  ];
  const valuesOf = (name) => {
    const seen = [];
    for (const c of quorumConfigs) if (c[name] !== undefined && !seen.some((v) => String(v) === String(c[name]))) seen.push(c[name]);
    return seen;
  };
  const optionValues = Object.fromEntries(OPTIONS.map((o) => [o.name, valuesOf(o.name)]));
  const varying = OPTIONS.filter((o) => optionValues[o.name].length > 1);
  const fixed = OPTIONS.filter((o) => optionValues[o.name].length === 1);
  const word = (option, value) => (option.words[String(value)] || String(value));
  // One option's value as a short phrase ("strict quorums").
  const truthy = (value) => value === true || value === 'true';
  const PHRASES = {
    read_repair: (v) => 'read repair ' + v,
    abd: (v) => (truthy(v) ? 'ABD writers' : 'plain writers (no ABD)'),
    sloppy: (v) => (truthy(v) ? 'sloppy quorum with hinted handoff' : 'strict quorums'),
    durability: (v) => v + ' writes',
    nodes: (v) => v + ' nodes',
  };
  const phrase = (name, value) => PHRASES[name](value);

  // ---- settings ----

  const initial = quorumConfigs.find((c) => c.n === 3 && c.r === 2 && c.w === 2) || quorumConfigs[0] || {n: 3, r: 2, w: 2};
  // store: 'leaderless' (the N/R/W controls) or a leader choice's key; leaderless first,
  // unless the data holds only leader-based configs.
  const settings = {store: quorumConfigs.length || !leaderChoices.length ? 'leaderless' : leaderChoices[0].key,
    n: initial.n, r: initial.r, w: initial.w};
  const leaderChoice = () => leaderChoices.find((x) => x.key === settings.store) || null;
  for (const o of OPTIONS) if (optionValues[o.name].length) settings[o.name] = initial[o.name] !== undefined ? initial[o.name] : optionValues[o.name][0];
  readFragment();

  function readFragment() {
    const params = new URLSearchParams((location.hash || '').replace(/^#/, ''));
    const store = params.get('store');
    if (store === 'leaderless' || leaderChoices.some((x) => x.key === store)) settings.store = store;
    else if (store === null && params.has('n')) settings.store = 'leaderless';  // a link from before leader configs
    for (const name of ['n', 'r', 'w']) {
      const value = Number(params.get(name));
      if (Number.isInteger(value) && value >= 1) settings[name] = value;
    }
    for (const o of varying) {
      const value = params.get(o.name);
      const match = optionValues[o.name].find((v) => String(v) === value);
      if (match !== undefined) settings[o.name] = match;
    }
    clampSettings();
  }

  function writeFragment() {
    const params = new URLSearchParams();
    if (leaderChoices.length) params.set('store', settings.store);
    params.set('n', settings.n); params.set('r', settings.r); params.set('w', settings.w);
    for (const o of varying) params.set(o.name, settings[o.name]);
    try { history.replaceState(null, '', '#' + params.toString()); } catch (error) { /* some file:// setups refuse it */ }
  }

  function clampSettings() {
    settings.n = Math.min(N_MAX, Math.max(1, settings.n));
    settings.r = Math.min(settings.n, Math.max(1, settings.r));
    settings.w = Math.min(settings.n, Math.max(1, settings.w));
  }

  function matchingConfig() {
    const choice = leaderChoice();
    if (choice) return choice.index;
    const index = configs.findIndex((c) => !isLeader(c) && c.n === settings.n && c.r === settings.r && c.w === settings.w &&
      OPTIONS.every((o) => c[o.name] === undefined || settings[o.name] === undefined || String(c[o.name]) === String(settings[o.name])));
    return index < 0 ? null : index;
  }

  // ---- the arithmetic (the paper's, not a measurement) ----

  function arithmetic() {
    const {n, r, w} = settings;
    const overlap = r + w - n;
    const sloppy = truthy(settings.sloppy);
    const readsMeetWrites = overlap > 0;
    const writesMeet = 2 * w > n;
    let verdict, why;
    if (sloppy) {
      verdict = 'eventual';
      why = 'A sloppy quorum accepts writes on nodes outside the key\'s N replicas (hinted handoff), so no choice of R and W makes a read quorum meet the last write quorum.';
    } else if (!readsMeetWrites) {
      verdict = 'eventual';
      why = 'R + W ≤ N: a read quorum can miss every replica that took the latest write, so a read may be stale until read repair or anti-entropy catches up.';
    } else if (truthy(settings.abd) && settings.read_repair === 'blocking') {
      verdict = 'strong';
      why = 'R + W > N with ABD (writers read the highest timestamp first, reads write back to a quorum before answering): linearizable on paper (Attiya, Bar-Noy, Dolev).';
    } else {
      verdict = 'regular';
      why = 'Every read quorum meets every write quorum, so a read returns the last acknowledged write or a concurrent one. ' +
        'That is a regular register, not linearizability: a read concurrent with a write can see the new value and a later read the old one.';
    }
    if (!writesMeet && !sloppy) why += ' Two write quorums need not meet (2W ≤ N): concurrent writes can land on disjoint replicas and only their timestamps order them.';
    return {overlap, readsMeetWrites: readsMeetWrites && !sloppy, writesMeet, readsTolerateDown: n - r, writesTolerateDown: n - w, verdict, why};
  }

  // Raft's majority arithmetic for a leader-based config, and what its modes promise on
  // paper (the Raft paper; DDIA ch. 5 and 9), from the config's own fields.
  function leaderArithmetic(c) {
    const l = c.leader, m = Number(c.nodes) || 0;
    const majority = Number.isFinite(l.majority) ? l.majority : Math.floor(m / 2) + 1;
    const toleratesDown = Number.isFinite(l.tolerates_down) ? l.tolerates_down : Math.max(0, Math.floor((m - 1) / 2));
    const sync = l.replication === 'sync', readIndex = l.reads === 'read_index';
    let verdict, why;
    if (sync && readIndex) {
      verdict = 'strong';
      why = 'A write is acknowledged once a majority holds it, so every later leader has it; a read is answered by the leader after a heartbeat round confirms it still leads (ReadIndex, no clock assumption): linearizable on paper.';
    } else if (!sync) {
      verdict = 'lossy';
      why = 'Async replication: the leader acknowledges a write alone and replicates behind, so a failover loses what had not reached the new leader. Acknowledged writes can vanish, and a read can miss one.';
    } else {
      verdict = 'stale';
      why = 'Follower reads: any node answers from what it has applied, which can be behind the leader, so a read after an acknowledged write can miss it: not even a regular register. Writes still commit on a majority.';
    }
    return {nodes: m, majority, toleratesDown, verdict, why};
  }

  // ---- layout (built once; the parts that change are re-filled) ----

  app.append(
    el('h1', {text: 'Quorum calculator'}),
    el('p', {class: 'qc-sub'}, 'Pick N, R and W. The arithmetic is the textbook\'s; the claims are what quorumcheck ',
      el('strong', {text: 'measured'}), ' for that configuration, with what was tried.'),
    el('p', {class: 'qc-sub'}, 'Data: ' + (data.source || 'unknown source') + (data.latency_profile ? ' · latency profile ' + data.latency_profile : '') +
      ' · quorumcheck ' + (data.tool_version || '') +
      (/configuration/.test(data.source || '') ? '' : ' · ' + configs.length + (configs.length === 1 ? ' configuration measured' : ' configurations measured'))));

  const controls = el('form', {class: 'qc-panel qc-controls', 'aria-labelledby': 'controls-heading', onsubmit: (e) => e.preventDefault()});
  controls.append(el('h2', {id: 'controls-heading', text: 'Configuration'}));
  let storeSelect = null;
  if (leaderChoices.length) {
    storeSelect = el('select', {id: 'store', name: 'store'},
      el('option', {value: 'leaderless', text: 'leaderless quorums (choose N, R and W)'}),
      ...leaderChoices.map((x) => el('option', {value: x.key, text: leaderLabel(x.config)})));
    storeSelect.addEventListener('change', () => { settings.store = storeSelect.value; update(); });
    controls.append(el('fieldset', null, el('legend', {text: 'Store'}),
      el('div', {class: 'qc-control'}, el('label', {for: 'store', text: 'Replication scheme'}), storeSelect)));
  }
  const quorumFields = el('fieldset', null, el('legend', {text: 'Quorums'}));
  const ranges = {};
  const outputs = {};
  for (const [name, label, hint] of [['n', 'N', 'replicas per key'], ['r', 'R', 'replies a read waits for'], ['w', 'W', 'acks a write waits for']]) {
    outputs[name] = el('output', {id: name + '-value', for: name, 'aria-hidden': 'true'});
    ranges[name] = el('input', {type: 'range', id: name, name, min: 1, max: N_MAX, step: 1, 'aria-describedby': name + '-hint'});
    ranges[name].addEventListener('input', () => { settings[name] = Number(ranges[name].value); update(); });
    quorumFields.append(el('div', {class: 'qc-control'},
      el('label', {for: name}, el('span', null, label + ' ', el('span', {class: 'qc-hint', id: name + '-hint', text: '— ' + hint})), outputs[name]),
      ranges[name]));
  }
  controls.append(quorumFields);

  const selects = {};
  let storeFields = null, fixedHint = null;
  if (varying.length) {
    storeFields = el('fieldset', null, el('legend', {text: 'Store options in the data'}));
    for (const o of varying) {
      selects[o.name] = el('select', {id: o.name, name: o.name},
        ...optionValues[o.name].map((v) => el('option', {value: String(v), text: word(o, v)})));
      selects[o.name].addEventListener('change', () => {
        settings[o.name] = optionValues[o.name].find((v) => String(v) === selects[o.name].value);
        update();
      });
      storeFields.append(el('div', {class: 'qc-control'}, el('label', {for: o.name, text: o.label}), selects[o.name]));
    }
    controls.append(storeFields);
  }
  if (fixed.length) {
    fixedHint = el('p', {class: 'qc-hint'}, 'Every measured ' + (leaderChoices.length ? 'leaderless ' : '') + 'configuration has ' +
      fixed.map((o) => phrase(o.name, optionValues[o.name][0])).join(', ') + '.');
    controls.append(fixedHint);
  }

  const arithmeticPanel = el('section', {class: 'qc-panel', 'aria-labelledby': 'arith-heading'});
  const verdictBox = el('div', {class: 'qc-verdict'});
  // One short sentence for screen readers after each change (the panels are long to hear).
  const announce = el('p', {class: 'qc-visually-hidden', 'aria-live': 'polite', id: 'announce'});
  const overlapValue = el('dd', {id: 'overlap'});
  const readsMeetValue = el('dd', {id: 'reads-meet-writes'});
  const writesMeetValue = el('dd', {id: 'writes-meet'});
  const readsDownValue = el('dd', {id: 'reads-tolerate'});
  const writesDownValue = el('dd', {id: 'writes-tolerate'});
  const replicaFigure = el('div');
  const quorumArithmetic = el('dl', {class: 'qc-arith'},
      el('dt', {text: 'Overlap R + W − N (replicas every read quorum shares with every write quorum)'}), overlapValue,
      el('dt', {text: 'A read quorum meets the last write quorum (R + W > N)'}), readsMeetValue,
      el('dt', {text: 'Two write quorums meet (2W > N)'}), writesMeetValue,
      el('dt', {text: 'Replicas of a key that may be down while reads still answer (N − R)'}), readsDownValue,
      el('dt', {text: 'Replicas of a key that may be down while writes still succeed (N − W)'}), writesDownValue);
  const leaderValues = Object.fromEntries(['majority', 'tolerates', 'replication', 'reads', 'timing'].map((name) => [name, el('dd', {id: 'leader-' + name})]));
  const leaderArithmeticList = el('dl', {class: 'qc-arith qc-arith-leader', hidden: true},
    el('dt', {text: 'Nodes that must hold a write before it commits (a majority, M/2 + 1)'}), leaderValues.majority,
    el('dt', {text: 'Nodes that may be down while a leader is elected and writes commit (⌊(M − 1)/2⌋)'}), leaderValues.tolerates,
    el('dt', {text: 'When a write is acknowledged (replication)'}), leaderValues.replication,
    el('dt', {text: 'Who answers a read'}), leaderValues.reads,
    el('dt', {text: 'Election timeout and heartbeat'}), leaderValues.timing);
  arithmeticPanel.append(
    el('h2', {id: 'arith-heading', text: 'The arithmetic'}),
    quorumArithmetic,
    leaderArithmeticList,
    verdictBox,
    replicaFigure);

  const measuredPanel = el('section', {class: 'qc-panel', 'aria-labelledby': 'measured-heading'});
  const measuredHeading = el('h2', {id: 'measured-heading'});
  const measuredSummary = el('div');
  const claimList = el('ul', {class: 'qc-claims', 'aria-label': 'Measured claims'});
  const staleness = el('div');
  measuredPanel.append(measuredHeading, measuredSummary, claimList, staleness);

  app.append(el('div', {class: 'qc-calc-grid'}, el('div', null, controls, arithmeticPanel), measuredPanel), announce);

  // ---- updating ----

  let timelineViews = [];

  function update() {
    clampSettings();
    const choice = leaderChoice();
    if (storeSelect) storeSelect.value = settings.store;
    quorumFields.hidden = Boolean(choice);
    if (storeFields) storeFields.hidden = Boolean(choice);
    if (fixedHint) fixedHint.hidden = Boolean(choice);
    quorumArithmetic.hidden = Boolean(choice);
    leaderArithmeticList.hidden = !choice;
    if (choice) { updateLeader(choice); return; }
    for (const name of ['n', 'r', 'w']) {
      ranges[name].max = name === 'n' ? N_MAX : settings.n;
      ranges[name].value = settings[name];
      outputs[name].textContent = settings[name];
      ranges[name].setAttribute('aria-valuetext', name.toUpperCase() + ' = ' + settings[name] + (name === 'n' ? '' : ' of ' + settings.n));
    }
    for (const o of varying) selects[o.name].value = String(settings[o.name]);
    writeFragment();

    const a = arithmetic();
    overlapValue.textContent = String(a.overlap);
    readsMeetValue.textContent = a.readsMeetWrites ? 'yes' : 'no';
    writesMeetValue.textContent = a.writesMeet ? 'yes' : 'no';
    readsDownValue.textContent = String(a.readsTolerateDown);
    writesDownValue.textContent = String(a.writesTolerateDown);
    replicaFigure.replaceChildren(replicaDiagram(a));
    verdictBox.replaceChildren(
      el('span', {class: 'qc-verdict-label', text: 'On paper (quorum arithmetic, not measured)'}),
      el('strong', {id: 'verdict', text: a.verdict === 'regular' ? 'Regular (the R + W > N rule calls it strong)' :
        a.verdict === 'strong' ? 'Strong (linearizable)' : 'Eventual'}),
      el('p', {text: a.why}),
      el('p', {text: 'Available for reads with up to ' + a.readsTolerateDown + ' and for writes with up to ' + a.writesTolerateDown +
        ' of a key\'s ' + settings.n + ' replicas down.'}));

    const configIndex = matchingConfig();
    const config = configIndex === null ? null : configs[configIndex];
    for (const view of timelineViews) view.destroy();
    timelineViews = [];
    window.qcTimelines = [];
    const claims = config ? (config.claims || []) : [];
    fillMeasured(config);
    const measured = config ? claims.map((c) => c.property + ' ' + c.status).join(', ') : 'not measured';
    announce.textContent = settingText() + ': overlap ' + a.overlap + ', ' + a.verdict + ' on paper. Measured: ' + measured + '.';
    window.qcCalculatorState = {
      store: 'leaderless', leader: null,
      n: settings.n, r: settings.r, w: settings.w,
      options: Object.fromEntries(OPTIONS.filter((o) => settings[o.name] !== undefined).map((o) => [o.name, settings[o.name]])),
      overlap: a.overlap, verdict: a.verdict, configIndex,
      claims: config ? claims.map((c) => ({property: c.property, status: c.status, timeline: Boolean(c.timeline)}))
        : knownProperties().map((p) => ({property: p.property, status: 'NOT MEASURED', timeline: false})),
    };
  }

  // A leader-based config chosen: its arithmetic, verdict on paper and measured claims.
  function updateLeader(choice) {
    writeFragment();
    const c = choice.config, a = leaderArithmetic(c), l = c.leader;
    const ms = (us) => formatNumber(Number(us) / 1000) + ' ms';
    leaderValues.majority.textContent = a.majority + ' of ' + a.nodes;
    leaderValues.tolerates.textContent = String(a.toleratesDown);
    leaderValues.replication.textContent = l.replication === 'sync'
      ? 'sync: once a majority holds it (committed)' : 'async: by the leader alone, before any follower has it (lost on failover)';
    leaderValues.reads.textContent = l.reads === 'read_index'
      ? 'read-index: the leader, after a heartbeat round confirms it still leads (linearizable, no clock assumption)'
      : 'follower: any node, from what it has applied (may be stale)';
    leaderValues.timing.textContent = (l.election_timeout_min_us !== undefined ? 'elections after ' + ms(l.election_timeout_min_us) + '–' + ms(l.election_timeout_max_us) +
      ' without a leader, heartbeats every ' + ms(l.heartbeat_interval_us) : 'not in the data');
    replicaFigure.replaceChildren();
    verdictBox.replaceChildren(
      el('span', {class: 'qc-verdict-label', text: 'On paper (Raft, not measured)'}),
      el('strong', {id: 'verdict', text: a.verdict === 'strong' ? 'Strong (linearizable)' :
        a.verdict === 'lossy' ? 'Acknowledged writes can be lost' : 'Stale reads (not even regular)'}),
      el('p', {text: a.why}),
      el('p', {text: 'No N, R or W to choose: every node holds every key, and the quorum is a majority of the ' + a.nodes +
        ' nodes. Writes go on with up to ' + a.toleratesDown + ' of them down, after an election when the leader was among them.'}));
    for (const view of timelineViews) view.destroy();
    timelineViews = [];
    window.qcTimelines = [];
    fillMeasured(c);
    const claims = c.claims || [];
    announce.textContent = settingText() + ': ' + a.verdict + ' on paper. Measured: ' + claims.map((x) => x.property + ' ' + x.status).join(', ') + '.';
    window.qcCalculatorState = {
      store: settings.store, leader: Object.assign({nodes: c.nodes}, l),
      n: null, r: null, w: null, options: {}, overlap: null, verdict: a.verdict, configIndex: choice.index,
      claims: claims.map((x) => ({property: x.property, status: x.status, timeline: Boolean(x.timeline)})),
    };
  }

  function settingText() {
    const choice = leaderChoice();
    if (choice) return leaderLabel(choice.config);
    return 'N=' + settings.n + ', R=' + settings.r + ', W=' + settings.w;
  }

  function optionsText(c) {
    if (isLeader(c)) return leaderLabel(c);
    return ['nodes', 'read_repair', 'abd', 'sloppy', 'durability'].filter((name) => c[name] !== undefined).map((name) => phrase(name, c[name])).join(', ');
  }

  function knownProperties() {
    const seen = new Map();
    for (const c of configs) for (const claim of c.claims || []) if (!seen.has(claim.property)) seen.set(claim.property, claim);
    return [...seen.values()];
  }

  function faultsText(faults) {
    if (!Array.isArray(faults) || !faults.length) return 'no faults injected';
    return faults.map((f) => f.kind + ': ' + formatNumber(f.events || 0) + ' events, ' + formatNumber(f.hit || 0) + ' hit the workload' +
      (f.ops_hit !== undefined ? ' (' + formatNumber(f.ops_hit) + ' ops)' : '')).join('; ');
  }

  function fillMeasured(config) {
    claimList.replaceChildren();
    staleness.replaceChildren();
    if (!config) {
      measuredHeading.textContent = 'Measured: nothing for ' + settingText();
      measuredSummary.replaceChildren(
        el('p', {class: 'qc-notice', role: 'note'}, el('strong', {text: 'Not measured. '}),
          'The data has no configuration with ' + settingText() + (varying.length ? ' and these options' : '') +
          ', so nothing below is known about it beyond the arithmetic.'),
        measuredLinks());
      for (const p of knownProperties()) claimList.append(claimItem({property: p.property, description: p.description, status: 'NOT MEASURED'}));
      return;
    }
    measuredHeading.textContent = 'Measured for ' + settingText();
    const sampled = Number(config.cases) || 0;
    measuredSummary.replaceChildren(
      el('p', null, el('strong', {text: formatNumber(sampled) + ' sampled ' + (sampled === 1 ? 'case' : 'cases')}),
        (config.scope ? ' and an exhaustive exploration of ' + config.scope : ' (sampled: a HOLDS means no counterexample was found in them, not a proof)') +
        ' on ' + optionsText(config) + (data.latency_profile ? ', latency profile ' + data.latency_profile : '') + '.'),
      el('p', {class: 'qc-hint', text: 'Faults injected: ' + faultsText(config.faults) + '.'}));
    for (const claim of config.claims || []) claimList.append(claimItem(claim));
    staleness.append(freshnessChart(config));
  }

  function measuredLinks() {
    if (!configs.length) return el('p', {text: 'This page carries no measurements at all.'});
    const same = (c) => c.n === settings.n && c.r === settings.r && c.w === settings.w;
    const ranked = quorumConfigs.map((c, i) => [c, i]).sort(([a], [b]) => (same(b) - same(a)) ||
      (Math.abs(a.n - settings.n) - Math.abs(b.n - settings.n)) || (Math.abs(a.r - settings.r) + Math.abs(a.w - settings.w)) - (Math.abs(b.r - settings.r) + Math.abs(b.w - settings.w)));
    const links = ranked.slice(0, MEASURED_LINKS_MAX).map(([c]) => el('li', null, el('button', {type: 'button', onclick: () => {
      settings.n = c.n; settings.r = c.r; settings.w = c.w;
      for (const o of OPTIONS) if (c[o.name] !== undefined) settings[o.name] = c[o.name];
      update();
    }}, 'N=' + c.n + ' R=' + c.r + ' W=' + c.w + (varying.length ? ' (' + varying.map((o) => phrase(o.name, c[o.name])).join(', ') + ')' : ''))));
    const leaderLinks = leaderChoices.map((x) => el('li', null, el('button', {type: 'button', onclick: () => { settings.store = x.key; update(); }}, leaderLabel(x.config))));
    return el('div', null, el('p', {text: 'Measured configurations nearby (' + configs.length + ' in all):'}), el('ul', {class: 'qc-measured-list'}, ...links, ...leaderLinks));
  }

  function claimItem(claim) {
    const status = ['HOLDS', 'REFUTED', 'UNDECIDED'].includes(claim.status) ? claim.status : (claim.status === 'NOT MEASURED' ? 'NOT MEASURED' : 'UNDECIDED');
    const item = el('li', {class: 'qc-claim', 'data-property': claim.property, 'data-status': status});
    item.append(el('div', {class: 'qc-claim-head'},
      el('h3', {class: 'qc-claim-name', text: claim.property}),
      el('span', {class: 'qc-status qc-status-' + status.replace(' ', '-'), text: status})));
    if (claim.description) item.append(el('p', {class: 'qc-claim-desc', text: claim.description}));
    if (status !== 'NOT MEASURED') {
      const evidence = claim.evidence ? 'Evidence: ' + claim.evidence + '. ' : '';
      item.append(el('p', {class: 'qc-claim-detail', text: evidence + (claim.detail || '')}));
    }
    if (status === 'REFUTED') {
      if (claim.timeline && Array.isArray(claim.timeline.ops)) {
        const holder = el('div', {class: 'qc-claim-timeline'});
        item.append(holder);
        // Drawn once the item is in the document, so the canvas has a width.
        queueMicrotask(() => {
          if (!holder.isConnected) return;  // a later update replaced this claim already
          timelineViews.push(window.QcTimeline.render(holder, claim.timeline, {
            heading: 'Counterexample: ' + claim.property + ' (' + claim.timeline.ops.length + ' ops)',
            headingLevel: 4, maxHeightPx: 300, foldEvidence: true, idPrefix: 'cx-' + claim.property.replace(/[^a-z0-9-]/gi, '_')}));
        });
      } else {
        item.append(el('p', {class: 'qc-hint', text: 'No counterexample history in this page\'s data for this claim.'}));
      }
    }
    return item;
  }

  // ---- pictures ----

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) if (value !== null && value !== undefined) node.setAttribute(name, String(value));
    for (const child of children) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  // N replicas in a row: a write quorum from the left, a read quorum from the right, so the
  // replicas in both are the overlap (the worst case: quorums as far apart as they can be).
  function replicaDiagram(a) {
    const {n, r, w} = settings;
    const size = 34, gap = 8, width = Math.max(n * (size + gap) + 10, 200), height = 96;
    const title = 'Worst case for ' + settingText() + ': the write quorum is the first ' + w + ' replicas, the read quorum the last ' + r +
      '; ' + (a.overlap > 0 ? a.overlap + ' replica' + (a.overlap === 1 ? ' is' : 's are') + ' in both.' : 'none is in both.');
    const figure = svg('svg', {class: 'qc-replicas', viewBox: '0 0 ' + width + ' ' + height, width, height, role: 'img', 'aria-label': title});
    figure.append(svg('title', null, title));
    for (let i = 0; i < n; i++) {
      const x = 5 + i * (size + gap);
      const inWrite = i < w, inRead = i >= n - r;
      figure.append(svg('rect', {x, y: 22, width: size, height: size, rx: 6, fill: inWrite && inRead ? '#f2d9a6' : inWrite ? '#cddffa' : inRead ? '#d2efd7' : '#fff',
        stroke: inWrite && inRead ? '#7a4a00' : '#555', 'stroke-width': inWrite && inRead ? 3 : 1}));
      figure.append(svg('text', {x: x + size / 2, y: 44, 'text-anchor': 'middle', 'font-size': 12, fill: '#1a1a1a'}, (inWrite ? 'W' : '') + (inRead ? 'R' : '') || '·'));
    }
    const span = (from, count, y, label, color) => {
      if (count <= 0) return;
      const x0 = 5 + from * (size + gap), x1 = 5 + (from + count) * (size + gap) - gap;
      figure.append(svg('line', {x1: x0, y1: y, x2: x1, y2: y, stroke: color, 'stroke-width': 3}));
      figure.append(svg('text', {x: x0, y: y < 22 ? y - 5 : y + 14, 'font-size': 11, fill: color}, label));
    };
    span(0, w, 14, 'write quorum (' + w + ')', '#2a5aa8');
    span(n - r, r, 64, 'read quorum (' + r + ')', '#27733a');
    return figure;
  }

  // 95% Wilson interval of a proportion: honest about small counts.
  function wilson(fresh, reads) {
    if (!reads) return [0, 1];
    const z = 1.96, p = fresh / reads, z2 = z * z;
    const centre = (p + z2 / (2 * reads)) / (1 + z2 / reads);
    const half = z * Math.sqrt(p * (1 - p) / reads + z2 / (4 * reads * reads)) / (1 + z2 / reads);
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
  }

  function freshnessChart(config) {
    const points = (Array.isArray(config.freshness) ? config.freshness : [])
      .filter((p) => Number.isFinite(p.t_ms) && Number(p.reads) > 0).sort((a, b) => a.t_ms - b.t_ms);
    const box = el('section', {class: 'qc-staleness', 'aria-labelledby': 'staleness-heading'});
    box.append(el('h3', {id: 'staleness-heading', text: 'How fresh reads were (measured)'}));
    if (!points.length) {
      box.append(el('p', {text: 'No freshness measurements for this configuration.'}));
      return box;
    }
    box.append(el('p', {class: 'qc-hint', text: 'P(fresh read): of the reads that began at least t after the last acknowledged write to their key, ' +
      'the share that returned it or a newer one (PBS t-visibility), over every case run' + (data.latency_profile ? ' under latency profile ' + data.latency_profile : '') +
      '. Bars: 95% interval for the number of reads.'}));

    const width = 520, height = 220, left = 46, right = 30, top = 14, bottom = 40;
    const tMax = Math.max(1, points[points.length - 1].t_ms);
    const xOf = (t) => left + (Math.log10(1 + t) / Math.log10(1 + tMax)) * (width - left - right);
    const yOf = (p) => top + (1 - p) * (height - top - bottom);
    const summary = points.map((p) => p.t_ms + ' ms: ' + (p.fresh / p.reads).toFixed(3)).join(', ');
    const chart = svg('svg', {class: 'qc-chart', viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'aria-label': 'P(fresh read) against time since the write was acknowledged: ' + summary + '. The table below has the counts.'});
    for (const p of [0, 0.25, 0.5, 0.75, 1]) {
      chart.append(svg('line', {x1: left, x2: width - right, y1: yOf(p), y2: yOf(p), stroke: '#e0e0e0'}));
      chart.append(svg('text', {x: left - 6, y: yOf(p) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#444'}, p.toFixed(2)));
    }
    for (const p of points) {
      chart.append(svg('text', {x: xOf(p.t_ms), y: height - bottom + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#444'}, formatNumber(p.t_ms) + ' ms'));
    }
    chart.append(svg('text', {x: (left + width - right) / 2, y: height - 6, 'text-anchor': 'middle', 'font-size': 11, fill: '#444'}, 't since the write was acknowledged (log scale)'));
    chart.append(svg('polyline', {fill: 'none', stroke: '#1d4f9c', 'stroke-width': 2,
      points: points.map((p) => xOf(p.t_ms) + ',' + yOf(p.fresh / p.reads)).join(' ')}));
    for (const p of points) {
      const [low, high] = wilson(p.fresh, p.reads);
      chart.append(svg('line', {x1: xOf(p.t_ms), x2: xOf(p.t_ms), y1: yOf(low), y2: yOf(high), stroke: '#1d4f9c', 'stroke-width': 1}));
      chart.append(svg('circle', {cx: xOf(p.t_ms), cy: yOf(p.fresh / p.reads), r: 4, fill: '#1d4f9c'},
        svg('title', null, p.t_ms + ' ms: ' + p.fresh + ' of ' + p.reads + ' reads fresh')));
    }
    box.append(chart);
    box.append(el('div', {class: 'qc-table-wrap'}, el('table', {class: 'qc-table'},
      el('caption', {class: 'qc-visually-hidden', text: 'P(fresh read) by time since the write was acknowledged'}),
      el('thead', null, el('tr', null, el('th', {scope: 'col', text: 't (ms)'}), el('th', {scope: 'col', text: 'reads'}),
        el('th', {scope: 'col', text: 'fresh'}), el('th', {scope: 'col', text: 'P(fresh)'}), el('th', {scope: 'col', text: '95% interval'}))),
      el('tbody', null, ...points.map((p) => {
        const [low, high] = wilson(p.fresh, p.reads);
        return el('tr', null, el('td', {text: formatNumber(p.t_ms)}), el('td', {text: formatNumber(p.reads)}), el('td', {text: formatNumber(p.fresh)}),
          el('td', {text: (p.fresh / p.reads).toFixed(3)}), el('td', {text: low.toFixed(3) + '–' + high.toFixed(3)}));
      })))));
    box.append(kStaleness(config));
    return box;
  }

  // PBS k-staleness (config.k: [{k, reads}]): how many acknowledged newer writes a read
  // missed. A sentence, a bar chart of the stale reads by k, and the table.
  function kStaleness(config) {
    const box = el('div', {class: 'qc-k'});
    const rows = (Array.isArray(config.k) ? config.k : []).filter((d) => Number.isFinite(d.k) && Number(d.reads) > 0).sort((a, b) => a.k - b.k);
    box.append(el('h4', {text: 'How many writes behind reads were (k)'}));
    if (!rows.length) {
      box.append(el('p', {text: 'No k-staleness measurements for this configuration (data made before they were recorded).'}));
      return box;
    }
    const total = rows.reduce((sum, d) => sum + Number(d.reads), 0);
    const stale = rows.filter((d) => d.k > 0);
    const staleReads = stale.reduce((sum, d) => sum + Number(d.reads), 0);
    box.append(el('p', {text: staleReads === 0
      ? 'All ' + formatNumber(total) + ' reads measured returned the latest acknowledged write or a newer one (k = 0).'
      : formatNumber(staleReads) + ' of ' + formatNumber(total) + ' reads (' + (100 * staleReads / total).toPrecision(2) + '%) were stale; ' +
        'the worst missed ' + stale[stale.length - 1].k + ' acknowledged ' + (stale[stale.length - 1].k === 1 ? 'write' : 'writes') + '.'}));
    if (stale.length) {
      const shown = stale.slice(0, 12);
      const width = 420, barHeight = 18, left = 56, height = shown.length * (barHeight + 4) + 8;
      const most = Math.max(...shown.map((d) => d.reads));
      const chart = svg('svg', {class: 'qc-chart', viewBox: '0 0 ' + width + ' ' + height, role: 'img',
        'aria-label': 'Stale reads by k: ' + shown.map((d) => 'k ' + d.k + ': ' + d.reads).join(', ') + '.'});
      shown.forEach((d, i) => {
        const y = 4 + i * (barHeight + 4), barWidth = Math.max(2, (width - left - 70) * d.reads / most);
        chart.append(svg('text', {x: left - 8, y: y + 13, 'text-anchor': 'end', 'font-size': 12, fill: '#333'}, 'k = ' + d.k));
        chart.append(svg('rect', {x: left, y, width: barWidth, height: barHeight, fill: '#a84f00', rx: 2}));
        chart.append(svg('text', {x: left + barWidth + 6, y: y + 13, 'font-size': 12, fill: '#333'}, formatNumber(d.reads)));
      });
      box.append(chart);
    }
    box.append(el('div', {class: 'qc-table-wrap'}, el('table', {class: 'qc-table'},
      el('caption', {class: 'qc-visually-hidden', text: 'Reads by k, the number of acknowledged newer writes they missed'}),
      el('thead', null, el('tr', null, el('th', {scope: 'col', text: 'k'}), el('th', {scope: 'col', text: 'reads'}), el('th', {scope: 'col', text: 'share'}))),
      el('tbody', null, ...rows.slice(0, 20).map((d) => el('tr', null, el('td', {text: String(d.k)}),
        el('td', {text: formatNumber(d.reads)}), el('td', {text: (d.reads / total).toFixed(3)})))))));
    return box;
  }

  window.addEventListener('hashchange', () => { readFragment(); update(); });
  update();
})();
