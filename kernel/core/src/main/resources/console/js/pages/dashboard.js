// Dashboard: per provider status, accounts by state and tier, in-flight; today's traffic; 24 h and 30 d charts.
import { html, useState, useLoad, Loaded, Chip, fmtNum, utcDayStart, hoursAgo } from '../ui.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { routes } from '../routes.js';
import { Chart } from '../chart.js';

const TOTALS = ['requests', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'errors'];

function ProviderCard({ p }) {
  const tiers = Object.entries(p.tiers || {});
  return html`<section class="panel provider-card" data-provider=${p.id}>
    <div class="row"><h2><a href=${'#/providers/' + encodeURIComponent(p.id)}>${p.id}</a></h2>
      <span class="spacer"></span><${Chip} value=${p.status} label=${tOr('status.', p.status)} /></div>
    <p class="small muted">${t('dash.plugin')}: ${p.plugin} · ${t('dash.strategy')}: ${p.strategy}
      · ${t('dash.inFlight')}: <span data-stat="in_flight">${fmtNum(p.in_flight)}</span></p>
    ${p.error && html`<div class="error">${p.error}</div>`}
    <h3>${t('dash.accountsByState')}</h3>
    <div class="chips">${Object.keys(p.accounts).length === 0 ? html`<span class="muted">${t('dash.noAccounts')}</span>`
      : Object.entries(p.accounts).map(([s, n]) => html`<span class="chip ${s}" data-state=${s}>
          ${tOr('state.', s)}: ${fmtNum(n)}</span>`)}</div>
    ${tiers.length > 0 && html`<h3 class="tiers-title">${t('dash.byTier')}</h3>
      <table class="small"><tbody>${tiers.map(([tier, counts]) => html`<tr>
        <th>${t('dash.tier', { tier })}</th>
        <td>${Object.entries(counts).map(([s, n]) => `${tOr('state.', s)} ${fmtNum(n)}`).join(' · ')}</td></tr>`)}
      </tbody></table>`}
  </section>`;
}

function Today({ report }) {
  const total = report.total;
  const errors = report.groups.filter((g) => g.key !== '' && g.totals.errors > 0);
  return html`<section class="panel" aria-labelledby="today-title">
    <h2 id="today-title">${t('dash.today')}</h2>
    <div class="stats">${TOTALS.map((k) => html`<div class="stat">
      <div class="v" data-stat=${k}>${fmtNum(total[k])}</div><div class="l">${t('total.' + k)}</div></div>`)}</div>
    <h3 class="errors-title">${t('dash.errorsByKind')}</h3>
    ${errors.length === 0 ? html`<p class="muted" id="no-errors">${t('dash.noErrors')}</p>`
      : html`<div class="chips">${errors.map((g) => html`<span class="chip error" data-error-kind=${g.key}>
          ${tOr('kind.', g.key)}: ${fmtNum(g.totals.errors)}</span>`)}</div>`}
  </section>`;
}

/** Requests and tokens per hour (24 h) or per day (30 d), with empty buckets filled in. */
function Traffic() {
  const [range, setRange] = useState('24h');
  const state = useLoad(() => {
    const hourly = range === '24h';
    const from = hourly ? hoursAgo(24) : utcDayStart(29);
    return api(routes.usage(`group_by=${hourly ? 'hour' : 'day'}&from=${encodeURIComponent(from)}`))
      .then((r) => buckets(r, hourly, from));
  }, [range]);
  return html`<section class="panel" aria-labelledby="traffic-title">
    <div class="row"><h2 id="traffic-title">${t('dash.traffic')}</h2><span class="spacer"></span>
      <div class="row" role="group" aria-label=${t('dash.range')}>
        <button class=${range === '24h' ? 'primary' : ''} aria-pressed=${range === '24h'} id="range-24h"
          onClick=${() => setRange('24h')}>${t('dash.last24h')}</button>
        <button class=${range === '30d' ? 'primary' : ''} aria-pressed=${range === '30d'} id="range-30d"
          onClick=${() => setRange('30d')}>${t('dash.last30d')}</button></div></div>
    <${Loaded} state=${state}>${(d) => html`<${Chart} x=${d.x} label=${t('dash.traffic')} series=${[
      { label: t('total.requests'), values: d.requests },
      { label: t('total.total_tokens'), values: d.tokens, axis: 'right' }]} />`}</${Loaded}>
  </section>`;
}

function buckets(report, hourly, fromIso) {
  const step = hourly ? 3600 : 86400;
  const start = Math.floor(new Date(fromIso).getTime() / 1000 / step) * step;
  const n = hourly ? 25 : 30;
  const x = [];
  const requests = [];
  const tokens = [];
  const byKey = new Map(report.groups.map((g) => [Math.floor(new Date(hourly ? g.key : g.key + 'T00:00:00Z')
    .getTime() / 1000), g.totals]));
  for (let i = 0; i < n; i++) {
    const ts = start + i * step;
    const g = byKey.get(ts);
    x.push(ts);
    requests.push(g ? g.requests : 0);
    tokens.push(g ? g.total_tokens : 0);
  }
  return { x, requests, tokens };
}

export function Dashboard() {
  const providers = useLoad(() => api(routes.providers()), []);
  const today = useLoad(() => api(routes.usage(`group_by=error_kind&from=${encodeURIComponent(utcDayStart(0))}`)), []);
  return html`<div class="page"><h1>${t('nav.dashboard')}</h1>
    <${Loaded} state=${today}>${(r) => html`<${Today} report=${r} />`}</${Loaded}>
    <${Traffic} />
    <h2>${t('nav.providers')}</h2>
    <${Loaded} state=${providers}>${(d) => d.data.length === 0
      ? html`<div class="notice">${t('dash.noProviders')}</div>`
      : html`<div class="grid">${d.data.map((p) => html`<${ProviderCard} p=${p} />`)}</div>`}</${Loaded}></div>`;
}
