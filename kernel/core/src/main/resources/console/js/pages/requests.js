// Requests: the gateway's in-memory ring of recent requests (figures only, never bodies), optionally followed live.
// Requests the gateway refused itself (bad key, bad body, limits) are listed too, with no provider or account.
import { html, useState, useEffect, useRef, ErrorBox, Loading, fmtNum, fmtMs, fmtTime } from '../ui.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { routes } from '../routes.js';

const SHOWN = 500;
const POLL_MS = 3000;

export function Requests() {
  const [rows, setRows] = useState(null);
  const [capacity, setCapacity] = useState(null);
  const [error, setError] = useState(null);
  const [follow, setFollow] = useState(true);
  const [filter, setFilter] = useState('');
  const last = useRef(0);

  const poll = async () => {
    try {
      const r = await api(routes.requests(`limit=${SHOWN}&after=${last.current}`));
      setCapacity(r.capacity);
      if (r.data.length) last.current = r.data[0].id;
      setRows((old) => [...r.data, ...(old || [])].slice(0, SHOWN));
      setError(null);
    } catch (e) {
      setError(e);
      setRows((old) => old || []);
    }
  };
  useEffect(() => { poll(); }, []);
  useEffect(() => {
    if (!follow) return undefined;
    const timer = setInterval(poll, POLL_MS);
    return () => clearInterval(timer);
  }, [follow]);

  const f = filter.trim().toLowerCase();
  const shown = (rows || []).filter((r) => !f || [r.key, r.model, r.provider, r.account, r.error_kind, String(r.status)]
    .some((v) => v && String(v).toLowerCase().includes(f)));
  return html`<div class="page"><h1>${t('nav.requests')}</h1>
    <div class="row">
      <label class="inline"><input type="checkbox" id="follow" checked=${follow} onChange=${(e) => setFollow(e.target.checked)} />
        ${t('requests.follow')}</label>
      <button onClick=${poll}>${t('common.refresh')}</button>
      <label class="inline">${t('requests.filter')}<input type="search" id="requests-filter" value=${filter}
        onInput=${(e) => setFilter(e.target.value)} /></label>
      <span class="spacer"></span>
      ${capacity !== null && html`<span class="small muted">${capacity === 0 ? t('requests.off') : t('requests.kept', { n: fmtNum(capacity) })}</span>`}
    </div>
    <p class="hint">${t('requests.privacy')}</p>
    <${ErrorBox} error=${error} retry=${poll} />
    ${rows === null ? html`<${Loading} />` : html`<div class="table-wrap"><table id="requests-table">
      <thead><tr><th>${t('requests.time')}</th><th>${t('requests.key')}</th><th>${t('requests.model')}</th>
        <th>${t('requests.provider')}</th><th>${t('requests.account')}</th><th class="num">${t('requests.status')}</th>
        <th class="num">${t('requests.latency')}</th><th class="num">${t('requests.ttft')}</th>
        <th class="num">${t('requests.tokensInOut')}</th><th class="num">${t('requests.attempts')}</th>
        <th>${t('requests.errorKind')}</th></tr></thead>
      <tbody>${shown.length === 0 ? html`<tr><td colspan="11" class="muted">${t('requests.none')}</td></tr>`
        : shown.map((r) => html`<tr data-request=${r.id} class=${r.outcome === 'error' ? 'failed' : ''}>
          <td class="small">${fmtTime(r.ts)}</td><td>${r.key || html`<span class="muted">${r.authenticated === false
            ? t('requests.unauthenticated') : t('requests.loopback')}</span>`}</td>
          <td>${r.model || '–'}</td>
          <td>${r.provider || (r.refused ? html`<span class="muted">${t('requests.refused')}</span>` : '–')}</td>
          <td>${r.account || '–'}</td>
          <td class="num" data-col="status">${r.status ?? '–'}</td><td class="num">${fmtMs(r.latency_ms)}</td>
          <td class="num">${fmtMs(r.ttft_ms)}</td>
          <td class="num">${fmtNum(r.input_tokens + r.cache_read_tokens + r.cache_creation_tokens)} / ${fmtNum(r.output_tokens)}</td>
          <td class="num">${r.attempts}</td>
          <td class="err small">${r.error_kind ? tOr('kind.', r.error_kind) : r.outcome === 'aborted' ? t('requests.aborted') : ''}</td>
        </tr>`)}</tbody></table></div>`}</div>`;
}
