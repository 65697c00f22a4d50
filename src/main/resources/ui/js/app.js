// Wiring: the connect form, filters, the calls table, the timeline and the live stream. The
// tenant and key live in sessionStorage (this tab only, gone when it closes), never in the URL.
import {Api, ApiError} from './api.js';
import {show} from './dom.js';
import {EventStream} from './stream.js';
import {renderTimeline} from './timeline.js';
import {addFeedItem, applyEventToRow, callRow, renderSummary} from './views.js';

const SESSION = 'orchestrator.dashboard';
const RANGES = ['dueFrom', 'dueTo', 'createdFrom', 'createdTo', 'finishedFrom', 'finishedTo'];
const $ = (id) => document.getElementById(id);
const state = {api: null, stream: null, cursor: null, selected: null, timer: null, last: 0,
  selectedTouched: false, loads: 0};

function message(text) {
  $('message').textContent = text || '';
  show($('message'), Boolean(text));
}

function explain(e) {
  if (e instanceof ApiError && e.status === 401) return 'The API key is not valid.';
  if (e instanceof ApiError && e.status === 404) return 'Not found (is the key for this tenant?).';
  return e.message || String(e);
}

function filterParams(limit, cursor) {
  const form = $('filters');
  const params = new URLSearchParams();
  const statuses = [...form.querySelectorAll('input[name=status]:checked')].map((c) => c.value);
  if (statuses.length) params.set('status', statuses.join(','));
  const tag = form.elements.tag.value.split(',').map((t) => t.trim()).filter(Boolean).join(',');
  if (tag) params.set('tag', tag);
  if (form.elements.namePrefix.value) params.set('namePrefix', form.elements.namePrefix.value);
  for (const name of RANGES) {
    const local = form.elements[name].value; // datetime-local: the user's local time
    if (local) params.set(name, new Date(local).toISOString());
  }
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params;
}

/** mode: 'reset' (first page), 'refresh' (as many rows as shown), 'more' (next page). */
async function loadCalls(mode) {
  if (!state.api) return;
  const tbody = $('calls').tBodies[0];
  const pageSize = Math.min(500, Math.max(1, Number($('filters').elements.limit.value) || 50));
  const limit = mode === 'refresh' ? Math.min(500, Math.max(pageSize, tbody.rows.length)) : pageSize;
  const load = ++state.loads;
  const page = await state.api.list(filterParams(limit, mode === 'more' ? state.cursor : null));
  if (load !== state.loads) return; // a newer load answers instead
  const rows = page.items.map((call) => callRow(call, state.selected));
  if (mode === 'more') tbody.append(...rows);
  else tbody.replaceChildren(...rows);
  state.cursor = page.nextCursor;
  show($('more'), Boolean(page.nextCursor));
  show($('empty'), tbody.rows.length === 0);
}

async function loadTimeline(id) {
  const [call, history] = await Promise.all([state.api.call(id), state.api.history(id)]);
  if (state.selected === id) renderTimeline($('timeline'), call, history);
}

function guarded(promise) {
  promise.then(() => message(''), (e) => message(explain(e)));
}

// Events arrive in bursts; the list, summary and timeline are re-read at most once a second.
function scheduleRefresh() {
  if (state.timer || !state.api) return;
  const wait = Math.max(250, 1000 - (Date.now() - state.last));
  state.timer = setTimeout(() => {
    state.timer = null;
    state.last = Date.now();
    const work = [loadCalls('refresh'), state.api.summary().then((s) => renderSummary($('summary'), s))];
    if (state.selected && state.selectedTouched) work.push(loadTimeline(state.selected));
    state.selectedTouched = false;
    guarded(Promise.all(work));
  }, wait);
}

const handlers = {
  onState(name, detail) {
    $('live').dataset.state = name;
    $('live').textContent = detail ? `${name} (${detail})` : name;
    // Whatever happened before the stream caught up is read again once it is live.
    if (name === 'live') scheduleRefresh();
  },
  onEvent(event) {
    addFeedItem($('events'), event);
    applyEventToRow($('calls').tBodies[0], event);
    if (event.serviceCallId === state.selected) state.selectedTouched = true;
    scheduleRefresh();
  },
};

function disconnect() {
  if (state.stream) state.stream.stop();
  clearTimeout(state.timer);
  Object.assign(state, {api: null, stream: null, cursor: null, selected: null, timer: null});
  show($('main'), false);
  show($('forget'), false);
}

async function connect(tenant, key) {
  disconnect();
  const api = new Api(tenant, key);
  try {
    renderSummary($('summary'), await api.summary());
  } catch (e) {
    message(explain(e));
    return;
  }
  sessionStorage.setItem(SESSION, JSON.stringify({tenant, key}));
  message('');
  state.api = api;
  $('events').replaceChildren();
  show($('main'), true);
  show($('forget'), true);
  guarded(loadCalls('reset'));
  state.stream = new EventStream(api, handlers);
  state.stream.start();
}

function select(row) {
  state.selected = row.dataset.callId;
  for (const r of row.parentElement.rows) r.classList.toggle('selected', r === row);
  guarded(loadTimeline(state.selected));
}

function init() {
  $('connect').addEventListener('submit', (e) => {
    e.preventDefault();
    connect($('tenant').value.trim(), $('api-key').value);
  });
  $('forget').addEventListener('click', () => {
    disconnect();
    sessionStorage.removeItem(SESSION);
    $('api-key').value = '';
  });
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    guarded(loadCalls('reset'));
  });
  $('filters').addEventListener('reset', () => setTimeout(() => guarded(loadCalls('reset')), 0));
  $('more').addEventListener('click', () => guarded(loadCalls('more')));
  $('calls').tBodies[0].addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-call-id]');
    if (row) select(row);
  });
  const saved = JSON.parse(sessionStorage.getItem(SESSION) || 'null');
  if (saved && saved.tenant && saved.key) {
    $('tenant').value = saved.tenant;
    connect(saved.tenant, saved.key);
  }
}

init();
