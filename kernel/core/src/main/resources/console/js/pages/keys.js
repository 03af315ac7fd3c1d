// Client keys: create (the key is shown once, with a copy button), edit limits, revoke, delete; usage per key.
import { html, useState, useSubmit, useLoad, Loaded, ErrorBox, Dialog, Confirm, Chip, fmtNum, fmtTime, fmtRelative, copyText,
  utcDayStart, utcMonthStart } from '../ui.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { routes } from '../routes.js';

/**
 * The settings a key editor shows, in order. A new limit of the admin API is one more entry here (and its two
 * translations): kind 'list' is a list of strings, 'int' a whole number where empty or 0 means unlimited,
 * 'instant' a local date and time sent as an ISO instant.
 */
const KEY_FIELDS = [
  { name: 'models', kind: 'list' },
  { name: 'rpm', kind: 'int' },
  { name: 'daily_token_quota', kind: 'int' },
  { name: 'monthly_token_quota', kind: 'int' },
  { name: 'expires_at', kind: 'instant' },
];

function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function formValues(key) {
  const v = {};
  for (const f of KEY_FIELDS) {
    const x = key ? key[f.name] : undefined;
    v[f.name] = x === undefined || x === null ? '' : f.kind === 'list' ? x.join('\n') : f.kind === 'instant'
      ? toLocalInput(x) : String(x);
  }
  return v;
}

/** The JSON body for the editor's values; empty values clear (null) so an edit can remove a limit. */
function body(values) {
  const out = {};
  for (const f of KEY_FIELDS) {
    const raw = (values[f.name] || '').trim();
    if (f.kind === 'list') {
      const items = raw.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
      out[f.name] = items.length ? items : null;
    } else if (f.kind === 'int') {
      if (raw && !/^\d+$/.test(raw)) throw new Error(t('keys.badNumber', { field: t('keys.field.' + f.name) }));
      out[f.name] = raw ? Number(raw) : null;
    } else {
      out[f.name] = raw ? new Date(raw).toISOString() : null;
    }
  }
  return out;
}

function KeyFields({ values, setValues }) {
  return html`<div class="form-grid">${KEY_FIELDS.map((f) => html`<label class=${f.kind === 'list' ? 'wide' : ''}>
    ${t('keys.field.' + f.name)}
    ${f.kind === 'list'
      ? html`<textarea name=${f.name} rows="3" value=${values[f.name]}
          onInput=${(e) => setValues({ ...values, [f.name]: e.target.value })}></textarea>`
      : html`<input name=${f.name} type=${f.kind === 'instant' ? 'datetime-local' : 'number'} min="0"
          value=${values[f.name]} onInput=${(e) => setValues({ ...values, [f.name]: e.target.value })} />`}
    <span class="hint">${t('keys.hint.' + f.name)}</span></label>`)}</div>`;
}

function KeyEditor({ keyRow, onClose, onSaved }) {
  const [name, setName] = useState('');
  const [values, setValues] = useState(formValues(keyRow));
  const { busy, error, submit } = useSubmit(async () => {
    const b = body(values);
    if (keyRow) {
      await api(routes.patchKey(keyRow.id), b);
      onSaved(null);
    } else {
      Object.keys(b).forEach((k) => { if (b[k] === null) delete b[k]; });
      onSaved(await api(routes.createKey(), { name: name.trim(), ...b }));
    }
  });
  return html`<${Dialog} title=${keyRow ? t('keys.editTitle', { name: keyRow.name }) : t('keys.createTitle')}
      onClose=${onClose}>
    <form class="form" onSubmit=${submit} id="key-form">
      ${!keyRow && html`<label>${t('keys.name')}<input name="name" required value=${name}
        onInput=${(e) => setName(e.target.value)} /></label>`}
      <${KeyFields} values=${values} setValues=${setValues} />
      <${ErrorBox} error=${error} />
      <div class="row end"><button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button class="primary" type="submit" disabled=${busy}>${keyRow ? t('common.save') : t('keys.create')}</button></div>
    </form>
  </${Dialog}>`;
}

/** The new key, this once. Closing the dialog forgets it: the gateway keeps only a hash. */
function KeyCreated({ created, onClose }) {
  const [copied, setCopied] = useState(null);
  return html`<${Dialog} title=${t('keys.createdTitle', { name: created.name })} onClose=${onClose}>
    <div class="notice">${t('keys.shownOnce')}</div>
    <div class="secret-once mono" id="new-key">${created.key}</div>
    <div class="row end">
      ${copied !== null && html`<span class="small" role="status">${copied ? t('common.copied') : t('keys.copyFailed')}</span>`}
      <button id="copy-key" onClick=${async () => setCopied(await copyText(created.key))}>${t('common.copy')}</button>
      <button class="primary" id="close-new-key" onClick=${onClose}>${t('keys.stored')}</button></div>
  </${Dialog}>`;
}

function status(k) {
  if (k.revoked) return 'revoked';
  if (k.expires_at && new Date(k.expires_at) <= new Date()) return 'expired';
  return 'active';
}

function usageOf(report) {
  const m = new Map();
  report.groups.forEach((g) => m.set(g.key, g.totals));
  return m;
}

