// The one place the page talks to the server. The credential lives in this tab's sessionStorage
// only: never in a URL, a cookie or localStorage, and it is gone when the tab closes. It travels
// only in the Authorization header, which the server's request log does not record.

const TOKEN_KEY = 'drippulse.credential';

export class ApiError extends Error {
  constructor(status, code, message, details = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = Array.isArray(details) ? details : [];
  }
}

export const session = {
  get credential() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  signIn(credential) {
    sessionStorage.setItem(TOKEN_KEY, credential.trim());
  },
  signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
  // Who the credential says we are. A JWT carries sub and org_id; an API key carries no user,
  // so user-only actions (create pipeline, set my default) are unavailable with one. An org admin's
  // token has a roles claim, an array of strings naming "admin" (the server's rule; any other shape
  // grants nothing); the server decides, this only chooses which actions to offer.
  identity() {
    const credential = this.credential;
    if (!credential) return null;
    const claims = decodeJwt(credential);
    if (!claims) {
      const hex = /^dpk_([0-9a-f]{32})_/.exec(credential)?.[1];
      const orgId = hex ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : null;
      return { kind: 'api_key', userId: null, orgId, label: 'API key' };
    }
    const roles = Array.isArray(claims.roles) && claims.roles.every(r => typeof r === 'string') ? claims.roles : [];
    return { kind: 'user', userId: claims.sub == null ? null : String(claims.sub), orgId: claims.org_id ?? null, label: String(claims.sub ?? 'user'), admin: roles.includes('admin') };
  },
};

function decodeJwt(credential) {
  const parts = credential.split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, c => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

// Listeners learn when the server rejects the credential, so the app can return to sign-in.
const unauthorizedListeners = new Set();
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
}

export async function request(method, path, { body, query, headers = {}, auth = true, signal } = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value);
  }
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal };
  if (auth && session.credential) init.headers.Authorization = `Bearer ${session.credential}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
  }
  const data = await readJson(response);
  if (!response.ok) {
    const error = data?.error ?? {};
    const apiError = new ApiError(response.status, error.code ?? `http_${response.status}`,
      error.message ?? fallbackMessage(response.status), error.details);
    if (response.status === 401 && auth) unauthorizedListeners.forEach(listener => listener(apiError));
    throw apiError;
  }
  return { status: response.status, data, etag: response.headers.get('ETag') };
}

async function readJson(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function fallbackMessage(status) {
  if (status === 401) return 'Your credential was not accepted. Sign in again.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'That record no longer exists.';
  if (status === 409) return 'That conflicts with the current state. Reload and try again.';
  if (status >= 500) return 'The server had a problem. Try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

export const api = {
  get: (path, options) => request('GET', path, options),
  post: (path, body, options = {}) => request('POST', path, { ...options, body }),
  patch: (path, body, options = {}) => request('PATCH', path, { ...options, body }),
  delete: (path, options) => request('DELETE', path, options),
};

const CRM = '/api/v1/crm';

export const pipelinesApi = {
  list: () => api.get(`${CRM}/opportunity_pipelines`).then(r => r.data),
  create: name => api.post(`${CRM}/opportunity_pipelines`, { pipeline: { name } }).then(r => r.data),
  update: (id, pipeline) => api.patch(`${CRM}/opportunity_pipelines/${enc(id)}`, { pipeline }).then(r => r.data),
  remove: id => api.delete(`${CRM}/opportunity_pipelines/${enc(id)}`),
  setDefault: id => api.post(`${CRM}/opportunity_pipelines/${enc(id)}/set_default`, {}).then(r => r.data),
  summary: (id, q, signal) => api.get(`${CRM}/opportunity_pipelines/${enc(id)}/summary`, { query: { q }, signal }).then(r => r.data),
};

export const opportunitiesApi = {
  list: (query, signal) => api.get(`${CRM}/opportunities`, { query, signal }).then(r => r.data),
  get: id => api.get(`${CRM}/opportunities/${enc(id)}`),
  history: id => api.get(`${CRM}/opportunities/${enc(id)}/stage_history`).then(r => r.data),
  create: (opportunity, idempotencyKey) =>
    api.post(`${CRM}/opportunities`, { opportunity }, { headers: { 'Idempotency-Key': idempotencyKey } }).then(r => r.data),
  update: (id, opportunity, etag) =>
    api.patch(`${CRM}/opportunities/${enc(id)}`, { opportunity }, { headers: etag ? { 'If-Match': etag } : {} }).then(r => r.data),
  remove: id => api.delete(`${CRM}/opportunities/${enc(id)}`),
  restore: id => api.post(`${CRM}/opportunities/${enc(id)}/restore`),
  bulkMove: (ids, stageId, position = 'bottom') =>
    api.post(`${CRM}/opportunities/bulk_move`, { ids, pipeline_stage_id: stageId, position }).then(r => r.data),
  reorder: (stageId, orderedIds) =>
    api.post(`${CRM}/opportunities/reorder`, { pipeline_stage_id: stageId, ordered_ids: orderedIds }).then(r => r.data),
};

// Responses may wrap a record ({"opportunity": {...}}) or be the record itself; accept both.
export function unwrap(data, key) {
  return data && typeof data === 'object' && data[key] && typeof data[key] === 'object' ? data[key] : data;
}

function enc(id) {
  return encodeURIComponent(id);
}
