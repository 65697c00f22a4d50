// DOM building from data. Every value becomes a text node or an attribute value, never markup:
// nothing the API returns (names, URLs, error messages, tags) is ever parsed as HTML.

export const STATUSES = ['SCHEDULED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

/** el('td', {class: 'mono'}, 'text', childNode, …): attributes via setAttribute, children as text. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** The status's CSS class suffix; anything unexpected gets a neutral one. */
export function statusClass(status) {
  return STATUSES.includes(status) ? 's-' + status.toLowerCase() : 's-unknown';
}

export function badge(status) {
  return el('span', {class: 'badge ' + statusClass(status), 'data-status': status}, status);
}

/** An instant as "2026-11-23 14:16:11Z" (UTC, whole seconds). */
export function instant(iso) {
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** A <time> showing {@link instant}, the full value in the tooltip. */
export function when(iso) {
  if (!iso) return el('span', {class: 'hint'}, '—');
  return el('time', {datetime: iso, title: iso}, instant(iso));
}

export function tags(list) {
  return (list || []).map((t) => el('span', {class: 'tag'}, t));
}

/** A definition list from [label, value] pairs; values may be nodes or text. */
export function details(pairs) {
  const dl = el('dl', {class: 'details'});
  for (const [label, value] of pairs) {
    if (value === undefined || value === null || value === '') continue;
    dl.append(el('dt', {}, label), el('dd', {}, value));
  }
  return dl;
}

export function show(node, visible) {
  node.hidden = !visible;
}
