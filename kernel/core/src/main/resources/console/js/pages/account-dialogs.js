// The dialogs of the accounts page: add one, edit tier/weight/concurrency, batch import, export.
import { html, useState, useSubmit, Dialog, ErrorBox, download, fmtNum } from '../ui.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { routes } from '../routes.js';

function positive(v) {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** Account keys of the plugin, secrets first: the credentials an add-account form asks for. */
function credentialKeys(provider) {
  const secrets = provider.account_secret_keys || [];
  return [...secrets, ...(provider.account_keys || []).filter((k) => !secrets.includes(k))];
}

export function AddAccount({ provider, onClose, onDone }) {
  const secrets = provider.account_secret_keys || [];
  const [form, setForm] = useState({ name: '', tier: '1', weight: '1', concurrency: '', enabled: true });
  const [creds, setCreds] = useState({});
  const s = useSubmit(async () => {
    const credentials = {};
    Object.entries(creds).forEach(([k, v]) => { if (v.trim()) credentials[k] = v.trim(); });
    const body = { name: form.name.trim(), tier: positive(form.tier), weight: positive(form.weight),
      enabled: form.enabled, credentials };
    if (form.concurrency) body['max-concurrency'] = positive(form.concurrency);
    await api(routes.createAccount(provider.id), body);
    onDone();
    onClose();
  });
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });
  return html`<${Dialog} title=${t('accounts.addTitle', { provider: provider.id })} onClose=${onClose}>
    <form class="form" onSubmit=${s.submit} id="add-account-form">
      <label>${t('accounts.name')}<input name="name" required value=${form.name} onInput=${set('name')} /></label>
      <div class="form-grid">
        <label>${t('accounts.tier')}<input name="tier" type="number" min="1" value=${form.tier} onInput=${set('tier')} /></label>
        <label>${t('accounts.weight')}<input name="weight" type="number" min="1" value=${form.weight} onInput=${set('weight')} /></label>
        <label>${t('accounts.maxConcurrency')}<input name="max-concurrency" type="number" min="1"
          placeholder=${t('accounts.unlimited')} value=${form.concurrency} onInput=${set('concurrency')} /></label>
      </div>
      ${credentialKeys(provider).map((k) => html`<label>${tOr('credential.', k)}
        <input name=${'credential-' + k} type=${secrets.includes(k) ? 'password' : 'text'} autocomplete="off"
          value=${creds[k] || ''} onInput=${(e) => setCreds({ ...creds, [k]: e.target.value })} />
        ${secrets.includes(k) && html`<span class="hint">${t('accounts.secretHint')}</span>`}</label>`)}
      <label class="inline"><input type="checkbox" name="enabled" checked=${form.enabled} onChange=${set('enabled')} />
        ${t('accounts.enabled')}</label>
      <${ErrorBox} error=${s.error} />
      <div class="row end"><button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button class="primary" type="submit" disabled=${s.busy}>${t('accounts.add')}</button></div>
    </form>
  </${Dialog}>`;
}

export function EditAccount({ provider, account, onClose, onDone }) {
  const [form, setForm] = useState({ tier: String(account.tier), weight: String(account.weight),
    concurrency: account.max_concurrency ? String(account.max_concurrency) : '' });
  const s = useSubmit(async () => {
    const body = { tier: positive(form.tier), weight: positive(form.weight) };
    if (form.concurrency) body['max-concurrency'] = positive(form.concurrency);
    await api(routes.patchAccount(provider.id, account.name), body);
    onDone();
    onClose();
  });
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  return html`<${Dialog} title=${t('accounts.editTitle', { name: account.name })} onClose=${onClose}>
    <form class="form" onSubmit=${s.submit} id="edit-account-form">
      <div class="form-grid">
        <label>${t('accounts.tier')}<input name="tier" type="number" min="1" required value=${form.tier} onInput=${set('tier')} />
          <span class="hint">${t('accounts.tierHint')}</span></label>
        <label>${t('accounts.weight')}<input name="weight" type="number" min="1" required value=${form.weight}
          onInput=${set('weight')} /></label>
        <label>${t('accounts.maxConcurrency')}<input name="max-concurrency" type="number" min="1"
          placeholder=${t('accounts.unlimited')} value=${form.concurrency} onInput=${set('concurrency')} /></label>
      </div>
      <${ErrorBox} error=${s.error} />
      <div class="row end"><button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button class="primary" type="submit" disabled=${s.busy}>${t('common.save')}</button></div>
    </form>
  </${Dialog}>`;
}

