// Add-account flows, rendered from what the plugin declares (GET /admin/providers/{id}/flows): a form for the
// flow's start fields, then its state polled until it ends, with the further input it takes while pending.
import { html, useState, useEffect, useRef, Dialog, ErrorBox, copyText } from '../ui.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { routes } from '../routes.js';

const DONE = ['completed', 'error', 'expired', 'timeout', 'cancelled'];

function fieldLabel(f) {
  return tOr('flow.field.', f.name, f.label);
}

/** Collects the input object from the fields' raw values; JSON fields are parsed (400-style message on failure). */
function collect(fields, values) {
  const input = {};
  for (const f of fields) {
    const raw = (values[f.name] || '').trim();
    if (!raw) {
      if (f.required) throw new Error(t('flow.required', { field: fieldLabel(f) }));
      continue;
    }
    if (f.kind === 'json') {
      try {
        input[f.name] = JSON.parse(raw);
      } catch (e) {
        throw new Error(t('flow.badJson', { field: fieldLabel(f) }));
      }
    } else {
      input[f.name] = raw;
    }
  }
  return input;
}

function Field({ f, value, onValue }) {
  const name = 'flow-' + f.name;
  const help = f.help && html`<span class="hint">${tOr('flow.help.', f.name, f.help)}</span>`;
  if (f.kind === 'choice') {
    return html`<label>${fieldLabel(f)}<select name=${name} value=${value || f.choices[0]}
        onChange=${(e) => onValue(e.target.value)}>${f.choices.map((c) => html`<option value=${c}>${c}</option>`)}
      </select>${help}</label>`;
  }
  if (f.kind === 'json') {
    const load = async (e) => {
      const file = e.target.files[0];
      if (file) onValue(await file.text());
    };
    return html`<label>${fieldLabel(f)}${f.required ? ' *' : ''}
      <textarea name=${name} spellcheck="false" autocomplete="off" value=${value || ''}
        onInput=${(e) => onValue(e.target.value)}></textarea>${help}
      <span class="row small">${t('flow.loadFile')}
        <input type="file" accept=".json,application/json" aria-label=${t('flow.loadFileFor', { field: fieldLabel(f) })}
          onChange=${load} /></span></label>`;
  }
  return html`<label>${fieldLabel(f)}${f.required ? ' *' : ''}
    <input name=${name} type=${f.kind === 'secret' ? 'password' : f.kind === 'url' ? 'url' : 'text'}
      autocomplete="off" required=${f.required} value=${value || ''} onInput=${(e) => onValue(e.target.value)} />
    ${help}</label>`;
}

function Form({ fields, onSubmit, submitLabel, busy, error, id }) {
  const [values, setValues] = useState({});
  const [problem, setProblem] = useState(null);
  const submit = (e) => {
    e.preventDefault();
    setProblem(null);
    let input;
    try {
      input = fields.length ? collect(fields, values) : JSON.parse(values.json || '{}');
    } catch (err) {
      setProblem(err instanceof SyntaxError ? new Error(t('flow.badJson', { field: 'JSON' })) : err);
      return;
    }
    onSubmit(input);
  };
  const shown = fields.length ? fields : [{ name: 'json', kind: 'json', label: t('flow.input'), required: false }];
  return html`<form class="form" onSubmit=${submit} id=${id}>
    ${shown.map((f) => html`<${Field} f=${f} value=${values[f.name]}
      onValue=${(v) => setValues((old) => ({ ...old, [f.name]: v }))} />`)}
    <${ErrorBox} error=${problem || error} />
    <div class="row end"><button class="primary" type="submit" disabled=${busy}>${submitLabel}</button></div>
  </form>`;
}

