// Settings: the effective configuration (secrets masked by the gateway) and the strategy switch per provider.
import { html, useState, useLoad, Loaded, ErrorBox } from '../ui.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { routes } from '../routes.js';

function Strategy({ provider, strategies, onChanged }) {
  const [value, setValue] = useState(provider.strategy);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  const apply = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api(routes.setStrategy(provider.id), { strategy: value });
      setSaved(true);
      onChanged();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return html`<form class="row" onSubmit=${apply} data-provider=${provider.id}>
    <label class="inline"><strong>${provider.id}</strong>
      <select name="strategy" aria-label=${t('settings.strategyFor', { provider: provider.id })} value=${value}
        onChange=${(e) => setValue(e.target.value)}>
        ${strategies.map((s) => html`<option value=${s}>${tOr('strategy.', s)}</option>`)}</select></label>
    <button type="submit" disabled=${busy || value === provider.strategy}>${t('settings.apply')}</button>
    ${saved && html`<span class="small" role="status">${t('settings.saved')}</span>`}
    <${ErrorBox} error=${error} />
  </form>`;
}

export function Settings() {
  const providers = useLoad(() => api(routes.providers()), []);
  const config = useLoad(() => api(routes.config()), []);
  return html`<div class="page"><h1>${t('nav.settings')}</h1>
    <section class="panel form" aria-labelledby="strategy-title">
      <h2 id="strategy-title">${t('settings.strategies')}</h2>
      <p class="hint">${t('settings.strategyHint')}</p>
      <${Loaded} state=${providers}>${(d) => d.data.length === 0 ? html`<p class="muted">${t('dash.noProviders')}</p>`
        : d.data.map((p) => html`<${Strategy} key=${p.id + p.strategy} provider=${p} strategies=${d.strategies}
            onChanged=${providers.reload} />`)}</${Loaded}>
    </section>
    <section class="panel" aria-labelledby="config-title">
      <h2 id="config-title">${t('settings.config')}</h2>
      <${Loaded} state=${config}>${(c) => html`<p class="hint">${t('settings.source', { source: c.source })}</p>
        <pre id="config-json">${JSON.stringify(c.config, null, 2)}</pre>`}</${Loaded}>
    </section></div>`;
}
