import { useState } from 'preact/hooks';
import { get } from './api.js';
import { t, fmtTime } from './i18n.js';
import { html, Err, useLoad } from './common.js';

function Tree({ orgs, parent, onPick, picked }) {
  const children = orgs.filter(o => (o.parent || null) === parent || (parent === null && o.parent && !orgs.some(p => p.id === o.parent)));
  if (children.length === 0) return null;
  return html`<ul class="tree">${children.map(o => html`<li>
    <button class=${'link' + (picked === o.id ? ' active' : '')} onClick=${() => onPick(o.id)}>${o.name}</button> <small>${o.id}</small>
    <${Tree} orgs=${orgs} parent=${o.id} onPick=${onPick} picked=${picked} /></li>`)}</ul>`;
}

function Onboarding({ org }) {
  const [data, error] = useLoad(() => get('/orgs/' + encodeURIComponent(org) + '/onboarding'), [org]);
  const [tab, setTab] = useState('rsyslog');
  if (error) return html`<${Err} error=${error} />`;
  if (!data) return null;
  const copy = () => navigator.clipboard && navigator.clipboard.writeText(data[tab]);
  return html`<div class="panel" id="onboarding"><h2>${t('onboarding')}</h2><p>${t('onboarding_help')}</p>
    <div role="tablist">${[['rsyslog', 'rsyslog'], ['syslog_ng', 'syslog-ng'], ['nxlog', 'NXLog (Windows)']].map(([k, label]) =>
      html`<button role="tab" id=${'tab-' + k} aria-selected=${tab === k} class=${tab === k ? 'active' : ''} onClick=${() => setTab(k)}>${label}</button>`)}</div>
    <pre class="config" id="onboarding-config">${data[tab]}</pre>
    <button onClick=${copy}>${t('copy')}</button>
  </div>`;
}

/** Senders the collector matched to no agency: shown apart, since nothing they claim is believed. */
function Unrecognised({ sources }) {
  if (!sources.length) return null;
  return html`<div class="panel warn" id="unrecognised-senders">
    <h2>${t('unrecognised_senders')} (${sources.length})</h2>
    <p>${t('unrecognised_note')}</p>
    <table class="list"><thead><tr><th>source</th><th>host</th><th>${t('last_seen')}</th><th>${t('count')}</th></tr></thead>
    <tbody>${sources.map(s => html`<tr><td>${s.source}</td><td>${s.host || ''}</td><td>${fmtTime(s.last_seen)}</td><td>${s.events}</td></tr>`)}</tbody></table>
  </div>`;
}

export function Agencies({ me }) {
  const [orgs, error] = useLoad(() => get('/orgs'), []);
  const [systems] = useLoad(() => get('/systems'), []);
  const [sources] = useLoad(() => get('/sources'), []);
  const [picked, setPicked] = useState(me.org || null);
  const mine = (x) => !picked || x === picked;
  const canOnboard = me.role !== 'agency_viewer';
  return html`<section class="agencies">
    <h1>${t('agencies')}</h1>
    <${Err} error=${error} />
    <div class="grid">
      <div class="panel" id="org-tree">${orgs && html`<${Tree} orgs=${orgs} parent=${null} onPick=${setPicked} picked=${picked} />`}</div>
      <div class="panel">
        <h2>${t('systems')}</h2>
        <table class="list" id="systems-table"><thead><tr><th>ID</th><th>${t('title')}</th><th>${t('org')}</th><th>${t('security_level')}</th><th>${t('type')}</th></tr></thead>
        <tbody>${(systems || []).filter(s => mine(s.org)).map(s => html`<tr><td>${s.id}</td><td>${s.name}</td><td>${s.org}</td><td>${s.level}</td><td>${s.type}</td></tr>`)}</tbody></table>
        <h2>${t('sources')}</h2>
        <table class="list" id="sources-table"><thead><tr><th>source</th><th>host</th><th>${t('org')}</th><th>${t('last_seen')}</th><th>${t('count')}</th><th>${t('state')}</th></tr></thead>
        <tbody>${(sources || []).filter(s => mine(s.agency)).map(s => html`<tr><td>${s.source}</td><td>${s.host || ''}</td><td>${s.agency || ''}</td>
          <td>${fmtTime(s.last_seen)}</td><td>${s.events}</td><td class=${s.silent ? 'warn' : 'ok'}>${s.silent ? t('silent') : t('active')}</td></tr>`)}</tbody></table>
      </div>
    </div>
    ${!me.org && html`<${Unrecognised} sources=${(sources || []).filter(s => s.agency === 'unassigned')} />`}
    ${picked && canOnboard && html`<${Onboarding} org=${picked} />`}
  </section>`;
}
