// quorumcheck's history timeline: one lane per client process, each op a bar from its
// invocation to its completion, the faults shaded over the time axis, and a violation's
// evidence drawn on it. Plain browser JS, no libraries; the page's data is the JSON in
// <script id="qc-data"> (report/page_data.h has every field).
//
// The component, used by the timeline page and by the calculator's counterexamples:
//   const view = QcTimeline.render(container, timelineData, options)
//     options: {heading: "text", headingLevel: 2..6, maxHeightPx, idPrefix,
//               foldEvidence: the evidence text starts folded}
//   view.state   (also pushed to window.qcTimelines; the timeline page's one is
//                 window.qcTimelineState), for people and tests:
//     {opsInData, opsTotal, omitted,                  // ops drawable / in the history
//      highlighted: {blocking: id|null, prefix: [ids], involved: [ids],
//                    candidates: [ids], stale: [ids], superseding: [ids]},
//      selected: id|null,                              // the op under focus or hover
//      view: {start, end, pxPerUnit},                  // the time range on screen
//      drawnOps}                                       // bars drawn in the last frame
//   view.select(id) centres an op and shows its details; view.zoom(factor); view.fit().
//
// Size: the canvas draws only what is in view (ops found per lane by binary search), and
// the DOM holds a fixed number of elements whatever the op count: the evidence lists
// stop at LIST_MAX items each and say how many more there are.
(function () {
  'use strict';

  // Positions in an op's array (page_data.h).
  const PROCESS = 0, START = 1, END = 2, F = 3, KEY = 4, INPUT = 5, OUTPUT = 6, OUTCOME = 7, LINE = 8;

  const LANE_HEIGHT_PX = 28;
  const BAR_HEIGHT_PX = 16;
  const GUTTER_PX = 56;            // lane labels
  const TICKS_HEIGHT_PX = 22;      // the time axis
  const FAULT_ROW_PX = 16;         // one row of fault labels under the axis
  const FAULT_ROWS_MAX = 3;
  const LIST_MAX = 40;             // evidence ops listed as text, per group
  const FOLD_OVER = 8;             // longer groups start folded
  const SCROLL_WIDTH_MAX_PX = 4000000;  // browsers cap an element's width; past it the
                                        // scrollbar maps proportionally
  const LABEL_MIN_WIDTH_PX = 26;   // narrower bars carry no text
  const OPEN_TAILS_MAX = 200;      // info/open ops whose dashed tail is drawn per lane
  const CONVERGENCE_KEYS_MAX = 200;  // key lanes of the convergence picture
  const STALE_ARROWS_MAX = 12;     // stale-read arrows drawn at once (else the focused op's)
  const FOCUS_EVIDENCE_OPS = 300;  // larger histories open on the violation, not the whole

  const COLORS = {
    text: '#1a1a1a', muted: '#555', grid: '#e4e4e4', laneOdd: '#f7f7f8', gutter: '#fff',
    write: ['#cddffa', '#2a5aa8'], read: ['#d2efd7', '#27733a'], other: ['#e7e1f6', '#5a4898'],
    blocking: '#b3141b', prefix: '#0f6b35', involved: '#6b2fb0', stale: '#a84f00',
    selected: '#000', faultText: '#3a3a3a', diverged: '#f6d2b4', divergedLine: '#8a4a12',
    repairedBy: {'anti-entropy': '#6b2fb0', 'read repair': '#27733a', 'hinted handoff': '#2a5aa8', writes: '#555'},
    fault: {
      partition: 'rgba(226, 140, 20, 0.16)', crash: 'rgba(200, 30, 30, 0.13)',
      pause: 'rgba(110, 110, 110, 0.18)', 'clock-bump': 'rgba(140, 60, 200, 0.13)',
      'clock-strobe': 'rgba(140, 60, 200, 0.13)', 'loss-burst': 'rgba(20, 130, 150, 0.14)',
      'delay-burst': 'rgba(20, 130, 150, 0.14)', other: 'rgba(90, 90, 90, 0.12)',
    },
  };

  let instanceCount = 0;

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // ---- time formatting -------------------------------------------------------------

  function formatNumber(value) {
    if (Number.isInteger(value)) return value.toLocaleString('en-US');
    return Number(value.toPrecision(4)).toLocaleString('en-US');
  }

  // A time on the axis in a readable unit ("1.5 ms"); step is the tick spacing, so that
  // neighbouring labels differ.
  function formatTime(t, unit, step) {
    if (unit !== 'us') return formatNumber(t);
    const scale = (step || Math.abs(t)) >= 1e6 ? [1e6, 's'] : (step || Math.abs(t)) >= 1e3 ? [1e3, 'ms'] : [1, 'µs'];
    return formatNumber(t / scale[0]) + ' ' + scale[1];
  }

  function formatSpan(t, unit) {
    if (unit !== 'us') return formatNumber(t) + (t === 1 ? ' event' : ' events');
    return formatTime(t, unit);
  }

  function niceStep(rawStep) {
    const power = Math.pow(10, Math.floor(Math.log10(Math.max(rawStep, 1e-9))));
    for (const multiple of [1, 2, 5, 10]) if (multiple * power >= rawStep) return multiple * power;
    return 10 * power;
  }

  // ---- ops as text -----------------------------------------------------------------

  function shortValue(value) {
    if (value === null || value === undefined) return 'nil';
    const text = String(value);
    return text.length > 40 ? text.slice(0, 37) + '…' : text;
  }

  function opLabel(op) {
    const key = op[KEY] === null || op[KEY] === undefined ? '' : String(op[KEY]);
    switch (op[F]) {
      case 'write': return 'W ' + (key ? key + '=' : '') + shortValue(op[INPUT]);
      case 'read': return 'R ' + (key ? key + '→' : '') + (op[OUTCOME] === 'ok' ? shortValue(op[OUTPUT]) : '?');
      case 'delete': return 'D ' + key;
      default: return op[F] + ' ' + key + (op[INPUT] !== null && op[INPUT] !== undefined ? ' ' + shortValue(op[INPUT]) : '');
    }
  }

  const OUTCOME_MARK = {ok: '', fail: '✗ ', info: '? ', open: '… '};
  const OUTCOME_WORDS = {
    ok: 'completed ok', fail: 'failed (certainly did not take effect)',
    info: 'outcome unknown (info: may take effect at any time after its invocation, or never)',
    open: 'never completed (open)',
  };

  function opSentence(op, id) {
    const key = op[KEY] === null || op[KEY] === undefined ? '' : ' key ' + op[KEY];
    let what = op[F] + key;
    if (op[F] === 'write' || (op[INPUT] !== null && op[INPUT] !== undefined && op[F] !== 'read')) what += ' ' + shortValue(op[INPUT]);
    if (op[F] === 'read' && op[OUTCOME] === 'ok') what += ' → ' + shortValue(op[OUTPUT]);
    return 'op ' + id + ': process ' + op[PROCESS] + ' ' + what + (op[OUTCOME] === 'ok' ? '' : ' (' + op[OUTCOME] + ')') +
      (op[LINE] !== null && op[LINE] !== undefined ? ' [line ' + op[LINE] + ']' : '');
  }

  // The run's convergence picture, if the data has one: per key, the spans of time its
  // replicas disagreed and what brought them back (sim/convergence_trace.h). Read
  // leniently: a list of keys or {keys: [...]}, times as start/end or start_us/end_us.
  function readConvergence(value) {
    const list = Array.isArray(value) ? value : value && Array.isArray(value.keys) ? value.keys : [];
    const number = (...candidates) => {
      for (const x of candidates) if (x !== null && x !== undefined && Number.isFinite(Number(x))) return Number(x);
      return null;
    };
    return list.filter((k) => k && Array.isArray(k.spans)).slice(0, CONVERGENCE_KEYS_MAX).map((k) => ({
      key: String(k.key),
      replicas: Array.isArray(k.replicas) ? k.replicas : [],
      spans: k.spans.map((span) => ({
        start: number(span.start, span.start_us), end: number(span.end, span.end_us),
        repairedBy: span.repaired_by || '', bytes: number(span.anti_entropy_bytes, span.bytes) || 0,
      })).filter((span) => span.start !== null).sort((a, b) => a.start - b.start),
    }));
  }

  function formatBytes(bytes) {
    if (bytes >= 1e6) return (bytes / 1e6).toPrecision(3) + ' MB';
    if (bytes >= 1e3) return (bytes / 1e3).toPrecision(3) + ' kB';
    return bytes + ' bytes';
  }

  // ---- the component ---------------------------------------------------------------

  function render(container, data, options) {
    options = options || {};
    const instance = ++instanceCount;
    const idPrefix = options.idPrefix || 'qc-tl-' + instance;
    const ops = Array.isArray(data.ops) ? data.ops : [];
    const unit = data.time_unit === 'event' ? 'event' : 'us';
    let timeEnd = Number(data.time_end) || 0;
    for (const op of ops) timeEnd = Math.max(timeEnd, (op[END] === null ? op[START] : op[END]) + 0);
    const convergence = readConvergence(data.convergence);
    for (const key of convergence) for (const span of key.spans) timeEnd = Math.max(timeEnd, span.start, span.end || 0);
    if (timeEnd <= 0) timeEnd = 1;

    // Lanes: the data's order, then any process an op names that the list missed.
    const processes = Array.isArray(data.processes) ? data.processes.slice() : [];
    const laneOf = new Map(processes.map((p, i) => [String(p), i]));
    for (const op of ops) {
      if (!laneOf.has(String(op[PROCESS]))) { laneOf.set(String(op[PROCESS]), processes.length); processes.push(op[PROCESS]); }
    }
    const laneCount = Math.max(1, processes.length);
    // Under the process lanes: a heading lane, then one lane per key of the convergence picture.
    const keyLaneStart = laneCount + (convergence.length ? 1 : 0);
    const totalLanes = keyLaneStart + convergence.length;

    // Per lane: op ids sorted by start; each op's drawn end (an op that never completed
    // runs to the next op of its lane, then a dashed tail to the end of the axis); the
    // running maximum of drawn ends, to find the first op still in view by binary search.
    const drawnEnd = new Float64Array(ops.length);
    const lanes = Array.from({length: laneCount}, () => ({ids: [], maxEnd: null, open: []}));
    ops.forEach((op, id) => lanes[laneOf.get(String(op[PROCESS]))].ids.push(id));
    for (const lane of lanes) {
      lane.ids.sort((a, b) => ops[a][START] - ops[b][START] || a - b);
      lane.maxEnd = new Float64Array(lane.ids.length);
      let running = -Infinity;
      lane.ids.forEach((id, i) => {
        const op = ops[id];
        let end = op[END];
        if (end === null || end === undefined) {
          const next = lane.ids[i + 1];
          end = next !== undefined ? Math.max(op[START], ops[next][START]) : timeEnd;
          lane.open.push(id);
        }
        drawnEnd[id] = Math.max(end, op[START]);
        running = Math.max(running, drawnEnd[id]);
        lane.maxEnd[i] = running;
      });
    }

    // The evidence.
    const violation = data.violation || null;
    const validId = (id) => Number.isInteger(id) && id >= 0 && id < ops.length;
    const ids = (list) => (Array.isArray(list) ? list.filter(validId) : []);
    const staleReads = Array.isArray(data.stale_reads) ? data.stale_reads.filter((s) => validId(s.read)) : [];
    const highlighted = {
      blocking: violation && validId(violation.blocking) ? violation.blocking : null,
      prefix: violation ? ids(violation.prefix) : [],
      involved: violation ? ids(violation.involved) : [],
      candidates: violation ? ids(violation.candidates) : [],
      stale: staleReads.map((s) => s.read),
      superseding: staleReads.map((s) => s.superseded_by).filter(validId),
    };
    const prefixRank = new Map(highlighted.prefix.map((id, i) => [id, i]));
    const involvedSet = new Set(highlighted.involved);
    const candidateSet = new Set(highlighted.candidates);
    const staleOf = new Map(staleReads.map((s) => [s.read, s]));
    const supersedingSet = new Set(highlighted.superseding);

    // Fault label rows: each fault on the first row free at its start.
    const faults = (Array.isArray(data.faults) ? data.faults : []).filter((f) => f && Number.isFinite(Number(f.start)));
    const rowEnds = [];
    const faultRow = faults.map((fault, index) => {
      const end = fault.end === null || fault.end === undefined ? timeEnd : Number(fault.end);
      let row = rowEnds.findIndex((rowEnd) => rowEnd <= Number(fault.start));
      if (row < 0) row = rowEnds.length < FAULT_ROWS_MAX ? rowEnds.length : index % FAULT_ROWS_MAX;
      rowEnds[row] = Math.max(rowEnds[row] || 0, end);
      return row;
    });
    const faultRows = Math.min(FAULT_ROWS_MAX, rowEnds.length);
    // The next fault on the same label row (its label must stop before it), or -1.
    const nextInRow = new Int32Array(faults.length).fill(-1);
    for (let i = faults.length - 1, last = []; i >= 0; i--) {
      nextInRow[i] = last[faultRow[i]] === undefined ? -1 : last[faultRow[i]];
      last[faultRow[i]] = i;
    }
    const axisHeight = TICKS_HEIGHT_PX + faultRows * FAULT_ROW_PX;

    const state = {
      opsInData: ops.length,
      opsTotal: Number.isFinite(data.ops_total) ? data.ops_total : ops.length,
      omitted: data.omitted || null,
      highlighted,
      selected: null,
      view: {start: 0, end: timeEnd, pxPerUnit: 1},
      drawnOps: 0,
      processes: processes.slice(),
      convergenceKeys: convergence.map((entry) => entry.key),
    };

    // ---- DOM (a fixed number of elements) ----
    const headingLevel = Math.min(6, Math.max(2, options.headingLevel || 2));
    const headingId = idPrefix + '-heading';
    const detailsId = idPrefix + '-details';
    const helpId = idPrefix + '-help';
    const root = el('section', {class: 'qc-tl', 'aria-labelledby': headingId});
    root.append(el('h' + headingLevel, {id: headingId, class: 'qc-tl-heading', text: options.heading || data.title || 'History timeline'}));

    if (data.verdict) {
      const outcome = data.verdict.outcome || 'not checked';
      const bad = outcome === 'not linearizable';
      root.append(el('p', {class: 'qc-tl-verdict ' + (bad ? 'qc-bad' : outcome === 'linearizable' ? 'qc-good' : 'qc-unknown')},
        el('strong', {text: outcome.charAt(0).toUpperCase() + outcome.slice(1)}),
        data.verdict.summary ? ' — ' + data.verdict.summary : ''));
    }
    const spanText = formatSpan(timeEnd, unit);
    root.append(el('p', {class: 'qc-tl-meta'},
      formatNumber(ops.length) + (ops.length === 1 ? ' op' : ' ops') + ' in ' + laneCount +
      (laneCount === 1 ? ' process lane' : ' process lanes') + ', ' + faults.length + (faults.length === 1 ? ' fault' : ' faults') +
      ', time axis 0 to ' + spanText + (unit === 'event' ? ' (the history has no times: ops span their event indexes)' : '') + '.'));
    if (data.omitted || state.opsTotal > ops.length) {
      root.append(el('p', {class: 'qc-notice', role: 'note'},
        el('strong', {text: 'Not all of the history is drawn: '}),
        data.omitted || ('the history has ' + formatNumber(state.opsTotal) + ' ops and this page holds ' + formatNumber(ops.length) + '.')));
    }

    const zoomLabel = el('span', {class: 'qc-tl-zoom', 'aria-live': 'polite'});
    const toolbar = el('div', {class: 'qc-tl-toolbar', role: 'toolbar', 'aria-label': 'Timeline view', 'aria-controls': idPrefix + '-scroller'},
      el('button', {type: 'button', onclick: () => zoomBy(2), 'aria-label': 'Zoom in'}, '+ Zoom in'),
      el('button', {type: 'button', onclick: () => zoomBy(0.5), 'aria-label': 'Zoom out'}, '− Zoom out'),
      el('button', {type: 'button', onclick: () => fit()}, 'Whole history'),
      hasEvidence() ? el('button', {type: 'button', onclick: () => showEvidence()}, 'Show the evidence') : null,
      zoomLabel);
    root.append(toolbar);

    const canvas = el('canvas', {class: 'qc-tl-canvas', role: 'img', 'aria-label': canvasDescription()});
    const spacer = el('div', {class: 'qc-tl-spacer'});
    const scroller = el('div', {
      id: idPrefix + '-scroller', class: 'qc-tl-scroller', tabindex: '0', role: 'application',
      'aria-roledescription': 'timeline', 'aria-label': 'Timeline of ' + ops.length + ' ops',
      'aria-describedby': helpId + ' ' + detailsId,
    }, spacer);
    const tip = el('div', {class: 'qc-tl-tip', role: 'tooltip', id: idPrefix + '-tip', hidden: true});
    const viewBox = el('div', {class: 'qc-tl-view'}, canvas, scroller, tip);
    root.append(viewBox);
    root.append(el('p', {class: 'qc-tl-help', id: helpId},
      'Hover or focus the timeline for an op\'s details. Keys: ← → previous or next op of the lane, ↑ ↓ other lanes, + and − zoom, 0 the whole history. ' +
      'Ctrl + wheel or a pinch zooms; drag or scroll to pan.'));
    const details = el('div', {class: 'qc-tl-details', id: detailsId, 'aria-live': 'polite'}, 'No op selected.');
    root.append(details);
    root.append(legend());
    const evidence = evidenceLists();
    if (evidence) root.append(evidence);
    if (faults.length) root.append(faultList());
    if (convergence.length) root.append(convergenceList());
    container.append(root);

    // ---- geometry ----
    let pxPerUnit = 1, viewStart = 0, scrollTop = 0, canvasWidth = 0, canvasHeight = 0, canvasRatio = 0;
    let lastScrollLeftSet = -1, drawQueued = false, hoverId = null, selectedId = null;
    const contentHeight = axisHeight + totalLanes * LANE_HEIGHT_PX;
    const maxHeight = options.maxHeightPx || Math.max(220, Math.round((window.innerHeight || 800) * 0.6));
    viewBox.style.height = Math.min(contentHeight + 18, maxHeight) + 'px';

    const plotWidth = () => Math.max(10, canvasWidth - GUTTER_PX);
    const minPxPerUnit = () => plotWidth() / timeEnd;
    const maxPxPerUnit = () => Math.max(minPxPerUnit(), plotWidth() / (unit === 'event' ? 4 : 10));
    const visibleSpan = () => plotWidth() / pxPerUnit;
    const xOf = (t) => GUTTER_PX + (t - viewStart) * pxPerUnit;
    const timeAt = (x) => viewStart + (x - GUTTER_PX) / pxPerUnit;

    function clampView() {
      pxPerUnit = Math.min(maxPxPerUnit(), Math.max(minPxPerUnit(), pxPerUnit));
      viewStart = Math.min(Math.max(0, timeEnd - visibleSpan()), Math.max(0, viewStart));
    }

    // The spacer's size gives the scrollbars; scrollLeft maps to viewStart in proportion
    // when the content is wider than a browser allows.
    function syncScroller() {
      const contentWidth = timeEnd * pxPerUnit;
      spacer.style.width = Math.round(GUTTER_PX + Math.min(contentWidth, SCROLL_WIDTH_MAX_PX)) + 'px';
      spacer.style.height = contentHeight + 'px';
      const browserMax = scroller.scrollWidth - scroller.clientWidth;
      const ourMax = Math.max(0, timeEnd - visibleSpan());
      const left = browserMax > 0 && ourMax > 0 ? Math.round(viewStart / ourMax * browserMax) : 0;
      if (Math.abs(scroller.scrollLeft - left) >= 1) scroller.scrollLeft = left;
      lastScrollLeftSet = scroller.scrollLeft;
    }

    function onScroll() {
      scrollTop = scroller.scrollTop;
      if (Math.abs(scroller.scrollLeft - lastScrollLeftSet) >= 1) {
        const browserMax = scroller.scrollWidth - scroller.clientWidth;
        const ourMax = Math.max(0, timeEnd - visibleSpan());
        viewStart = browserMax > 0 ? scroller.scrollLeft / browserMax * ourMax : 0;
        lastScrollLeftSet = scroller.scrollLeft;
      }
      requestDraw();
    }

    function resize() {
      const width = scroller.clientWidth, height = scroller.clientHeight;
      const ratio = window.devicePixelRatio || 1;  // browser zoom changes it: redraw sharp
      if (width === canvasWidth && height === canvasHeight && ratio === canvasRatio) return;
      canvasRatio = ratio;
      const firstLayout = canvasWidth === 0;
      const centre = viewStart + visibleSpan() / 2;
      canvasWidth = width; canvasHeight = height;
      canvas.width = Math.max(1, Math.round(width * ratio));
      canvas.height = Math.max(1, Math.round(height * ratio));
      canvas.style.width = width + 'px';
      canvas.style.height = height + 'px';
      if (width === 0) return;
      if (firstLayout) initialView();
      else { clampView(); viewStart = centre - visibleSpan() / 2; clampView(); }
      syncScroller();
      requestDraw();
    }

    function initialView() {
      pxPerUnit = minPxPerUnit();
      viewStart = 0;
      const violationShown = highlighted.blocking !== null || highlighted.involved.length > 0;
      if (ops.length > FOCUS_EVIDENCE_OPS && (violationShown || (ops.length > 2000 && hasEvidence()))) showEvidence(true);
      clampView();
    }

    function zoomBy(factor, anchorX) {
      const x = anchorX === undefined ? GUTTER_PX + plotWidth() / 2 : anchorX;
      const anchorTime = timeAt(x);
      pxPerUnit *= factor;
      clampView();
      viewStart = anchorTime - (x - GUTTER_PX) / pxPerUnit;
      clampView();
      syncScroller();
      requestDraw();
    }

    function fit() {
      pxPerUnit = minPxPerUnit();
      viewStart = 0;
      clampView();
      syncScroller();
      requestDraw();
    }

    function showRange(from, to, quiet) {
      const span = Math.max(to - from, unit === 'event' ? 4 : 10);
      const pad = span * 0.15;
      pxPerUnit = plotWidth() / (span + 2 * pad);
      viewStart = from - pad;
      clampView();
      if (!quiet) { syncScroller(); requestDraw(); }
    }

    function evidenceIds() {
      const list = [];
      if (highlighted.blocking !== null) list.push(highlighted.blocking);
      list.push(...highlighted.involved.slice(0, 200), ...highlighted.candidates.slice(0, 200));
      if (list.length) return list;  // the violation; else the first stale reads
      for (const s of staleReads.slice(0, 5)) { list.push(s.read); if (validId(s.superseded_by)) list.push(s.superseded_by); }
      return list;
    }

    function hasEvidence() { return evidenceIds().length > 0; }

    function showEvidence(quiet) {
      const list = evidenceIds();
      if (!list.length) return;
      let from = Infinity, to = -Infinity;
      for (const id of list) { from = Math.min(from, ops[id][START]); to = Math.max(to, drawnEnd[id]); }
      showRange(from, to, quiet);
      const firstLane = Math.min(...list.map((id) => laneOf.get(String(ops[id][PROCESS]))));
      scrollLaneIntoView(firstLane, quiet);
    }

    function scrollLaneIntoView(lane, quiet) {
      const top = lane * LANE_HEIGHT_PX, plotHeight = canvasHeight - axisHeight;
      if (top < scrollTop) scrollTop = top;
      else if (top + LANE_HEIGHT_PX > scrollTop + plotHeight) scrollTop = top + LANE_HEIGHT_PX - plotHeight;
      if (!quiet) scroller.scrollTop = scrollTop;
      else requestAnimationFrame(() => { scroller.scrollTop = scrollTop; });
    }

    // ---- finding ops ----

    // The index in lane.ids of the first op whose drawn end reaches t.
    function firstReaching(lane, t) {
      let low = 0, high = lane.ids.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (lane.maxEnd[middle] < t) low = middle + 1; else high = middle;
      }
      return low;
    }

    function opAt(x, y) {
      if (x < GUTTER_PX || y < axisHeight) return null;
      const laneIndex = Math.floor((y - axisHeight + scrollTop) / LANE_HEIGHT_PX);
      if (laneIndex < 0 || laneIndex >= laneCount) return null;
      const lane = lanes[laneIndex];
      const slack = 3 / pxPerUnit, t = timeAt(x);
      let best = null;
      for (let i = firstReaching(lane, t - slack); i < lane.ids.length; i++) {
        const id = lane.ids[i];
        if (ops[id][START] > t + slack) break;
        if (drawnEnd[id] >= t - slack) best = id;  // the last drawn is on top
      }
      return best;
    }

    // ---- drawing ----

    function requestDraw() {
      if (drawQueued) return;
      drawQueued = true;
      requestAnimationFrame(() => { drawQueued = false; draw(); });
    }

    let hatch = null;
    function hatchPattern(ctx) {
      if (hatch) return hatch;
      const tile = document.createElement('canvas');
      tile.width = tile.height = 6;
      const t = tile.getContext('2d');
      t.strokeStyle = 'rgba(0,0,0,0.45)';
      t.lineWidth = 1;
      t.beginPath(); t.moveTo(0, 6); t.lineTo(6, 0); t.stroke();
      hatch = ctx.createPattern(tile, 'repeat');
      return hatch;
    }

    function draw() {
      if (canvasWidth === 0) return;
      const ctx = canvas.getContext('2d');
      const ratio = canvas.width / canvasWidth;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, canvasWidth, canvasHeight);
      ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      ctx.textBaseline = 'middle';
      const t0 = viewStart, t1 = viewStart + visibleSpan();
      const firstLane = Math.max(0, Math.floor(scrollTop / LANE_HEIGHT_PX));
      const lastLane = Math.min(totalLanes - 1, Math.floor((scrollTop + canvasHeight - axisHeight) / LANE_HEIGHT_PX));
      const laneY = (lane) => axisHeight + lane * LANE_HEIGHT_PX - scrollTop;

      // Lane stripes.
      for (let lane = firstLane; lane <= lastLane; lane++) {
        if (lane % 2) { ctx.fillStyle = COLORS.laneOdd; ctx.fillRect(GUTTER_PX, laneY(lane), canvasWidth - GUTTER_PX, LANE_HEIGHT_PX); }
      }
      // Grid and faults under the ops.
      const step = niceStep(100 / pxPerUnit);
      ctx.strokeStyle = COLORS.grid;
      ctx.lineWidth = 1;
      for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
        const x = Math.round(xOf(t)) + 0.5;
        ctx.beginPath(); ctx.moveTo(x, axisHeight); ctx.lineTo(x, canvasHeight); ctx.stroke();
      }
      faults.forEach((fault) => {
        const start = Number(fault.start), end = fault.end === null || fault.end === undefined ? timeEnd : Number(fault.end);
        if (end < t0 || start > t1) return;
        const x0 = Math.max(GUTTER_PX, xOf(start)), x1 = Math.min(canvasWidth, Math.max(xOf(end), xOf(start) + 2));
        ctx.fillStyle = COLORS.fault[fault.kind] || COLORS.fault.other;
        ctx.fillRect(x0, TICKS_HEIGHT_PX, x1 - x0, canvasHeight - TICKS_HEIGHT_PX);
      });

      // Ops, lane by lane: only those in view; bars narrower than a pixel share it.
      let drawn = 0;
      const overlays = [];
      for (let laneIndex = firstLane; laneIndex <= Math.min(lastLane, laneCount - 1); laneIndex++) {
        const lane = lanes[laneIndex];
        const y = laneY(laneIndex) + (LANE_HEIGHT_PX - BAR_HEIGHT_PX) / 2;
        let coveredTo = -Infinity;
        // Dashed tails of ops that never completed, to the end of the axis.
        const tails = lane.open.length > OPEN_TAILS_MAX ? [lane.open[0]] : lane.open;
        ctx.strokeStyle = COLORS.muted;
        ctx.setLineDash([4, 3]);
        for (const id of tails) {
          if (drawnEnd[id] >= timeEnd || drawnEnd[id] > t1) continue;
          const yTail = Math.round(y + BAR_HEIGHT_PX) - 0.5;
          ctx.beginPath(); ctx.moveTo(Math.max(GUTTER_PX, xOf(drawnEnd[id])), yTail); ctx.lineTo(Math.min(canvasWidth, xOf(timeEnd)), yTail); ctx.stroke();
        }
        ctx.setLineDash([]);
        for (let i = firstReaching(lane, t0); i < lane.ids.length; i++) {
          const id = lane.ids[i], op = ops[id];
          if (op[START] > t1) break;
          if (drawnEnd[id] < t0) continue;
          const x0 = xOf(op[START]), x1 = xOf(drawnEnd[id]);
          const marked = id === highlighted.blocking || prefixRank.has(id) || involvedSet.has(id) || candidateSet.has(id) ||
            staleOf.has(id) || supersedingSet.has(id) || id === selectedId || id === hoverId;
          if (x1 <= coveredTo && !marked) continue;  // this pixel is drawn already
          const next = lane.ids[i + 1];
          drawBar(ctx, op, id, x0, x1, y, next === undefined ? canvasWidth : xOf(ops[next][START]));
          coveredTo = Math.max(coveredTo, Math.floor(x0) + 1, x1);
          drawn++;
          if (marked) overlays.push([id, x0, x1, y]);
        }
      }
      for (let laneIndex = Math.max(firstLane, keyLaneStart); laneIndex <= lastLane; laneIndex++) {
        drawConvergenceLane(ctx, convergence[laneIndex - keyLaneStart], laneY(laneIndex) + (LANE_HEIGHT_PX - BAR_HEIGHT_PX) / 2, t0, t1);
      }
      for (const [id, x0, x1, y] of overlays) drawMarks(ctx, id, x0, x1, y);
      drawStaleArrows(ctx, t0, t1, firstLane, lastLane, laneY);
      state.drawnOps = drawn;

      // The axis and the lane labels over everything.
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvasWidth, TICKS_HEIGHT_PX);
      ctx.fillRect(0, 0, GUTTER_PX, canvasHeight);
      ctx.strokeStyle = '#999';
      ctx.beginPath(); ctx.moveTo(GUTTER_PX, TICKS_HEIGHT_PX - 0.5); ctx.lineTo(canvasWidth, TICKS_HEIGHT_PX - 0.5); ctx.stroke();
      ctx.fillStyle = COLORS.text;
      ctx.textAlign = 'left';
      for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
        const x = Math.round(xOf(t)) + 0.5;
        ctx.beginPath(); ctx.moveTo(x, TICKS_HEIGHT_PX - 6); ctx.lineTo(x, TICKS_HEIGHT_PX); ctx.stroke();
        if (x + 4 < canvasWidth - 20) ctx.fillText(formatTime(t, unit, step), x + 3, 9);
      }
      drawFaultLabels(ctx, t0, t1);
      ctx.textAlign = 'left';
      for (let lane = firstLane; lane <= lastLane; lane++) {
        const y = laneY(lane) + LANE_HEIGHT_PX / 2;
        if (y < axisHeight) continue;
        ctx.fillStyle = COLORS.text;
        if (lane < laneCount) ctx.fillText('p' + processes[lane], 6, y, GUTTER_PX - 10);
        else if (lane >= keyLaneStart) ctx.fillText(convergence[lane - keyLaneStart].key, 6, y, GUTTER_PX - 10);
        else {
          ctx.fillStyle = '#fff';
          ctx.fillRect(0, laneY(lane), canvasWidth, LANE_HEIGHT_PX);
          ctx.fillStyle = COLORS.text;
          ctx.font = 'bold 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
          ctx.fillText('Replicas of each key: shaded while they disagreed, then what repaired them', 6, y);
          ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
        }
      }
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, GUTTER_PX, TICKS_HEIGHT_PX);
      ctx.fillStyle = COLORS.muted;
      ctx.fillText(unit === 'us' ? 'time' : 'event', 6, 9);

      state.view = {start: t0, end: t1, pxPerUnit};
      const share = Math.min(1, visibleSpan() / timeEnd);
      zoomLabel.textContent = 'Showing ' + formatTime(t0, unit, step) + ' to ' + formatTime(t1, unit, step) +
        ' (' + (share >= 0.995 ? 'all' : Math.max(0.01, share * 100).toPrecision(2) + '%') + ' of the axis)';
    }

    // The index of the first span of a key still open at t (spans of a key do not overlap).
    function firstSpanReaching(entry, t) {
      let low = 0, high = entry.spans.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        const end = entry.spans[middle].end === null ? Infinity : entry.spans[middle].end;
        if (end < t) low = middle + 1; else high = middle;
      }
      return low;
    }

    function drawConvergenceLane(ctx, entry, y, t0, t1) {
      let coveredTo = -Infinity;
      for (let i = firstSpanReaching(entry, t0); i < entry.spans.length; i++) {
        const span = entry.spans[i];
        if (span.start > t1) break;
        const open = span.end === null;
        const x0 = Math.max(GUTTER_PX - 2, xOf(span.start)), x1 = Math.min(canvasWidth + 2, Math.max(xOf(open ? timeEnd : span.end), xOf(span.start) + 1));
        if (x1 <= coveredTo) continue;
        coveredTo = Math.max(coveredTo, Math.floor(x0) + 1, x1);
        ctx.fillStyle = COLORS.diverged;
        ctx.fillRect(x0, y, x1 - x0, BAR_HEIGHT_PX);
        if (x1 - x0 >= 3) {
          ctx.strokeStyle = COLORS.divergedLine;
          if (open) ctx.setLineDash([3, 2]);
          ctx.strokeRect(x0 + 0.5, y + 0.5, x1 - x0 - 1, BAR_HEIGHT_PX - 1);
          ctx.setLineDash([]);
        }
        if (!open) {  // the repair: a cap at the end, in the repairer's colour, and its name
          ctx.fillStyle = COLORS.repairedBy[span.repairedBy] || COLORS.muted;
          ctx.fillRect(x1 - 3, y - 2, 3, BAR_HEIGHT_PX + 4);
        }
        const text = open ? 'still diverged at the end' : '→ ' + (span.repairedBy || 'repaired');
        const next = entry.spans[i + 1];
        const room = (next ? Math.min(canvasWidth, xOf(next.start)) : canvasWidth) - x1 - 8;
        ctx.fillStyle = COLORS.text;
        ctx.textAlign = 'left';
        if (open && x1 - x0 > 150) ctx.fillText(text, Math.max(x0, GUTTER_PX) + 4, y + BAR_HEIGHT_PX / 2 + 0.5);
        else if (!open && room > 60) {
          ctx.save();
          ctx.beginPath(); ctx.rect(x1 + 2, y - 4, room, BAR_HEIGHT_PX + 8); ctx.clip();
          ctx.fillStyle = COLORS.muted;
          ctx.fillText(text, x1 + 5, y + BAR_HEIGHT_PX / 2 + 0.5);
          ctx.restore();
        }
      }
    }

    // The fault whose label row is under (x, y), if any.
    function faultAt(x, y) {
      if (x < GUTTER_PX || y < TICKS_HEIGHT_PX || y >= axisHeight) return null;
      const row = Math.floor((y - TICKS_HEIGHT_PX) / FAULT_ROW_PX), t = timeAt(x), slack = 4 / pxPerUnit;
      let found = null;
      faults.forEach((fault, index) => {
        const end = fault.end === null || fault.end === undefined ? timeEnd : Number(fault.end);
        if (faultRow[index] === row && Number(fault.start) - slack <= t && t <= end + slack) found = fault;
      });
      return found;
    }

    function describeFault(fault) {
      const open = fault.end === null || fault.end === undefined;
      return [fault.label || fault.kind, fault.kind + ' from ' + formatTime(Number(fault.start), unit) +
        (open ? ' to the end of the history' : Number(fault.end) === Number(fault.start) ? ' (an instant)' : ' to ' + formatTime(Number(fault.end), unit))];
    }

    function spanAt(x, y) {
      if (x < GUTTER_PX || y < axisHeight) return null;
      const laneIndex = Math.floor((y - axisHeight + scrollTop) / LANE_HEIGHT_PX);
      if (laneIndex < keyLaneStart || laneIndex >= totalLanes) return null;
      const entry = convergence[laneIndex - keyLaneStart];
      const slack = 3 / pxPerUnit, t = timeAt(x);
      const i = firstSpanReaching(entry, t - slack);
      const span = entry.spans[i];
      return span && span.start <= t + slack ? {entry, span} : null;
    }

    function describeSpan(entry, span) {
      const lines = ['key ' + entry.key + (entry.replicas.length ? ' (replicas n' + entry.replicas.join(', n') + ')' : '') +
        ': replicas disagreed from ' + formatTime(span.start, unit)];
      if (span.end === null) lines.push('still disagreeing when the run ended');
      else lines.push('agreed again at ' + formatTime(span.end, unit) + ' (' + formatSpan(span.end - span.start, unit) + ' later), brought back by ' + (span.repairedBy || 'unknown'));
      if (span.bytes) lines.push('anti-entropy sent ' + formatBytes(span.bytes) + ' (the whole cluster) while it lasted');
      return lines;
    }

    function colorsOf(op) {
      return op[F] === 'write' ? COLORS.write : op[F] === 'read' ? COLORS.read : COLORS.other;
    }

    // nextX: where the lane's next op starts; a label too wide for its bar goes after the
    // bar when there is room before it.
    function drawBar(ctx, op, id, x0, x1, y, nextX) {
      const left = Math.max(GUTTER_PX - 2, x0), right = Math.min(canvasWidth + 2, Math.max(x1, x0 + 1));
      const width = right - left;
      const [fill, stroke] = colorsOf(op);
      const outcome = op[OUTCOME];
      ctx.fillStyle = outcome === 'ok' ? fill : '#fff';
      ctx.fillRect(left, y, width, BAR_HEIGHT_PX);
      if (outcome === 'fail') { ctx.fillStyle = hatchPattern(ctx); ctx.fillRect(left, y, width, BAR_HEIGHT_PX); }
      if (outcome === 'info' || outcome === 'open') { ctx.fillStyle = fill; ctx.globalAlpha = 0.55; ctx.fillRect(left, y, width, BAR_HEIGHT_PX); ctx.globalAlpha = 1; }
      if (width >= 3) {
        ctx.strokeStyle = stroke;
        ctx.lineWidth = 1;
        if (outcome === 'info' || outcome === 'open') ctx.setLineDash([3, 2]);
        ctx.strokeRect(left + 0.5, y + 0.5, width - 1, BAR_HEIGHT_PX - 1);
        ctx.setLineDash([]);
      }
      const room = Math.min(canvasWidth, nextX) - right - 10;
      if (width < LABEL_MIN_WIDTH_PX && room < 40) return;  // no text fits: skip the work
      let text = OUTCOME_MARK[outcome] || '';
      if (id === highlighted.blocking) text = '✕ ' + text;
      else if (staleOf.has(id)) text = 'stale ' + text;
      text += opLabel(op);
      const outside = width < LABEL_MIN_WIDTH_PX || ctx.measureText(text).width > width - 8;
      if (outside && room >= 40) {
        ctx.save();
        ctx.beginPath(); ctx.rect(right + 3, y - 4, room, BAR_HEIGHT_PX + 8); ctx.clip();
        ctx.fillStyle = COLORS.muted;  // beside its bar, not on it
        ctx.textAlign = 'left';
        ctx.fillText(text, right + 7, y + BAR_HEIGHT_PX / 2 + 0.5);
        ctx.restore();
      } else if (width >= LABEL_MIN_WIDTH_PX) {
        ctx.save();
        ctx.beginPath(); ctx.rect(left + 2, y, width - 4, BAR_HEIGHT_PX); ctx.clip();
        ctx.fillStyle = COLORS.text;
        ctx.textAlign = 'left';
        ctx.fillText(text, Math.max(left, GUTTER_PX) + 4, y + BAR_HEIGHT_PX / 2 + 0.5);
        ctx.restore();
      }
    }

    // Evidence marks: shapes and line styles, so they read without colour too (legend).
    function drawMarks(ctx, id, x0, x1, y) {
      const left = Math.max(GUTTER_PX - 3, x0), right = Math.min(canvasWidth + 3, Math.max(x1, x0 + 3));
      if (prefixRank.has(id)) {
        ctx.fillStyle = COLORS.prefix;
        ctx.fillRect(left, y + BAR_HEIGHT_PX + 1, right - left, 3);
      }
      if (involvedSet.has(id) || candidateSet.has(id)) {
        ctx.strokeStyle = COLORS.involved; ctx.lineWidth = 2; ctx.setLineDash([5, 3]);
        ctx.strokeRect(left - 2, y - 2, right - left + 4, BAR_HEIGHT_PX + 4);
        ctx.setLineDash([]);
      }
      if (staleOf.has(id) || supersedingSet.has(id)) {
        ctx.strokeStyle = COLORS.stale; ctx.lineWidth = 2; ctx.setLineDash(staleOf.has(id) ? [2, 2] : []);
        ctx.strokeRect(left - 1, y - 1, right - left + 2, BAR_HEIGHT_PX + 2);
        ctx.setLineDash([]);
      }
      if (id === highlighted.blocking) {
        ctx.strokeStyle = COLORS.blocking; ctx.lineWidth = 3;
        ctx.strokeRect(left - 3, y - 3, right - left + 6, BAR_HEIGHT_PX + 6);
      }
      if (id === selectedId || id === hoverId) {
        ctx.strokeStyle = COLORS.selected; ctx.lineWidth = 2;
        ctx.strokeRect(left - 5, y - 5, right - left + 10, BAR_HEIGHT_PX + 10);
      }
      ctx.lineWidth = 1;
    }

    // An arrow from each superseding write to the stale read (both lanes in view).
    function drawStaleArrows(ctx, t0, t1, firstLane, lastLane, laneY) {
      const inView = [];
      for (const s of staleReads) {
        if (!validId(s.superseded_by)) continue;
        const read = ops[s.read], write = ops[s.superseded_by];
        const laneRead = laneOf.get(String(read[PROCESS])), laneWrite = laneOf.get(String(write[PROCESS]));
        if (Math.max(laneRead, laneWrite) < firstLane || Math.min(laneRead, laneWrite) > lastLane) continue;
        const from = drawnEnd[s.superseded_by], to = read[START];
        if (Math.max(from, to) < t0 || Math.min(from, to) > t1) continue;
        inView.push(s);
      }
      // Many arrows hide the ops: past STALE_ARROWS_MAX in view, only the focused op's.
      const focused = (s) => [selectedId, hoverId].some((id) => id !== null && (s.read === id || s.superseded_by === id));
      for (const s of inView.length > STALE_ARROWS_MAX ? inView.filter(focused) : inView) {
        const read = ops[s.read], write = ops[s.superseded_by];
        const laneRead = laneOf.get(String(read[PROCESS])), laneWrite = laneOf.get(String(write[PROCESS]));
        const from = drawnEnd[s.superseded_by], to = read[START];
        const xa = xOf(from), ya = laneY(laneWrite) + LANE_HEIGHT_PX / 2;
        const xb = xOf(to), yb = laneY(laneRead) + LANE_HEIGHT_PX / 2;
        ctx.strokeStyle = COLORS.stale; ctx.fillStyle = COLORS.stale; ctx.lineWidth = 1.5;
        ctx.beginPath(); ctx.moveTo(xa, ya); ctx.lineTo(xb, yb); ctx.stroke();
        const angle = Math.atan2(yb - ya, xb - xa);
        ctx.beginPath(); ctx.moveTo(xb, yb);
        ctx.lineTo(xb - 8 * Math.cos(angle - 0.4), yb - 8 * Math.sin(angle - 0.4));
        ctx.lineTo(xb - 8 * Math.cos(angle + 0.4), yb - 8 * Math.sin(angle + 0.4));
        ctx.closePath(); ctx.fill();
      }
      ctx.lineWidth = 1;
    }

    function drawFaultLabels(ctx, t0, t1) {
      if (!faultRows) return;
      ctx.fillStyle = '#fff';
      ctx.fillRect(GUTTER_PX, TICKS_HEIGHT_PX, canvasWidth - GUTTER_PX, faultRows * FAULT_ROW_PX);
      let labelled = 0;
      const rowRight = [];  // per row, where the last label ended: labels never overlap
      faults.forEach((fault, index) => {
        const start = Number(fault.start), end = fault.end === null || fault.end === undefined ? timeEnd : Number(fault.end);
        if (end < t0 || start > t1 || labelled > 400) return;
        const row = faultRow[index];
        if (row >= faultRows) return;
        const y = TICKS_HEIGHT_PX + row * FAULT_ROW_PX;
        const x0 = Math.max(GUTTER_PX, xOf(start)), x1 = Math.min(canvasWidth, Math.max(xOf(end), xOf(start) + 2));
        ctx.fillStyle = COLORS.fault[fault.kind] || COLORS.fault.other;
        ctx.fillRect(x0, y + 1, x1 - x0, FAULT_ROW_PX - 2);
        ctx.fillStyle = COLORS.faultText;
        ctx.fillRect(x0, y + 1, 2, FAULT_ROW_PX - 2);
        // A narrow or instantaneous fault (a clock bump) is labelled beside its mark.
        let labelRight = x1 - x0 > 30 ? x1 - 1 : Math.min(canvasWidth, x0 + 220);
        const next = nextInRow[index];
        if (next >= 0 && Number(faults[next].start) >= start) labelRight = Math.min(labelRight, xOf(Number(faults[next].start)) - 2);
        if (labelRight - x0 > 30 && x0 >= (rowRight[row] || 0)) {
          rowRight[row] = labelRight;
          ctx.save();
          ctx.beginPath(); ctx.rect(x0 + 3, y, labelRight - x0 - 4, FAULT_ROW_PX); ctx.clip();
          ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
          ctx.fillText(fault.label || fault.kind, x0 + 5, y + FAULT_ROW_PX / 2 + 0.5);
          ctx.restore();
        }
        labelled++;
      });
    }

    // ---- details, hover, keyboard ----

    function describe(id) {
      const op = ops[id];
      const lines = [opSentence(op, id)];
      const end = op[END];
      lines.push('invoked at ' + formatTime(op[START], unit) + (end === null || end === undefined
        ? ', ' + (OUTCOME_WORDS[op[OUTCOME]] || op[OUTCOME])
        : ', returned at ' + formatTime(end, unit) + ' (' + formatSpan(end - op[START], unit) + '), ' + (OUTCOME_WORDS[op[OUTCOME]] || op[OUTCOME])));
      if (id === highlighted.blocking) lines.push('✕ Blocking op: it cannot take effect after the longest linearizable prefix' +
        (violation && violation.state ? ' (state there: ' + violation.state + ')' : '') + '.');
      if (prefixRank.has(id)) lines.push('In the longest linearizable prefix: ' + (prefixRank.get(id) + 1) + ' of ' + highlighted.prefix.length + '.');
      if (involvedSet.has(id)) lines.push('One of the ops that show the violation.');
      if (candidateSet.has(id)) lines.push('Also tried after the prefix, and could not follow it either.');
      if (staleOf.has(id)) {
        const s = staleOf.get(id);
        lines.push('Stale read' + (Number.isFinite(s.k) ? ' (k = ' + s.k + ': ' + s.k + (s.k === 1 ? ' write' : ' writes') +
          ' newer than the value it returned had been acknowledged before it began)' : '') +
          (validId(s.superseded_by) ? '; the last of them acknowledged: op ' + s.superseded_by + '.' : '.'));
      }
      if (supersedingSet.has(id)) lines.push('A write that superseded the value a stale read returned.');
      return lines;
    }

    function showDetails(id) {
      details.replaceChildren();
      if (id === null) { details.textContent = 'No op selected.'; return; }
      const lines = describe(id);
      details.append(el('strong', {text: lines[0]}));
      for (const line of lines.slice(1)) details.append(el('br'), line);
    }

    function showTip(id, x, y) {
      if (id === null) { tip.hidden = true; return; }
      showTipLines(describe(id), x, y);
    }

    function showTipLines(lines, x, y) {
      tip.replaceChildren();
      tip.append(el('strong', {text: lines[0]}));
      for (const line of lines.slice(1)) tip.append(el('br'), line);
      tip.hidden = false;
      const width = tip.offsetWidth, height = tip.offsetHeight;
      let left = x + 12, top = y + 14;
      if (left + width > canvasWidth) left = Math.max(0, x - width - 12);
      if (top + height > canvasHeight) top = Math.max(0, y - height - 10);
      tip.style.left = left + 'px';
      tip.style.top = top + 'px';
    }

    function select(id, options) {
      options = options || {};
      selectedId = validId(id) ? id : null;
      state.selected = selectedId;
      showDetails(selectedId);
      if (selectedId !== null) {
        const op = ops[selectedId];
        const visibleEnd = Math.min(drawnEnd[selectedId], op[START] + visibleSpan() * 0.8);
        if (op[START] < viewStart || visibleEnd > viewStart + visibleSpan()) {
          viewStart = (op[START] + visibleEnd) / 2 - visibleSpan() / 2;
          clampView();
          syncScroller();
        }
        scrollLaneIntoView(laneOf.get(String(op[PROCESS])));
        const x = Math.max(GUTTER_PX, xOf(op[START]));
        const y = axisHeight + laneOf.get(String(op[PROCESS])) * LANE_HEIGHT_PX - scrollTop + LANE_HEIGHT_PX;
        if (options.tip) showTip(selectedId, x, y); else tip.hidden = true;
      } else tip.hidden = true;
      requestDraw();
    }

    function neighbour(id, key) {
      const laneIndex = laneOf.get(String(ops[id][PROCESS]));
      const lane = lanes[laneIndex];
      const at = lane.ids.indexOf(id);
      if (key === 'ArrowRight') return lane.ids[Math.min(lane.ids.length - 1, at + 1)];
      if (key === 'ArrowLeft') return lane.ids[Math.max(0, at - 1)];
      if (key === 'Home') return lane.ids[0];
      if (key === 'End') return lane.ids[lane.ids.length - 1];
      // Up and down: the nearest lane that has ops, the op there nearest in time.
      const direction = key === 'ArrowUp' ? -1 : 1;
      for (let other = laneIndex + direction; other >= 0 && other < laneCount; other += direction) {
        const candidates = lanes[other].ids;
        if (!candidates.length) continue;
        const t = ops[id][START];
        let low = 0, high = candidates.length - 1;
        while (low < high) { const middle = (low + high) >> 1; if (ops[candidates[middle]][START] < t) low = middle + 1; else high = middle; }
        const before = candidates[Math.max(0, low - 1)], after = candidates[low];
        return Math.abs(ops[before][START] - t) <= Math.abs(ops[after][START] - t) ? before : after;
      }
      return id;
    }

    function firstVisibleOp() {
      const firstLane = Math.max(0, Math.floor(scrollTop / LANE_HEIGHT_PX));
      for (let laneIndex = firstLane; laneIndex < laneCount; laneIndex++) {
        const lane = lanes[laneIndex];
        const i = firstReaching(lane, viewStart);
        if (i < lane.ids.length) return lane.ids[i];
      }
      return ops.length ? 0 : null;
    }

    scroller.addEventListener('keydown', (event) => {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const key = event.key;
      if (key === '+' || key === '=') zoomBy(2);
      else if (key === '-' || key === '_') zoomBy(0.5);
      else if (key === '0') fit();
      else if (key === 'Escape') select(null);
      else if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(key)) {
        if (!ops.length) return;
        select(selectedId === null ? firstVisibleOp() : neighbour(selectedId, key), {tip: true});
      } else return;
      event.preventDefault();
    });
    scroller.addEventListener('focus', () => { if (selectedId === null && ops.length) select(firstVisibleOp(), {tip: true}); });
    scroller.addEventListener('blur', () => { tip.hidden = true; });
    scroller.addEventListener('scroll', onScroll, {passive: true});

    let drag = null;
    const pointers = new Map();
    let pinch = null;
    scroller.addEventListener('pointerdown', (event) => {
      pointers.set(event.pointerId, [event.clientX, event.clientY]);
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        pinch = {distance: Math.hypot(a[0] - b[0], a[1] - b[1]) || 1};
        drag = null;
      } else if (event.pointerType === 'mouse' && event.button === 0) {
        drag = {x: event.clientX, y: event.clientY, viewStart, scrollTop, moved: false};
      }
    });
    scroller.addEventListener('pointermove', (event) => {
      const box = scroller.getBoundingClientRect();
      const x = event.clientX - box.left, y = event.clientY - box.top;
      if (pointers.has(event.pointerId)) pointers.set(event.pointerId, [event.clientX, event.clientY]);
      if (pinch && pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        const distance = Math.hypot(a[0] - b[0], a[1] - b[1]) || 1;
        zoomBy(distance / pinch.distance, (a[0] + b[0]) / 2 - box.left);
        pinch.distance = distance;
        return;
      }
      if (drag && (event.buttons & 1)) {
        const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        if (drag.moved) {
          viewStart = drag.viewStart - dx / pxPerUnit;
          clampView();
          syncScroller();
          scroller.scrollTop = drag.scrollTop - dy;
          requestDraw();
          return;
        }
      }
      const id = opAt(x, y);
      if (id !== hoverId) { hoverId = id; requestDraw(); }
      const hit = id === null ? spanAt(x, y) : null;
      const fault = id === null && !hit ? faultAt(x, y) : null;
      if (id !== null) showTip(id, x, y);
      else if (hit) showTipLines(describeSpan(hit.entry, hit.span), x, y);
      else if (fault) showTipLines(describeFault(fault), x, y);
      else if (selectedId === null || document.activeElement !== scroller) tip.hidden = true;
    });
    const endPointer = (event) => {
      pointers.delete(event.pointerId);
      if (pointers.size < 2) pinch = null;
      if (drag && !drag.moved && event.type === 'pointerup') {
        const box = scroller.getBoundingClientRect();
        const id = opAt(event.clientX - box.left, event.clientY - box.top);
        if (id !== null) select(id, {tip: true});
      }
      drag = null;
    };
    scroller.addEventListener('pointerup', endPointer);
    scroller.addEventListener('pointercancel', endPointer);
    scroller.addEventListener('pointerleave', (event) => {
      pointers.delete(event.pointerId);
      hoverId = null;
      if (selectedId === null || document.activeElement !== scroller) tip.hidden = true;
      requestDraw();
    });
    scroller.addEventListener('wheel', (event) => {
      if (!(event.ctrlKey || event.metaKey)) return;  // plain wheels scroll natively
      event.preventDefault();
      const box = scroller.getBoundingClientRect();
      zoomBy(Math.exp(-event.deltaY * 0.01), event.clientX - box.left);
    }, {passive: false});

    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(resize) : null;
    if (observer) observer.observe(scroller);
    window.addEventListener('resize', resize);
    resize();

    // ---- text parts ----

    function canvasDescription() {
      let text = 'Timeline of ' + ops.length + ' ops in ' + laneCount + ' process lanes over ' + spanText + '.';
      if (faults.length) text += ' ' + faults.length + ' faults shaded: ' + faults.slice(0, 3).map((f) => f.label || f.kind).join('; ') + (faults.length > 3 ? '; and more' : '') + '.';
      if (highlighted.blocking !== null) text += ' The violation is marked: op ' + highlighted.blocking + ' cannot follow the longest linearizable prefix of ' + highlighted.prefix.length + ' ops.';
      if (staleReads.length) text += ' ' + staleReads.length + ' stale reads marked.';
      if (convergence.length) text += ' Under the processes, ' + convergence.length + ' keys\' lanes shade when their replicas disagreed and say what repaired them.';
      return text + ' The evidence is listed as text below.';
    }

    function legend() {
      const item = (swatchClass, text) => el('li', null, el('span', {class: 'qc-swatch ' + swatchClass, 'aria-hidden': 'true'}), text);
      return el('details', {class: 'qc-tl-legend'},
        el('summary', {text: 'Legend'}),
        el('ul', null,
          item('qc-sw-write', 'Write (W key=value): a bar from invocation to completion'),
          item('qc-sw-read', 'Read (R key→value)'),
          item('qc-sw-fail', 'Failed op: hatched, label starts with ✗'),
          item('qc-sw-info', 'Unknown outcome (info, label ?) or never completed (…): dashed, a dashed tail to the end'),
          item('qc-sw-prefix', 'Underlined: in the longest linearizable prefix'),
          item('qc-sw-blocking', 'Thick frame and ✕: the op that cannot follow the prefix'),
          item('qc-sw-involved', 'Dashed frame: an op that shows the violation'),
          item('qc-sw-stale', 'Dotted frame, label "stale": a stale read; solid frame and arrow: the write that superseded it'),
          item('qc-sw-fault', 'Shaded span with a label under the axis: a fault'),
          convergence.length ? item('qc-sw-diverged', 'In a key\'s lane (under the processes): its replicas disagreed; the cap and text at the end say what repaired them') : null));
    }

    // The faults as text (bounded), folded.
    function faultList() {
      const items = faults.slice(0, LIST_MAX).map((fault) => el('li', {text: describeFault(fault).join(': ')}));
      return el('details', {class: 'qc-tl-faults'}, el('summary', {class: 'qc-group-title', text: 'Faults (' + faults.length + ')'}),
        el('ul', null, ...items), faults.length > LIST_MAX ? el('p', {class: 'qc-more', text: '…and ' + (faults.length - LIST_MAX) + ' more (shaded on the timeline).'}) : null);
    }

    // The convergence picture as text: one line per key (bounded), folded when long.
    function convergenceList() {
      const items = convergence.slice(0, LIST_MAX).map((entry) => {
        const closed = entry.spans.filter((span) => span.end !== null);
        const total = closed.reduce((sum, span) => sum + (span.end - span.start), 0);
        const by = new Map();
        for (const span of closed) by.set(span.repairedBy || 'unknown', (by.get(span.repairedBy || 'unknown') || 0) + 1);
        const bytes = entry.spans.reduce((sum, span) => sum + span.bytes, 0);
        const open = entry.spans.length - closed.length;
        let text = entry.key + ': ';
        if (!entry.spans.length) text += 'its replicas never disagreed at a sample';
        else {
          text += 'replicas disagreed ' + entry.spans.length + (entry.spans.length === 1 ? ' time' : ' times');
          if (closed.length) text += ', ' + formatSpan(total, unit) + ' in all; repaired by ' + [...by].map(([name, count]) => name + ' ×' + count).join(', ');
          if (bytes) text += '; anti-entropy sent ' + formatBytes(bytes) + ' meanwhile';
          if (open) text += '; still disagreeing at the end';
        }
        return el('li', {text: text + '.'});
      });
      const title = 'Convergence by key (' + convergence.length + (convergence.length === 1 ? ' key' : ' keys') + ')';
      const content = [el('ul', null, ...items),
        convergence.length > LIST_MAX ? el('p', {class: 'qc-more', text: '…and ' + (convergence.length - LIST_MAX) + ' more keys (drawn on the timeline).'}) : null];
      return el('details', {class: 'qc-tl-convergence', 'data-convergence': ''}, el('summary', {class: 'qc-group-title', text: title}), ...content);
    }

    function evidenceLists() {
      if (!violation && !staleReads.length) return null;
      // options.foldEvidence (the calculator's counterexamples): the text starts folded.
      const box = options.foldEvidence ? el('details', {class: 'qc-tl-evidence'}) : el('div', {class: 'qc-tl-evidence'});
      box.append(options.foldEvidence ? el('summary', {class: 'qc-group-title', text: 'The evidence, as text'})
        : el('h' + Math.min(6, headingLevel + 1), {text: 'The evidence, as text'}));
      const opButton = (id, prefix) => el('button', {type: 'button', class: 'qc-link', onclick: () => { select(id, {tip: true}); }},
        (prefix || '') + opSentence(ops[id], id));
      // A group of ops; a long one folds (a <details>, open to keyboards and readers).
      const fold = (title, count, attributes, ...content) => count > FOLD_OVER
        ? el('details', attributes || null, el('summary', {class: 'qc-group-title', text: title}), ...content)
        : el('div', attributes || null, el('p', {class: 'qc-group-title', text: title}), ...content);
      const group = (title, list, attributes) => {
        const items = list.slice(0, LIST_MAX).map((id) => el('li', null, opButton(id)));
        const more = list.length > LIST_MAX ? el('p', {class: 'qc-more', text: '…and ' + formatNumber(list.length - LIST_MAX) + ' more (shown on the timeline).'}) : null;
        return fold(title + ' (' + list.length + ')', list.length, attributes, el('ol', null, ...items), more);
      };
      if (violation) {
        if (violation.key !== null && violation.key !== undefined) box.append(el('p', null, 'Key: ', el('code', {text: String(violation.key)})));
        if (violation.explanation) box.append(el('p', {class: 'qc-explanation', text: violation.explanation}));
        if (highlighted.blocking !== null) {
          box.append(el('div', {'data-evidence': 'blocking'}, el('p', {class: 'qc-group-title', text: 'The op that cannot follow the prefix'}),
            el('p', null, opButton(highlighted.blocking, '✕ ')),
            violation.state ? el('p', null, 'State after the prefix: ', el('code', {text: String(violation.state)})) : null));
        }
        if (highlighted.involved.length) box.append(group('Ops that show the violation', highlighted.involved, {'data-evidence': 'involved'}));
        if (highlighted.prefix.length || violation.prefix) {
          const prefix = highlighted.prefix;
          const shown = prefix.length > LIST_MAX ? prefix.slice(-LIST_MAX) : prefix;
          box.append(fold('The longest linearizable prefix (' + prefix.length + ' ops, in order)', prefix.length, {'data-evidence': 'prefix'},
            prefix.length > LIST_MAX ? el('p', {class: 'qc-more', text: 'Its last ' + LIST_MAX + ' ops; the first ' + formatNumber(prefix.length - LIST_MAX) + ' are underlined on the timeline.'}) : null,
            el('ol', {start: String(prefix.length - shown.length + 1)}, ...shown.map((id) => el('li', null, opButton(id))))));
        }
        if (highlighted.candidates.length) box.append(group('Other ops tried after the prefix', highlighted.candidates, {'data-evidence': 'candidates'}));
      }
      if (staleReads.length) {
        const items = staleReads.slice(0, LIST_MAX).map((s) => el('li', null, opButton(s.read, 'stale' + (Number.isFinite(s.k) ? ' (k=' + s.k + ')' : '') + ': '),
          validId(s.superseded_by) ? el('span', null, ' superseded by ', opButton(s.superseded_by)) : null));
        box.append(fold('Stale reads (' + staleReads.length + ')', staleReads.length, {'data-evidence': 'stale'}, el('ol', null, ...items),
          staleReads.length > LIST_MAX ? el('p', {class: 'qc-more', text: '…and ' + formatNumber(staleReads.length - LIST_MAX) + ' more (marked on the timeline).'}) : null));
      }
      return box;
    }

    const controller = {
      state, root,
      select: (id) => select(id, {tip: true}),
      zoom: (factor) => zoomBy(factor),
      fit, showEvidence: () => showEvidence(),
      redraw: () => { resize(); requestDraw(); },
      // Brings an op into view and says where its bar is, relative to the scroller's box
      // (for tests and for anyone pointing at it).
      pointOf: (id) => {
        if (!validId(id)) return null;
        const op = ops[id], laneIndex = laneOf.get(String(op[PROCESS]));
        if (op[START] < viewStart || op[START] > viewStart + visibleSpan() * 0.9) {
          viewStart = op[START] - visibleSpan() / 4;
          clampView();
          syncScroller();
        }
        scrollLaneIntoView(laneIndex);
        draw();
        const x0 = Math.max(GUTTER_PX, xOf(op[START])), x1 = Math.min(canvasWidth, xOf(drawnEnd[id]));
        return {x: (x0 + Math.max(x0 + 1, x1)) / 2, y: axisHeight + laneIndex * LANE_HEIGHT_PX - scrollTop + LANE_HEIGHT_PX / 2};
      },
      destroy: () => {
        if (observer) observer.disconnect();
        window.removeEventListener('resize', resize);
        root.remove();
      },
    };
    (window.qcTimelines = window.qcTimelines || []).push(state);
    return controller;
  }

  window.QcTimeline = {render, formatTime, opSentence};

  // ---- the timeline page -----------------------------------------------------------

  function pageData() {
    const script = document.getElementById('qc-data');
    return JSON.parse(script ? script.textContent : 'null');
  }

  function showError(app, message) {
    app.replaceChildren(el('h1', {text: 'quorumcheck'}), el('p', {class: 'qc-notice', role: 'alert', text: message}));
  }
  window.QcPage = {pageData, showError, el, formatNumber};

  const app = document.getElementById('app');
  if (!app) return;
  let data;
  try { data = pageData(); } catch (error) { showError(app, 'The page\'s data cannot be read: ' + error.message); return; }
  if (!data || data.page !== 'timeline') return;
  app.append(el('h1', {text: 'History: ' + (data.title || 'timeline')}),
    el('p', {class: 'qc-sub', text: 'quorumcheck ' + (data.tool_version || '') + ' · one lane per client process, time left to right'}));
  const view = render(app, data, {heading: 'Timeline', headingLevel: 2, idPrefix: 'timeline'});
  window.qcTimelineState = view.state;
  window.qcTimeline = view;
})();
