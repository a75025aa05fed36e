// Calls to /api/v1 with the session's CSRF token; a 401 sends the user back to the login page.
let csrf = null;
let onUnauthenticated = () => {};
export function setCsrf(token) { csrf = token; }
export function whenUnauthenticated(fn) { onUnauthenticated = fn; }

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

export async function api(method, path, body, raw) {
  const headers = {};
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let payload;
  if (raw !== undefined) { payload = raw; headers['Content-Type'] = 'application/octet-stream'; }
  else if (body !== undefined) { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
  const r = await fetch('/api/v1' + path, { method, headers, body: payload, credentials: 'same-origin' });
  let data = null;
  const text = await r.text();
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!r.ok) {
    const err = new ApiError(r.status, data && data.code, (data && data.message) || ('HTTP ' + r.status));
    if (r.status === 401 && !path.startsWith('/auth/')) onUnauthenticated(err);
    throw err;
  }
  return data;
}
export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b === undefined ? {} : b);
export const del = (p) => api('DELETE', p);

export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? '?' + s : '';
}
