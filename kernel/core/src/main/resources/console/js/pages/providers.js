// Providers → accounts: a paged table of one provider's pool with every action on accounts.
import { html, useState, useLoad, Loaded, ErrorBox, Confirm, Pager, Chip, fmtNum, fmtRelative, fmtTime }
  from '../ui.js';
import { t, tOr } from '../i18n.js';
import { api, apiLines } from '../api.js';
import { routes } from '../routes.js';
import { AddAccount, EditAccount, BatchImport, ExportAccounts } from './account-dialogs.js';
import { FlowDialog } from './flows.js';

const PAGE = 50;
const STATES = ['active', 'cooling', 'exhausted', 'reauth-required', 'disabled', 'banned'];

function Quota({ q }) {
  if (!q) return html`<span class="muted">–</span>`;
  const left = Math.round(q.remaining_fraction * 100);
  const detail = q.limit !== undefined ? `${fmtNum(q.used)} / ${fmtNum(q.limit)} ${q.unit || ''}` : '';
  return html`<div class="quota" title=${detail}>
    <meter min="0" max="1" low="0.2" optimum="1" value=${q.remaining_fraction}
      aria-label=${t('accounts.quotaLeft', { percent: left })}></meter>
    <div class="small">${t('accounts.quotaLeft', { percent: left })}</div>
    ${q.resets_at && html`<div class="small muted">${t('accounts.resets', { when: fmtRelative(q.resets_at) })}</div>`}
  </div>`;
}

function TestResult({ r }) {
  if (!r) return null;
  if (r === 'running') return html`<span class="small muted">${t('accounts.testing')}</span>`;
  const ok = r.ok === true || r.status === 'healthy';
  const label = r.status ? tOr('health.', r.status) : ok ? t('accounts.testOk') : t('accounts.testFailed');
  return html`<div class="test-result small" data-ok=${String(ok)}>
    <${Chip} value=${ok ? 'ok' : 'error'} label=${label} />
    ${r.error && html`<div class="err">${r.error}</div>`}</div>`;
}

function AccountRow({ a, result, errors, onTest, onToggle, onEdit, onDelete }) {
  const disabled = a.state === 'disabled';
  return html`<tr data-account=${a.name} class=${result && result !== 'running' && result.ok === false ? 'failed' : ''}>
    <td class="name"><strong>${a.name}</strong><div class="small muted">${tOr('source.', a.source)}</div></td>
    <td><${Chip} value=${a.state} label=${tOr('state.', a.state)} />
      ${a.state_until && html`<div class="small muted">${t('accounts.until', { when: fmtRelative(a.state_until) })}</div>`}
      ${a.state_reason && html`<div class="small muted">${a.state_reason}</div>`}
      <${TestResult} r=${result} /></td>
    <td class="num" data-col="tier">${a.tier}</td>
    <td class="num" data-col="weight">${a.weight}</td>
    <td class="num" data-col="concurrency">${a.in_flight} / ${a.max_concurrency || '∞'}</td>
    <td class="num">${fmtNum(a.requests)}</td>
    <td class="num">${fmtNum(a.tokens)}</td>
    <td class="small" title=${fmtTime(a.last_used_at)}>${a.last_used_at ? fmtRelative(a.last_used_at) : '–'}</td>
    <td><${Quota} q=${a.quota} /></td>
    ${errors && html`<td class="err small">${a.last_error || ''}</td>`}
    <td><div class="actions">
      <button class="link" onClick=${onTest} data-action="test">${t('accounts.test')}</button>
      <button class="link" onClick=${onToggle} data-action=${disabled ? 'enable' : 'disable'}>
        ${disabled ? t('accounts.enable') : t('accounts.disable')}</button>
      <button class="link" onClick=${onEdit} data-action="edit">${t('common.edit')}</button>
      <button class="link danger" onClick=${onDelete} data-action="delete">${t('common.delete')}</button>
    </div></td>
  </tr>`;
}