async function fingerprint(text) {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d).slice(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Accounts from a JSON file: an export ({accounts: [...]}), a list of account objects, or a list of keys. */
function accountsFromJson(text, field, prefix, tier) {
  const doc = JSON.parse(text);
  const list = Array.isArray(doc) ? doc : doc && Array.isArray(doc.accounts) ? doc.accounts : null;
  if (!list) throw new Error(t('import.badJson'));
  return Promise.all(list.map(async (a) => (typeof a === 'string'
    ? { name: `${prefix}-${await fingerprint(a.trim())}`, tier, credentials: { [field]: a.trim() } } : a)));
}

export function BatchImport({ provider, onClose, onDone }) {
  const secrets = provider.account_secret_keys || [];
  const [mode, setMode] = useState('paste');
  const [text, setText] = useState('');
  const [file, setFile] = useState(null);
  const [field, setField] = useState(secrets.includes('api-key') ? 'api-key' : secrets[0] || 'api-key');
  const [prefix, setPrefix] = useState(provider.id);
  const [tier, setTier] = useState('1');
  const [done, setDone] = useState(null);
  const keys = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const s = useSubmit(async () => {
    let accounts;
    if (mode === 'paste') {
      accounts = await Promise.all([...new Set(keys)].map(async (k) => ({
        name: `${prefix.trim() || provider.id}-${await fingerprint(k)}`, tier: positive(tier),
        credentials: { [field]: k } })));
    } else {
      if (!file) throw new Error(t('import.chooseFile'));
      try {
        accounts = await accountsFromJson(await file.text(), field, prefix.trim() || provider.id, positive(tier));
      } catch (e) {
        throw new Error(e instanceof SyntaxError ? t('import.badJson') : e.message);
      }
    }
    if (accounts.length === 0) throw new Error(t('import.nothing'));
    const r = await api(routes.importAccounts(provider.id), { accounts });
    setDone(r.imported);
    setText('');
    onDone();
  });
  return html`<${Dialog} title=${t('import.title', { provider: provider.id })} onClose=${onClose}>
    <div class="row" role="tablist">
      <button role="tab" aria-selected=${mode === 'paste'} class=${mode === 'paste' ? 'primary' : ''} id="import-mode-paste"
        onClick=${() => setMode('paste')}>${t('import.paste')}</button>
      <button role="tab" aria-selected=${mode === 'file'} class=${mode === 'file' ? 'primary' : ''} id="import-mode-file"
        onClick=${() => setMode('file')}>${t('import.file')}</button>
    </div>
    <form class="form" onSubmit=${s.submit} id="import-form">
      ${mode === 'paste' ? html`<label>${t('import.keys')}
          <textarea name="keys" autocomplete="off" spellcheck="false" value=${text}
            onInput=${(e) => setText(e.target.value)}></textarea>
          <span class="hint">${t('import.keysHint', { n: fmtNum(keys.length) })}</span></label>`
        : html`<label>${t('import.jsonFile')}
          <input type="file" name="file" accept=".json,application/json" onChange=${(e) => setFile(e.target.files[0])} />
          <span class="hint">${t('import.jsonHint')}</span></label>`}
      <div class="form-grid">
        <label>${t('import.field')}<select name="field" value=${field} onChange=${(e) => setField(e.target.value)}>
          ${secrets.map((k) => html`<option value=${k}>${tOr('credential.', k)}</option>`)}</select></label>
        <label>${t('import.prefix')}<input name="prefix" value=${prefix} onInput=${(e) => setPrefix(e.target.value)} />
          <span class="hint">${t('import.prefixHint')}</span></label>
        <label>${t('accounts.tier')}<input name="tier" type="number" min="1" value=${tier}
          onInput=${(e) => setTier(e.target.value)} /></label>
      </div>
      <${ErrorBox} error=${s.error} />
      ${done !== null && html`<div class="success" role="status" id="import-result">${t('import.done', { n: done })}</div>`}
      <div class="row end"><button type="button" onClick=${onClose}>${t('common.close')}</button>
        <button class="primary" type="submit" disabled=${s.busy}>${t('import.submit')}</button></div>
    </form>
  </${Dialog}>`;
}

export function ExportAccounts({ provider, onClose }) {
  const [secrets, setSecrets] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const s = useSubmit(async () => {
    const r = await api(routes.exportAccounts(provider.id, secrets), undefined,
      secrets ? { headers: { 'x-confirm-export': 'secrets' } } : {});
    download(`${provider.id}-accounts${secrets ? '-with-secrets' : ''}.json`, JSON.stringify(r, null, 2),
      'application/json');
    onClose();
  });
  return html`<${Dialog} title=${t('export.title', { provider: provider.id })} onClose=${onClose}>
    <form class="form" onSubmit=${s.submit} id="export-form">
      <p>${t('export.masked')}</p>
      <label class="inline"><input type="checkbox" name="secrets" checked=${secrets}
        onChange=${(e) => { setSecrets(e.target.checked); setUnderstood(false); }} />${t('export.includeSecrets')}</label>
      ${secrets && html`<div class="error" role="alert">${t('export.warning')}</div>
        <label class="inline"><input type="checkbox" name="understood" checked=${understood}
          onChange=${(e) => setUnderstood(e.target.checked)} />${t('export.understood')}</label>`}
      <${ErrorBox} error=${s.error} />
      <div class="row end"><button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button class=${secrets ? 'danger solid' : 'primary'} type="submit" disabled=${s.busy || (secrets && !understood)}>
          ${t('export.download')}</button></div>
    </form>
  </${Dialog}>`;
}
