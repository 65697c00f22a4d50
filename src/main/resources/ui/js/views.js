// Renders the summary cards, the calls table and the live event feed from API data.
import {STATUSES, badge, el, statusClass, tags, when} from './dom.js';

const FEED_MAX = 100;

export function renderSummary(container, summary) {
  const counts = summary.counts || {};
  const lateness = summary.lateness || {};
  const ms = (v) => (v === null || v === undefined ? '—' : `${v} ms`);
  const card = (key, value, cls = '') =>
    el('div', {'class': 'card ' + cls, 'data-key': key}, el('span', {class: 'n'}, value),
        el('span', {class: 'k'}, key));
  container.replaceChildren(
      ...STATUSES.map((s) => card(s, counts[s] ?? 0, statusClass(s))),
      card('due next minute', summary.dueNextMinute ?? 0),
      card('due next hour', summary.dueNextHour ?? 0),
      card('oldest overdue', when(summary.oldestOverdueDueAt)),
      card(`start lateness p50 / p99 (${lateness.window || ''})`,
          `${ms(lateness.p50Ms)} / ${ms(lateness.p99Ms)}`));
}

function shortId(id) {
  return id.length > 13 ? id.slice(0, 8) + '…' + id.slice(-4) : id;
}

export function callRow(call, selectedId) {
  const row = el('tr', {
    'data-call-id': call.serviceCallId,
    'class': call.serviceCallId === selectedId ? 'selected' : null,
  },
  el('td', {class: 'name'}, call.name || el('span', {class: 'hint'}, '(unnamed)')),
  el('td', {class: 'status'}, badge(call.status)),
  el('td', {}, when(call.dueAt)),
  el('td', {}, when(call.createdAt)),
  el('td', {class: 'attempts'}, call.attempts),
  el('td', {}, tags(call.tags)),
  el('td', {class: 'mono', title: call.serviceCallId}, shortId(call.serviceCallId)));
  return row;
}

/** Moves a listed call to the status an event reports, until the next refresh confirms it. */
export function applyEventToRow(tbody, event) {
  const data = event.data || {};
  for (const row of tbody.rows) {
    if (row.dataset.callId !== event.serviceCallId) continue;
    if (data.status) row.querySelector('td.status').replaceChildren(badge(data.status));
    if (event.type === 'ExecutionStarted' && data.attempt) {
      row.querySelector('td.attempts').textContent = String(data.attempt);
    }
  }
}

export function addFeedItem(list, event) {
  const data = event.data || {};
  const bits = [];
  if (data.attempt) bits.push(`attempt ${data.attempt}`);
  if (data.responseStatus) bits.push(`HTTP ${data.responseStatus}`);
  if (data.error && data.error.kind) bits.push(data.error.kind);
  const item = el('li', {'data-offset': event.offset, 'data-call-id': event.serviceCallId,
    'data-type': event.type},
  when(event.occurredAt), ' ', el('strong', {}, event.type), ' ',
  el('span', {class: 'mono', title: event.serviceCallId}, shortId(event.serviceCallId || '')),
  bits.length ? ' · ' + bits.join(' · ') : '');
  list.prepend(item);
  while (list.children.length > FEED_MAX) list.lastElementChild.remove();
}
