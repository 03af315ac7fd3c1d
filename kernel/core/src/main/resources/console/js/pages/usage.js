// Usage: grouped by key, account, model, provider, day or hour over a chosen range; a chart; CSV download.
import { html, useState, useLoad, Loaded, fmtNum, download } from '../ui.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { routes } from '../routes.js';
import { Chart } from '../chart.js';

const GROUPS = ['day', 'hour', 'key', 'account', 'model', 'provider'];
const COLUMNS = ['requests', 'errors', 'aborted', 'input_tokens', 'output_tokens', 'cache_read_tokens',
  'cache_creation_tokens', 'total_tokens'];

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

function csv(report) {
  const quote = (v) => (/[",\n]/.test(String(v)) ? '"' + String(v).replace(/"/g, '""') + '"' : String(v));
  const lines = [[report.group_by, ...COLUMNS].join(',')];
  report.groups.forEach((g) => lines.push([quote(g.key), ...COLUMNS.map((c) => g.totals[c])].join(',')));
  return lines.join('\n') + '\n';
}

function chartData(report) {
  const time = report.group_by === 'day' || report.group_by === 'hour';
  const groups = report.groups;
  return {
    categories: time ? undefined : groups.map((g) => g.key || t('usage.none')),
    x: groups.map((g, i) => (time ? new Date(report.group_by === 'day' ? g.key + 'T00:00:00Z' : g.key).getTime() / 1000 : i)),
    series: [{ label: t('total.requests'), values: groups.map((g) => g.totals.requests) },
      { label: t('total.total_tokens'), values: groups.map((g) => g.totals.total_tokens), axis: 'right' }],
  };
}

export function Usage() {
  const now = new Date();
  const [groupBy, setGroupBy] = useState('day');
  const [from, setFrom] = useState(isoDay(new Date(now.getTime() - 6 * 86400000)));
  const [to, setTo] = useState(isoDay(now));
  const state = useLoad(() => {
    // "to" is inclusive in the form: the API's end is exclusive, so ask up to the next midnight.
    const end = isoDay(new Date(new Date(to + 'T00:00:00Z').getTime() + 86400000));
    return api(routes.usage(`group_by=${groupBy}&from=${from}&to=${end}`));
  }, [groupBy, from, to]);
  const quick = (days) => {
    setFrom(isoDay(new Date(Date.now() - (days - 1) * 86400000)));
    setTo(isoDay(new Date()));
  };
  return html`<div class="page"><h1>${t('nav.usage')}</h1>
    <section class="panel form" aria-label=${t('usage.filters')}>
      <div class="form-grid">
        <label>${t('usage.groupBy')}<select id="usage-group" value=${groupBy} onChange=${(e) => setGroupBy(e.target.value)}>
          ${GROUPS.map((g) => html`<option value=${g}>${t('usage.by.' + g)}</option>`)}</select></label>
        <label>${t('usage.from')}<input id="usage-from" type="date" value=${from} max=${to}
          onChange=${(e) => e.target.value && setFrom(e.target.value)} /></label>
        <label>${t('usage.to')}<input id="usage-to" type="date" value=${to} min=${from}
          onChange=${(e) => e.target.value && setTo(e.target.value)} /></label>
      </div>
      <div class="row"><span class="small muted">${t('usage.quick')}</span>
        <button onClick=${() => quick(1)}>${t('usage.days', { n: 1 })}</button>
        <button onClick=${() => quick(7)}>${t('usage.days', { n: 7 })}</button>
        <button onClick=${() => quick(30)}>${t('usage.days', { n: 30 })}</button>
        <span class="spacer"></span>
        <button id="usage-csv" disabled=${!state.data} onClick=${() => download(
          `switchboard-usage-${groupBy}-${from}-${to}.csv`, csv(state.data), 'text/csv')}>${t('usage.csv')}</button></div>
      <p class="hint">${t('usage.utc')}</p>
    </section>
    <${Loaded} state=${state}>${(r) => html`
      <section class="panel" id="usage-chart">
        ${r.groups.length === 0 ? html`<p class="muted">${t('usage.empty')}</p>`
          : html`<${Chart} label=${t('nav.usage')} ...${chartData(r)} />`}</section>
      <div class="table-wrap"><table id="usage-table">
        <thead><tr><th>${t('usage.by.' + r.group_by)}</th>${COLUMNS.map((c) => html`<th class="num">${t('total.' + c)}</th>`)}</tr></thead>
        <tbody>${r.groups.map((g) => html`<tr data-group=${g.key}><td>${g.key || html`<span class="muted">${t('usage.none')}</span>`}</td>
          ${COLUMNS.map((c) => html`<td class="num" data-col=${c}>${fmtNum(g.totals[c])}</td>`)}</tr>`)}
          <tr class="total"><th>${t('usage.total')}</th>${COLUMNS.map((c) => html`<th class="num" data-total=${c}>
            ${fmtNum(r.total[c])}</th>`)}</tr></tbody></table></div>`}</${Loaded}></div>`;
}