function Details({ details }) {
  const [copied, setCopied] = useState(false);
  const entries = Object.entries(details || {}).filter(([k]) => k !== 'error' && k !== 'user-code');
  const code = details && details['user-code'];
  return html`<div class="flow-details">
    ${code && html`<div class="notice"><div class="small">${t('flow.userCode')}</div>
      <div class="user-code mono" id="user-code">${code}</div>
      <div class="row end"><button class="link" onClick=${async () => setCopied(await copyText(code))}>
        ${copied ? t('common.copied') : t('common.copy')}</button></div></div>`}
    <dl>${entries.map(([k, v]) => html`<dt class="small muted">${tOr('flow.detail.', k, k)}</dt>
      <dd data-detail=${k}>${value(k, v)}</dd>`)}</dl>
    ${details && details.error && html`<div class="error" role="alert" id="flow-error">${details.error}</div>`}
  </div>`;
}

function value(k, v) {
  if (typeof v === 'string' && /^https?:\/\//.test(v)) {
    return html`<a href=${v} target="_blank" rel="noopener noreferrer" class="mono">${v}</a>`;
  }
  if ((k === 'expires-in' || k === 'interval') && typeof v === 'number') return t('flow.seconds', { n: v });
  if (k === 'account' && v && typeof v === 'object') return v.name || JSON.stringify(v);
  if (k === 'accounts' && Array.isArray(v)) return v.map((a) => (typeof a === 'object' ? a.name : a)).join(', ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function FlowDialog({ provider, flow, onClose, onDone }) {
  const [state, setState] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const live = useRef(null);
  live.current = state;
  const pending = state && state.status === 'pending';

  useEffect(() => {
    if (!pending) return undefined;
    const wait = Math.max(1, Number(state.details && state.details.interval) || 2) * 1000;
    const timer = setTimeout(async () => {
      try {
        const s = await api(routes.flowStatus(provider.id, flow.name, state.id));
        setState(s);
        if (s.status === 'completed') onDone();
      } catch (e) {
        setError(e);
        setState({ ...state });
      }
    }, wait);
    return () => clearTimeout(timer);
  }, [state]);

  const start = async (input) => {
    setBusy(true);
    setError(null);
    try {
      const s = await api(routes.startFlow(provider.id, flow.name), input);
      setState(s);
      if (s.status === 'completed') onDone();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  const submit = async (input) => {
    setBusy(true);
    setError(null);
    try {
      const s = await api(routes.submitFlow(provider.id, flow.name, state.id), input);
      setState(s);
      if (s.status === 'completed') onDone();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  const close = () => {
    const s = live.current;
    if (s && s.status === 'pending') {
      api(routes.cancelFlow(provider.id, flow.name, s.id)).catch(() => {});
    }
    onClose();
  };
  return html`<${Dialog} title=${t('flow.title', { flow: tOr('flow.name.', flow.name), provider: provider.id })}
      onClose=${close}>
    <p class="small muted">${flow.description}</p>
    ${!state && html`<${Form} id="flow-start" fields=${flow.start_fields || []} onSubmit=${start}
      submitLabel=${t('flow.start')} busy=${busy} error=${error} />`}
    ${state && html`<div class="row"><span>${t('flow.status')}</span>
        <span class=${'chip ' + state.status} id="flow-status" data-status=${state.status}>
          ${tOr('flowStatus.', state.status)}</span></div>
      ${pending && html`<p class="small" role="status">${t('flow.waiting')}</p>`}
      ${state.status === 'completed' && html`<div class="success" role="status" id="flow-done">${t('flow.completed')}</div>`}
      <${Details} details=${state.details} />
      ${pending && (flow.submit_fields || []).length > 0 && html`<h3>${t('flow.manual')}</h3>
        <${Form} id="flow-submit" fields=${flow.submit_fields} onSubmit=${submit} submitLabel=${t('flow.send')}
          busy=${busy} error=${error} />`}
      ${!(pending && (flow.submit_fields || []).length > 0) && html`<${ErrorBox} error=${error} />`}
      <div class="row end">
        ${pending && html`<button class="danger" id="flow-cancel" onClick=${close}>${t('flow.cancel')}</button>`}
        ${DONE.includes(state.status) && html`<button class="primary" onClick=${onClose}>${t('common.close')}</button>`}
      </div>`}
  </${Dialog}>`;
}
