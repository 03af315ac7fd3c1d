// Shared components and formatting: loading and error states, dialogs, pagers, numbers and times.
import { html, useState, useEffect, useRef, useCallback } from '../vendor/preact-htm.js';
import { t, language } from './i18n.js';

export { html, useState, useEffect, useRef, useCallback };

/** Runs an async loader on mount and whenever deps change: {data, error, loading, reload}. */
export function useLoad(loader, deps) {
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const seq = useRef(0);
  const reload = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    loader().then(
      (data) => { if (mine === seq.current) setState({ data, error: null, loading: false }); },
      (error) => { if (mine === seq.current) setState((s) => ({ data: s.data, error, loading: false })); });
  }, deps);
  useEffect(() => { reload(); }, [reload]);
  return { ...state, reload };
}

export function Loading({ label }) {
  return html`<div class="loading" role="status">${label || t('common.loading')}</div>`;
}

export function ErrorBox({ error, retry }) {
  if (!error) return null;
  return html`<div class="error" role="alert">
    <span>${error.message || String(error)}</span>
    ${retry && html` <button class="link" onClick=${retry}>${t('common.retry')}</button>`}
  </div>`;
}

/** Runs a form's submit action with busy and error state; the action's error is kept for display. */
export function useSubmit(action) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    if (e) e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return { busy, error, submit };
}

/** Shows loading, error or the content of a useLoad() result. */
export function Loaded({ state, children }) {
  // Always one element: Preact keeps sibling order reliably only when a component keeps its root's shape.
  if (state.error && state.data === undefined) {
    return html`<div class="loaded"><${ErrorBox} error=${state.error} retry=${state.reload} /></div>`;
  }
  if (state.data === undefined) return html`<div class="loaded"><${Loading} /></div>`;
  return html`<div class="loaded">${state.error && html`<${ErrorBox} error=${state.error} retry=${state.reload} />`}
    ${children(state.data)}</div>`;
}

/** A modal <dialog>: Escape and the close button close it; focus stays inside while open. */
export function Dialog({ title, onClose, children, wide }) {
  const ref = useRef(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    const cancel = (e) => { e.preventDefault(); onClose(); };
    d.addEventListener('cancel', cancel);
    return () => d.removeEventListener('cancel', cancel);
  }, []);
  return html`<dialog ref=${ref} aria-labelledby="dialog-title" class=${wide ? 'wide' : ''}>
    <div class="body">
      <div class="row"><h2 id="dialog-title">${title}</h2><span class="spacer"></span>
        <button class="link" onClick=${onClose} aria-label=${t('common.close')}>✕</button></div>
      ${children}
    </div>
  </dialog>`;
}

/** Asks before a destructive action; onConfirm may return a promise (its error is shown). */
export function Confirm({ title, message, confirmLabel, onConfirm, onClose }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <p>${message}</p>
    <${ErrorBox} error=${error} />
    <div class="row end">
      <button onClick=${onClose}>${t('common.cancel')}</button>
      <button class="danger solid" disabled=${busy} onClick=${go}>${confirmLabel || t('common.delete')}</button>
    </div>
  </${Dialog}>`;
}

export function Pager({ offset, limit, total, onPage }) {
  if (total <= limit) return html`<div class="pager small muted">${t('common.rows', { n: fmtNum(total) })}</div>`;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return html`<nav class="pager" aria-label=${t('common.pages')}>
    <span class="small muted">${t('common.rows', { n: fmtNum(total) })}</span>
    <button disabled=${page <= 1} onClick=${() => onPage(offset - limit)}>${t('common.previous')}</button>
    <span>${t('common.page', { page, pages })}</span>
    <button disabled=${page >= pages} onClick=${() => onPage(offset + limit)}>${t('common.next')}</button>
  </nav>`;
}

export function Chip({ value, label }) {
  return html`<span class=${'chip ' + value}>${label || value}</span>`;
}

export function fmtNum(n) {
  if (n === undefined || n === null) return '–';
  return new Intl.NumberFormat(language() === 'zh' ? 'zh-CN' : 'en-US').format(n);
}

export function fmtTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString(language() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium' });
}

/** "in 5 min" / "3 h ago". */
export function fmtRelative(iso) {
  if (!iso) return '–';
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(language() === 'zh' ? 'zh-CN' : 'en', { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

export function fmtMs(ms) {
  if (ms === undefined || ms === null) return '–';
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
}

/** Offers text as a file download (no server round trip). */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copies text; answers whether it worked (the clipboard needs a secure context, which loopback is). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    return false;
  }
}

/** Start of the current UTC day and month, and instants relative to now, as ISO strings for the admin API. */
export function utcDayStart(daysAgo = 0) {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - daysAgo)).toISOString();
}

export function utcMonthStart() {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString();
}

export function hoursAgo(h) {
  return new Date(Date.now() - h * 3600 * 1000).toISOString();
}
