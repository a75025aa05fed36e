import { useState } from 'preact/hooks';
import { get, qs } from './api.js';
import { t } from './i18n.js';
import { html, useLoad, Err } from './common.js';

/** The periodic monitoring report: a period and an agency (or the province), as PDF, HTML or JSON. */
export function Reports({ me }) {
  const [days, setDays] = useState('7');
  const [org, setOrg] = useState(me.role === 'agency_viewer' ? (me.org || '') : '');
  const [orgs, error] = useLoad(() => get('/orgs'), []);
  const to = new Date();
  const from = new Date(to - Number(days) * 86400e3);
  const link = (format) => '/api/v1/reports/monitoring' + qs({ from: from.toISOString(), to: to.toISOString(), org, format });
  return html`<section><h1>${t('reports')}</h1><${Err} error=${error} />
    <div class="panel" id="monitoring-report">
      <h2>${t('monitoring_report')}</h2>
      <div class="toolbar">
        <label>${t('range')} <select id="report-days" value=${days} onChange=${e => setDays(e.target.value)}>
          <option value="7">${t('last_7d')}</option><option value="30">${t('last_30d')}</option></select></label>
        <label>${t('org')} <select id="report-org" value=${org} onChange=${e => setOrg(e.target.value)}>
          ${me.role !== 'agency_viewer' && html`<option value="">${t('whole_province')}</option>`}
          ${(orgs || []).map(o => html`<option value=${o.id}>${o.name}</option>`)}</select></label>
      </div>
      <p class="actions">
        <a class="button" id="report-pdf" href=${link('pdf')} download>PDF</a>
        <a class="button" href=${link('html')} target="_blank" rel="noopener">HTML</a>
        <a class="button" href=${link('json')} target="_blank" rel="noopener">JSON</a>
      </p>
    </div>
  </section>`;
}
