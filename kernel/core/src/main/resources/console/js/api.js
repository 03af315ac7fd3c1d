// The admin API client. The session lives in an HttpOnly cookie the page cannot read; writes carry the session's
// CSRF value, which is kept in memory only.
import { t } from './i18n.js';

let csrf = null;
let onSessionLost = () => {};

export function setCsrf(value) {
  csrf = value;
}

/** Called when a call answers 401 (the session expired or was ended elsewhere). */
export function whenSessionLost(f) {
  onSessionLost = f;
}

export class ApiError extends Error {
  constructor(status, message, param, retryAfter) {
    super(message);
    this.status = status;
    this.param = param;
    this.retryAfter = retryAfter;
  }
}

async function send([method, path], body, extraHeaders) {
  const headers = { accept: 'application/json', ...(extraHeaders || {}) };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  try {
    return await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: method === 'GET' ? undefined : JSON.stringify(body === undefined ? {} : body),
    });
  } catch (e) {
    throw new ApiError(0, t('error.network'));
  }
}

async function failure(res, quiet401) {
  let message = t('error.status', { status: res.status });
  let param;
  try {
    const body = await res.json();
    if (body && body.error && body.error.message) {
      message = body.error.message;
      param = body.error.param || undefined;
    }
  } catch (e) { /* not JSON: keep the status text */ }
  if (res.status === 401 && !quiet401) onSessionLost();
  const retry = Number(res.headers.get('retry-after'));
  return new ApiError(res.status, message, param, Number.isFinite(retry) ? retry : undefined);
}

/** Calls a route from routes.js; resolves to the JSON answer (null for 204), rejects with an ApiError. */
export async function api(route, body, options = {}) {
  const res = await send(route, body, options.headers);
  if (!res.ok) throw await failure(res, options.quiet401);
  if (res.status === 204) return null;
  return res.json();
}

/** Calls a route answering JSON lines and hands each parsed line to onLine as it arrives. */
export async function apiLines(route, onLine) {
  const res = await send(route, undefined, { accept: 'application/x-ndjson' });
  if (!res.ok) throw await failure(res);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line) onLine(JSON.parse(line));
    }
  }
  if (buffered.trim()) onLine(JSON.parse(buffered));
}
