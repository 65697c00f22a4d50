// Live updates from GET …/events with Accept: text/event-stream. The browser's EventSource cannot
// send an Authorization header and the key must not go into a URL, so the stream is read with
// fetch() and parsed here (the text/event-stream format of the HTML standard), resuming with
// Last-Event-ID after a drop exactly as EventSource would.
import {ApiError} from './api.js';

/** Splits text/event-stream text into events {id, type, data}; feed it chunks with push(). */
export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.data = [];
    this.type = '';
    this.id = null;
  }

  push(text) {
    this.buffer += text;
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      // A lone trailing \r may be the first half of \r\n: wait for the next chunk.
      if (end < 0 || (end === this.buffer.length - 1 && this.buffer[end] === '\r')) return;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      if (this.data.length) {
        this.onEvent({id: this.id, type: this.type || 'message', data: this.data.join('\n')});
      }
      this.data = [];
      this.type = '';
      return;
    }
    if (line.startsWith(':')) return; // a comment: the server's heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }
}

async function firstAfter(api, offset) {
  const page = await api.events(offset, 1);
  return page.events.length ? page.events[0].offset : null;
}

/**
 * The tenant's last event offset. The API has no "from the end" cursor and replaying a tenant's
 * whole history to reach the present would be wasteful, so search for it: a page after x is
 * non-empty exactly while x < last. Gallop with one-event pages (each names the first offset
 * after x), then bisect: about 2·log2(last) small requests.
 */
export async function tailOffset(api) {
  let lo = await firstAfter(api, 0);
  if (lo === null) return 0;
  let step = 1;
  let hi;
  for (;;) {
    const next = await firstAfter(api, lo + step);
    if (next === null) {
      hi = lo + step;
      break;
    }
    lo = next;
    step *= 2;
  }
  // lo is an existing offset <= last <= hi.
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const next = await firstAfter(api, mid);
    if (next === null) hi = mid;
    else lo = next;
  }
  return lo;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows the stream from the present on; reconnects with backoff (1 s doubling to 15 s, or the
 * server's Retry-After) and resumes after the last event seen. handlers: onState(state, detail)
 * with 'connecting' | 'live' | 'reconnecting' | 'offline', onEvent({offset, type, …}).
 */
export class EventStream {
  constructor(api, handlers) {
    this.api = api;
    this.handlers = handlers;
    this.stopped = false;
    this.controller = null;
    this.lastId = null;
  }

  async start() {
    this.handlers.onState('connecting');
    let backoff = 1000;
    while (!this.stopped) {
      try {
        if (this.lastId === null) this.lastId = String(await tailOffset(this.api));
        await this.follow(() => { backoff = 1000; });
      } catch (e) {
        if (this.stopped) return;
        if (e instanceof ApiError && (e.status === 401 || e.status === 404)) {
          this.handlers.onState('offline', e.message);
          return;
        }
        const wait = e instanceof ApiError && e.retryAfter ? e.retryAfter * 1000 : backoff;
        backoff = Math.min(backoff * 2, 15000);
        this.handlers.onState('reconnecting', `retrying in ${Math.round(wait / 1000)} s`);
        await sleep(wait);
      }
    }
  }

  stop() {
    this.stopped = true;
    if (this.controller) this.controller.abort();
    this.handlers.onState('offline');
  }

  async follow(onOpen) {
    this.controller = new AbortController();
    const response = await fetch(
        this.api.base + '/events?limit=500',
        this.api.options(
            {'Accept': 'text/event-stream', 'Last-Event-ID': this.lastId},
            this.controller.signal));
    if (!response.ok) throw await ApiError.of(response);
    onOpen();
    this.handlers.onState('live');
    const parser = new SseParser((sse) => {
      if (sse.id !== null) this.lastId = sse.id;
      let event;
      try {
        event = JSON.parse(sse.data);
      } catch (ignored) {
        return; // an event we cannot read is skipped; the next refresh shows its effect
      }
      this.handlers.onEvent(event);
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const {value, done} = await reader.read();
      if (done) throw new Error('the event stream ended');
      parser.push(value);
    }
  }
}