function Quota({ used, quota }) {
  return html`${fmtNum(used || 0)}${quota ? html`<span class="muted"> / ${fmtNum(quota)}</span>` : ''}`;
}

export function Keys() {
  const state = useLoad(async () => {
    const [keys, today, month] = await Promise.all([api(routes.keys()),
      api(routes.usage(`group_by=key&from=${encodeURIComponent(utcDayStart(0))}`)),
      api(routes.usage(`group_by=key&from=${encodeURIComponent(utcMonthStart())}`))]);
    return { keys: keys.data, today: usageOf(today), month: usageOf(month) };
  }, []);
  const [dialog, setDialog] = useState(null);
  const [error, setError] = useState(null);
  const close = () => setDialog(null);
  const revoke = (k) => api(routes.revokeKey(k.id)).then(state.reload);
  return html`<div class="page"><div class="row"><h1>${t('nav.keys')}</h1><span class="spacer"></span>
      <button class="primary" id="create-key" onClick=${() => setDialog({ kind: 'create' })}>${t('keys.create')}</button></div>
    <${ErrorBox} error=${error} />
    <${Loaded} state=${state}>${(d) => html`<div class="table-wrap"><table id="keys-table">
      <thead><tr><th>${t('keys.name')}</th><th>${t('keys.prefix')}</th><th>${t('keys.status')}</th>
        <th>${t('keys.field.models')}</th><th class="num">${t('keys.field.rpm')}</th>
        <th class="num">${t('keys.today')}</th><th class="num">${t('keys.month')}</th>
        <th>${t('keys.field.expires_at')}</th><th>${t('keys.lastUsed')}</th><th>${t('common.actions')}</th></tr></thead>
      <tbody>${d.keys.length === 0 ? html`<tr><td colspan="10" class="muted">${t('keys.none')}</td></tr>`
        : d.keys.map((k) => {
          const today = d.today.get(k.name);
          const month = d.month.get(k.name);
          const yaml = k.source === 'yaml';
          return html`<tr data-key=${k.name}>
            <td><strong>${k.name}</strong>${yaml && html`<div class="small muted">${t('keys.fromYaml')}</div>`}</td>
            <td class="mono">${k.prefix}…</td>
            <td><${Chip} value=${status(k)} label=${t('keys.state.' + status(k))} /></td>
            <td class="small">${k.models ? k.models.join(', ') : t('keys.allModels')}</td>
            <td class="num">${k.rpm ? fmtNum(k.rpm) : '∞'}</td>
            <td class="num" data-col="today"><${Quota} used=${today && today.requests !== undefined
              ? today.input_tokens + today.output_tokens + today.cache_read_tokens + today.cache_creation_tokens : 0}
              quota=${k.daily_token_quota} /><div class="small muted">${t('keys.requests', { n: fmtNum(today ? today.requests : 0) })}</div></td>
            <td class="num" data-col="month"><${Quota} used=${month ? month.input_tokens + month.output_tokens
              + month.cache_read_tokens + month.cache_creation_tokens : 0} quota=${k.monthly_token_quota} /></td>
            <td class="small" title=${fmtTime(k.expires_at)}>${k.expires_at ? fmtRelative(k.expires_at) : t('keys.never')}</td>
            <td class="small" title=${fmtTime(k.last_used_at)}>${k.last_used_at ? fmtRelative(k.last_used_at) : '–'}</td>
            <td><div class="actions">
              ${!yaml && html`<button class="link" data-action="edit" onClick=${() => setDialog({ kind: 'edit', key: k })}>
                ${t('common.edit')}</button>`}
              ${!k.revoked && html`<button class="link danger" data-action="revoke"
                onClick=${() => setDialog({ kind: 'revoke', key: k })}>${t('keys.revoke')}</button>`}
              <button class="link danger" data-action="delete" onClick=${() => setDialog({ kind: 'delete', key: k })}>
                ${t('common.delete')}</button></div></td></tr>`;
        })}</tbody></table></div>`}</${Loaded}>
    ${dialog && dialog.kind === 'create' && html`<${KeyEditor} onClose=${close}
      onSaved=${(created) => { setDialog({ kind: 'created', created }); state.reload(); }} />`}
    ${dialog && dialog.kind === 'created' && html`<${KeyCreated} created=${dialog.created} onClose=${close} />`}
    ${dialog && dialog.kind === 'edit' && html`<${KeyEditor} keyRow=${dialog.key} onClose=${close}
      onSaved=${() => { close(); state.reload(); }} />`}
    ${dialog && dialog.kind === 'revoke' && html`<${Confirm} title=${t('keys.revokeTitle')} confirmLabel=${t('keys.revoke')}
      message=${t('keys.revokeMessage', { name: dialog.key.name })} onConfirm=${() => revoke(dialog.key)} onClose=${close} />`}
    ${dialog && dialog.kind === 'delete' && html`<${Confirm} title=${t('keys.deleteTitle')}
      message=${t('keys.deleteMessage', { name: dialog.key.name })}
      onConfirm=${() => api(routes.deleteKey(dialog.key.id)).then(state.reload)} onClose=${close} />`}</div>`;
}
