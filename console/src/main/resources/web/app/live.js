import { useEffect, useRef, useState } from 'preact/hooks';
import { get, post } from './api.js';
import { t, fmtTime } from './i18n.js';
import { html, Level, field, Err, useFeed } from './common.js';

const MAX = 500;

/**
 * The live feed: a WebSocket of new alerts; on reconnect it asks for what it missed (?after=seq),
 * and reloads from REST when the server says the gap is too old.
 */
export function LiveAlerts({ me }) {
  const [alerts, setAlerts] = useState([]);
  const [paused, setPaused] = useState(false);
  const [filter, setFilter] = useState({ org: '', level: '', rule: '' });
  const [error, setError] = useState(null);
  const pausedRef = useRef(false);
  const held = useRef([]);
  const [heldCount, setHeldCount] = useState(0);
  pausedRef.current = paused;

  const add = (items) => {
    if (pausedRef.current) { held.current = items.concat(held.current).slice(0, MAX); setHeldCount(held.current.length); return; }
    setAlerts(prev => dedupe(items.concat(prev)).slice(0, MAX));
  };
  const reload = () => get('/alerts?size=100').then(r => setAlerts(r.hits), e => setError(e.message));

  useEffect(() => { reload(); }, []);
  const [feedUp] = useFeed(msg => { if (msg.kind === 'alert') add([msg.data]); }, reload);
  const connected = feedUp;

  const resume = () => { setPaused(false); setAlerts(prev => dedupe(held.current.concat(prev)).slice(0, MAX)); held.current = []; setHeldCount(0); };
  const shown = alerts.filter(a =>
    (!filter.org || field(a, 'organization.id') === filter.org) &&
    (!filter.level || field(a, 'labels.level') === filter.level) &&
    (!filter.rule || String(field(a, 'rule.name') || '').toLowerCase().includes(filter.rule.toLowerCase())));
  const orgs = [...new Set(alerts.map(a => field(a, 'organization.id')).filter(Boolean))].sort();
  const levels = [...new Set(alerts.map(a => field(a, 'labels.level')).filter(Boolean))].sort();
  const openIncident = async (a) => {
    try {
      const i = await post('/incidents', { alert_id: field(a, 'event.id') });
      location.hash = '#/incidents/' + encodeURIComponent(i.id);
    } catch (e) { setError(e.message); }
  };
  const canWork = me.role === 'admin' || me.role === 'analyst';
  return html`<section>
    <h1>${t('live')}</h1>
    <div class="toolbar">
      <span id="feed-status" class=${connected ? 'ok' : 'warn'}>${connected ? t('connected') : t('disconnected')}</span>
      ${paused ? html`<button id="feed-resume" onClick=${resume}>${t('resume')} (${heldCount} ${t('new_alerts')})</button>`
        : html`<button id="feed-pause" onClick=${() => setPaused(true)}>${t('pause')}</button>`}
      <label>${t('filter_org')} <select id="filter-org" value=${filter.org} onChange=${e => setFilter({ ...filter, org: e.target.value })}>
        <option value="">${t('all')}</option>${orgs.map(o => html`<option value=${o}>${o}</option>`)}</select></label>
      <label>${t('filter_level')} <select id="filter-level" value=${filter.level} onChange=${e => setFilter({ ...filter, level: e.target.value })}>
        <option value="">${t('all')}</option>${levels.map(o => html`<option value=${o}>${o}</option>`)}</select></label>
      <label>${t('filter_rule')} <input id="filter-rule" value=${filter.rule} onInput=${e => setFilter({ ...filter, rule: e.target.value })} /></label>
    </div>
    <${Err} error=${error} />
    <table class="list" id="live-table"><thead><tr><th>${t('time')}</th><th>${t('level')}</th><th>${t('rule')}</th><th>${t('org')}</th><th>${t('source_ip')}</th><th>${t('count')}</th><th>${t('actions')}</th></tr></thead>
    <tbody>${shown.map(a => html`<tr class="alert-row" key=${field(a, 'event.id')}>
      <td>${fmtTime(field(a, '@timestamp'))}</td><td><${Level} level=${field(a, 'labels.level')} /></td>
      <td class="rule-name">${field(a, 'rule.name')}</td><td>${field(a, 'organization.name') || field(a, 'organization.id') || ''}</td>
      <td>${field(a, 'labels.group_source_ip') || ''}</td><td>${field(a, 'event.sequence') || 1}</td>
      <td>${canWork && html`<button class="open-incident" onClick=${() => openIncident(a)}>${t('open_incident')}</button>`}
        <a href=${'#/search?q=' + encodeURIComponent('event.id:"' + String((field(a, 'soctinh.event_ids') || [])[0] || '') + '"')}>${t('details')}</a></td>
    </tr>`)}</tbody></table>
  </section>`;
}

function dedupe(list) {
  const seen = new Set();
  return list.filter(a => { const id = field(a, 'event.id'); if (seen.has(id)) return false; seen.add(id); return true; });
}