function Accounts({ provider, onChanged }) {
  const id = provider.id;
  const [q, setQ] = useState('');
  const [stateFilter, setStateFilter] = useState('');
  const [offset, setOffset] = useState(0);
  const [results, setResults] = useState({});
  const [dialog, setDialog] = useState(null);
  const [progress, setProgress] = useState(null);
  const [error, setError] = useState(null);
  const query = new URLSearchParams({ offset, limit: PAGE });
  if (q.trim()) query.set('q', q.trim());
  if (stateFilter) query.set('state', stateFilter);
  const list = useLoad(() => api(routes.accounts(id, query.toString())), [id, q, stateFilter, offset]);
  const refresh = () => {
    list.reload();
    onChanged();
  };
  const act = async (f) => {
    setError(null);
    try {
      await f();
      refresh();
    } catch (e) {
      setError(e);
    }
  };
  const testOne = async (a) => {
    setResults((r) => ({ ...r, [a.name]: 'running' }));
    try {
      const r = await api(routes.testAccount(id, a.name));
      setResults((m) => ({ ...m, [a.name]: r }));
    } catch (e) {
      setResults((m) => ({ ...m, [a.name]: { ok: false, error: e.message } }));
    }
    list.reload();
  };
  const testAll = async () => {
    setError(null);
    setResults({});
    let done = 0;
    setProgress({ done, total: provider.total });
    try {
      await apiLines(routes.testAll(id), (r) => {
        done++;
        setResults((m) => ({ ...m, [r.name]: r }));
        setProgress({ done, total: provider.total });
      });
    } catch (e) {
      setError(e);
    }
    setProgress((p) => (p ? { ...p, finished: true } : p));
    refresh();
  };
  const close = () => setDialog(null);
  const flows = provider.flows || [];
  return html`<section aria-labelledby="accounts-title">
    <div class="row"><h2 id="accounts-title">${t('accounts.title', { provider: id })}</h2><span class="spacer"></span>
      <span class="small muted">${t('dash.plugin')}: ${provider.plugin}</span></div>
    <div class="row toolbar">
      <button class="primary" id="add-account" onClick=${() => setDialog({ kind: 'add' })}>${t('accounts.add')}</button>
      <button id="batch-import" onClick=${() => setDialog({ kind: 'import' })}>${t('accounts.batchImport')}</button>
      ${flows.map((f) => html`<button data-flow=${f.name} title=${f.description}
          onClick=${() => setDialog({ kind: 'flow', flow: f })}>${tOr('flow.name.', f.name)}</button>`)}
      <button id="test-all" onClick=${testAll} disabled=${progress && !progress.finished}>${t('accounts.testAll')}</button>
      <button id="export" onClick=${() => setDialog({ kind: 'export' })}>${t('accounts.export')}</button>
    </div>
    ${progress && html`<div class=${progress.finished ? 'success' : 'notice'} role="status" id="test-progress">
      ${progress.finished ? t('accounts.testDone', { done: progress.done })
        : t('accounts.testProgress', { done: progress.done, total: progress.total })}</div>`}
    <${ErrorBox} error=${error} />
    <div class="row filters">
      <label class="inline">${t('accounts.search')}
        <input id="account-search" type="search" value=${q} onInput=${(e) => { setOffset(0); setQ(e.target.value); }} />
      </label>
      <label class="inline">${t('accounts.stateFilter')}
        <select id="state-filter" value=${stateFilter} onChange=${(e) => { setOffset(0); setStateFilter(e.target.value); }}>
          <option value="">${t('accounts.allStates')}</option>
          ${STATES.map((s) => html`<option value=${s}>${tOr('state.', s)}</option>`)}
        </select></label>
    </div>
    <${Loaded} state=${list}>${(d) => {
      // The last-error column only takes room when a row on this page has one.
      const errors = d.data.some((a) => a.last_error);
      return html`
      <div class="table-wrap"><table id="accounts-table">
        <thead><tr>
          <th>${t('accounts.name')}</th><th>${t('accounts.state')}</th><th class="num">${t('accounts.tier')}</th>
          <th class="num">${t('accounts.weight')}</th><th class="num">${t('accounts.concurrency')}</th>
          <th class="num">${t('accounts.requests')}</th><th class="num">${t('accounts.tokens')}</th>
          <th>${t('accounts.lastUsed')}</th><th>${t('accounts.quota')}</th>${errors && html`<th>${t('accounts.lastError')}</th>`}
          <th>${t('common.actions')}</th></tr></thead>
        <tbody>${d.data.length === 0 ? html`<tr><td colspan="11" class="muted">${t('accounts.none')}</td></tr>`
          : d.data.map((a) => html`<${AccountRow} key=${a.name} a=${a} result=${results[a.name]} errors=${errors}
            onTest=${() => testOne(a)}
            onToggle=${() => act(() => api(routes.patchAccount(id, a.name),
              { state: a.state === 'disabled' ? 'active' : 'disabled' }))}
            onEdit=${() => setDialog({ kind: 'edit', account: a })}
            onDelete=${() => setDialog({ kind: 'delete', account: a })} />`)}</tbody>
      </table></div>
      <${Pager} offset=${offset} limit=${PAGE} total=${d.total} onPage=${setOffset} />`;
    }}</${Loaded}>
    ${dialog && dialog.kind === 'add' && html`<${AddAccount} provider=${provider} onClose=${close} onDone=${refresh} />`}
    ${dialog && dialog.kind === 'edit' && html`<${EditAccount} provider=${provider} account=${dialog.account}
      onClose=${close} onDone=${refresh} />`}
    ${dialog && dialog.kind === 'import' && html`<${BatchImport} provider=${provider} onClose=${close} onDone=${refresh} />`}
    ${dialog && dialog.kind === 'export' && html`<${ExportAccounts} provider=${provider} onClose=${close} />`}
    ${dialog && dialog.kind === 'flow' && html`<${FlowDialog} provider=${provider} flow=${dialog.flow}
      onClose=${close} onDone=${refresh} />`}
    ${dialog && dialog.kind === 'delete' && html`<${Confirm} title=${t('accounts.deleteTitle')}
      message=${t('accounts.deleteMessage', { name: dialog.account.name, provider: id })}
      onConfirm=${() => api(routes.deleteAccount(id, dialog.account.name)).then(refresh)} onClose=${close} />`}
  </section>`;
}

export function Providers({ args }) {
  const state = useLoad(() => api(routes.providers()), []);
  return html`<div class="page"><h1>${t('nav.providers')}</h1>
    <${Loaded} state=${state}>${(d) => {
      if (d.data.length === 0) return html`<div class="notice">${t('dash.noProviders')}</div>`;
      const selected = d.data.find((p) => p.id === args[0]) || d.data[0];
      const total = Object.values(selected.accounts).reduce((a, b) => a + b, 0);
      return html`<nav class="row tabs" aria-label=${t('nav.providers')}>
          ${d.data.map((p) => html`<a href=${'#/providers/' + encodeURIComponent(p.id)}
            aria-current=${p.id === selected.id ? 'page' : undefined} class="chip">${p.id}</a>`)}</nav>
        ${selected.status !== 'ready' && html`<div class="error">${selected.error}</div>`}
        <${Accounts} key=${selected.id} provider=${{ ...selected, total }} onChanged=${state.reload} />`;
    }}</${Loaded}></div>`;
}
