// The authenticated API. The key travels only in the Authorization header: never in a URL, never
// in a cookie, never to another origin (the page's CSP allows connections to this origin only).

export class ApiError extends Error {
  constructor(status, detail, retryAfter) {
    super(status ? `${status}: ${detail}` : detail);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  static async of(response) {
    let detail = response.statusText || 'request failed';
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
    } catch (ignored) {
      // not problem+json: keep the status text
    }
    const retryAfter = Number(response.headers.get('Retry-After')) || 0;
    return new ApiError(response.status, detail, retryAfter);
  }
}

export class Api {
  constructor(tenant, key) {
    this.tenant = tenant;
    this.key = key;
    this.base = '/api/v1/tenants/' + encodeURIComponent(tenant);
  }

  headers(extra = {}) {
    return {Authorization: 'Bearer ' + this.key, Accept: 'application/json', ...extra};
  }

  /** fetch() options for this API: same origin, no cookies, no referrer, no HTTP cache. */
  options(extra = {}, signal = undefined) {
    return {
      headers: this.headers(extra), credentials: 'omit', cache: 'no-store',
      referrerPolicy: 'no-referrer', signal,
    };
  }

  async get(path, params) {
    const query = params && params.toString() ? '?' + params.toString() : '';
    const response = await fetch(this.base + path + query, this.options());
    if (!response.ok) throw await ApiError.of(response);
    return response.json();
  }

  list(params) {
    return this.get('/service-calls', params);
  }

  call(id) {
    return this.get('/service-calls/' + encodeURIComponent(id));
  }

  history(id) {
    return this.get('/service-calls/' + encodeURIComponent(id) + '/history');
  }

  summary() {
    return this.get('/summary');
  }

  /** One page of the tenant's events after offset {@code after}. */
  events(after, limit) {
    return this.get('/events', new URLSearchParams({after: String(after), limit: String(limit)}));
  }
}
