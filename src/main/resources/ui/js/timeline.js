// A call's timeline: its current state (GET call), one row per attempt and the journal's events in
// order (GET …/history), which is the provenance itself.
import {badge, details, el, instant, statusClass, tags, when} from './dom.js';

const OUTCOME = {
  AttemptFailed: 'failed, will retry',
  ServiceCallSucceeded: 'succeeded',
  ServiceCallFailed: 'failed',
};

function http(response) {
  if (!response) return '';
  return `HTTP ${response.statusCode} in ${response.latencyMs} ms`;
}

function problem(error) {
  return error ? `${error.kind}: ${error.message}` : '';
}

/** Attempts from the history: each ExecutionStarted opens one; its outcome event closes it. */
export function attemptsOf(events) {
  const byNumber = new Map();
  for (const e of events) {
    if (e.type === 'ExecutionStarted') {
      byNumber.set(e.attempt, {attempt: e.attempt, startedAt: e.at, resumed: e.resumed});
    } else if (OUTCOME[e.type] && e.attempt) {
      const a = byNumber.get(e.attempt) || {attempt: e.attempt};
      Object.assign(a, {finishedAt: e.at, outcome: OUTCOME[e.type], response: e.response,
        error: e.error});
      byNumber.set(e.attempt, a);
    }
  }
  return [...byNumber.values()];
}

function attemptsTable(attempts) {
  const head = el('tr', {}, ['#', 'Started', 'Outcome', 'Response'].map((h) => el('th', {}, h)));
  const rows = attempts.map((a) => el('tr', {'data-attempt': a.attempt},
      el('td', {}, a.attempt, a.resumed ? ' (resumed)' : ''),
      el('td', {}, when(a.startedAt)),
      el('td', {class: 'outcome'}, a.outcome || 'in flight'),
      el('td', {}, http(a.response), a.error ? el('div', {class: 'hint'}, problem(a.error)) : '')));
  return el('table', {class: 'table attempts'}, el('thead', {}, head), el('tbody', {}, rows));
}

function describe(e) {
  switch (e.type) {
    case 'ServiceCallScheduled': {
      const spec = e.spec || {};
      const request = spec.request || {};
      return ['Scheduled', `${request.method || ''} ${request.url || ''}, due ${instant(spec.dueAt)}`,
        'scheduled'];
    }
    case 'ExecutionStarted':
      return [`Attempt ${e.attempt} started`, e.resumed ? 'resumed after a lost node' : '',
        'running'];
    case 'AttemptFailed':
      return [`Attempt ${e.attempt} failed`,
        [problem(e.error), http(e.response), `next attempt ${instant(e.nextAttemptAt)}`]
            .filter(Boolean).join(' · '), 'failed'];
    case 'ServiceCallSucceeded':
      return [`Attempt ${e.attempt} succeeded`, http(e.response), 'succeeded'];
    case 'ServiceCallFailed':
      return [`Failed after attempt ${e.attempt}`,
        [problem(e.error), http(e.response)].filter(Boolean).join(' · '), 'failed'];
    case 'ServiceCallCancelled':
      return ['Cancelled', [e.by, e.reason].filter(Boolean).join(': '), 'cancelled'];
    default:
      return [e.type, '', ''];
  }
}

export function renderTimeline(container, call, history) {
  const request = call.request || {};
  const events = history.events || [];
  const items = events.map((e) => {
    const [what, more, status] = describe(e);
    return el('li', {'class': status ? statusClass(status.toUpperCase()) : null,
      'data-type': e.type, 'data-seq': e.seqNr},
    when(e.at), ' ', el('span', {class: 'what'}, what),
    more ? el('div', {class: 'more'}, more) : '');
  });
  container.replaceChildren(
      el('h2', {}, 'Timeline'),
      details([
        ['Name', call.name],
        ['Id', el('span', {class: 'mono'}, call.serviceCallId)],
        ['Status', badge(call.status)],
        ['Request', `${request.method || ''} ${request.url || ''}`],
        ['Due', when(call.dueAt)],
        ['Next attempt', call.nextAttemptAt ? when(call.nextAttemptAt) : null],
        ['Tags', call.tags && call.tags.length ? el('span', {}, tags(call.tags)) : null],
        ['Correlation', call.correlationId],
        ['Error', problem(call.error)],
      ]),
      el('h2', {}, 'Attempts'),
      attemptsTable(attemptsOf(events)),
      el('h2', {}, 'History'),
      el('ol', {class: 'history'}, items));
}
