import { useEffect, useState } from 'preact/hooks';
import { get, post, api, qs } from './api.js';
import { t, fmtTime, fmtCountdown, language } from './i18n.js';
import { html, Err, useLoad, show, useFeed } from './common.js';

const name = (o) => (o ? (language() === 'vi' ? o.vi : o.en) || o.id : '');

export function Incidents({ params }) {
  const [state, setState] = useState(params.get('state') || '');
  const [open, setOpen] = useState(params.get('open') || 'true');
  const [list, error, reload] = useLoad(() => get('/incidents' + qs({ state, open, size: 200 })), [state, open]);
  // new incidents and changes made by others appear without a reload
  useFeed(msg => { if (msg.kind === 'incident') reload(); }, () => reload());
  return html`<section>
    <h1>${t('incidents')}</h1>
    <div class="toolbar">
      <label>${t('state')} <input id="incident-state" value=${state} onChange=${e => setState(e.target.value)} placeholder="detected" /></label>
      <label><select id="incident-open" value=${open} onChange=${e => setOpen(e.target.value)}>
        <option value="true">open</option><option value="false">closed</option><option value="">${t('all')}</option></select></label>
    </div>
    <${Err} error=${error} />
    ${list && html`<table class="list" id="incident-list"><thead><tr><th>ID</th><th>${t('title')}</th><th>${t('priority')}</th><th>${t('state')}</th><th>${t('org')}</th><th>${t('detected')}</th><th>${t('deadlines')}</th></tr></thead>
    <tbody>${list.map(i => html`<tr class="incident-row">
      <td><a href=${'#/incidents/' + encodeURIComponent(i.id)}>${i.id}</a>${i.drill ? html` <span class="tag">${t('drill')}</span>` : ''}</td>
      <td>${i.title}</td><td><span class=${'prio prio-' + i.priority}>${i.priority}</span></td><td>${i.state}</td><td>${(i.orgs || []).join(', ')}</td>
      <td>${fmtTime(i.detected)}</td><td>${(i.deadlines || []).filter(d => d.status === 'overdue' || d.status === 'warning').map(d => html`<span class=${'status-' + d.status}>${name(d)} </span>`)}</td>
    </tr>`)}</tbody></table>`}
    ${list && list.length === 0 && html`<p class="muted">${t('no_results')}</p>`}
  </section>`;
}

function Countdown({ due }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => { const i = setInterval(() => setNow(Date.now()), 1000); return () => clearInterval(i); }, []);
  return html`<span class="countdown">${fmtCountdown(due, now)}</span>`;
}

export function IncidentDetail({ id, me }) {
  const [editing, setEditing] = useState(null);
  const [inc, setInc] = useState(null);
  const [error, setError] = useState(null);
  const [comment, setComment] = useState('');
  const [alerts, setAlerts] = useState([]);
  const load = () => get('/incidents/' + encodeURIComponent(id)).then(setInc, e => setError(e.message));
  useEffect(() => { load(); }, [id]);
  useEffect(() => {
    if (!inc) return;
    Promise.all((inc.alert_ids || []).slice(0, 50).map(a => get('/alerts/' + encodeURIComponent(a)).catch(() => null))).then(x => setAlerts(x.filter(Boolean)));
  }, [inc && inc.alert_ids && inc.alert_ids.length]);
  const act = async (path, body) => {
    setError(null);
    try { setInc(await post('/incidents/' + encodeURIComponent(id) + path, body)); } catch (e) { setError(e.message); }
  };
  const upload = async (e) => {
    const f = e.target.files[0];
    if (!f) return;
    try {
      setInc(await api('POST', '/incidents/' + encodeURIComponent(id) + '/evidence' + qs({ name: f.name }), undefined, await f.arrayBuffer()));
    } catch (err) { setError(err.message); }
  };
  if (!inc) return html`<${Err} error=${error} /><p class="loading">${t('loading')}</p>`;
  const canWork = me.role === 'admin' || me.role === 'analyst';
  return html`<section class="incident" id="incident-detail">
    <h1><span id="incident-id">${inc.id}</span> — <span id="incident-title">${inc.title}</span></h1>
    <${Err} error=${error} />
    <dl class="facts">
      <dt>${t('state')}</dt><dd id="incident-state-value">${name((inc.states || []).find(s => s.id === inc.state)) || inc.state}</dd>
      <dt>${t('priority')}</dt><dd>${inc.priority_label}</dd>
      <dt>${t('serious')}</dt><dd>${inc.serious ? t('yes') : t('no')}</dd>
      <dt>${t('owner')}</dt><dd>${inc.owner || '-'}</dd>
      <dt>${t('org')}</dt><dd>${(inc.orgs || []).join(', ')}</dd>
      <dt>${t('systems')}</dt><dd>${(inc.systems || []).join(', ')}</dd>
      <dt>${t('security_level')}</dt><dd>${inc.security_level}</dd>
      <dt>${t('type')}</dt><dd>${inc.type || '-'}</dd>
    </dl>
    ${canWork && html`<div class="actions" id="incident-actions">${t('move_to')}: ${(inc.allowed || []).map(s =>
      html`<button class="transition" data-state=${s.id} onClick=${() => act('/transition', { to: s.id })}>${name(s)}</button>`)}
      <button onClick=${() => act('/assign', { owner: me.name, assignees: [] })}>${t('assign')}: ${me.name}</button>
      <select aria-label=${t('classify')} onChange=${e => e.target.value && act('/classify', { type: e.target.value })}>
        <option value="">${t('classify')}…</option>${(inc.incident_types || []).map(x => html`<option value=${x.id}>${name(x)}</option>`)}</select>
    </div>`}
    <h2>${t('reports')}</h2>
    <p class="actions" id="incident-reports">${['initial', 'closing'].map(k => html`
      <a class="button" href=${'/api/v1/incidents/' + encodeURIComponent(inc.id) + '/report?kind=' + k + '&format=pdf'} download>${t('report_' + k)} (PDF)</a>
      <a class="button" href=${'/api/v1/incidents/' + encodeURIComponent(inc.id) + '/report?kind=' + k + '&format=html'} target="_blank" rel="noopener">HTML</a>
      ${canWork && html`<button class="edit-report" data-kind=${k} onClick=${() => setEditing(editing === k ? null : k)}>${t('edit_report')}</button>`}
      ${canWork && html`<button class="send-report" onClick=${() => act('/report/send', { kind: k })}>${t('send_report')}</button>`}`)}</p>
    ${editing && html`<${ReportEditor} id=${inc.id} kind=${editing} key=${editing} />`}
    <h2>${t('deadlines')}</h2>
    <table class="list"><tbody>${(inc.deadlines || []).map(d => html`<tr><td>${name(d)}</td><td>${fmtTime(d.due)}</td>
      <td class=${'status-' + d.status}>${t(d.status)}</td><td>${d.due && !d.met_at ? html`<${Countdown} due=${d.due} />` : fmtTime(d.met_at)}</td></tr>`)}</tbody></table>
    <h2>${t('alerts')}</h2>
    <ul class="plain" id="incident-alerts">${alerts.map(a => html`<li>${fmtTime(a['@timestamp'])} — ${a.rule && a.rule.name} (${(a.event && a.event.sequence) || 1})
      ${(a.soctinh && a.soctinh.event_ids || []).length > 0 && html` <a class="events-link" href=${'#/search?range=30d&q=' + encodeURIComponent('event.id:(' + a.soctinh.event_ids.slice(0, 50).map(x => '"' + x + '"').join(' OR ') + ')')}>${t('events')}</a>`}</li>`)}</ul>
    <h2>${t('evidence')}</h2>
    <ul class="plain" id="incident-evidence">${(inc.evidence || []).map(e => html`<li>
      <a href=${'/api/v1/incidents/' + encodeURIComponent(inc.id) + '/evidence/' + e.sha256} download>${e.name}</a>
      <code class="sha">SHA-256 ${e.sha256}</code> ${e.size} B — ${e.uploader}, ${fmtTime(e.at)}</li>`)}</ul>
    ${canWork && html`<label>${t('upload')} <input type="file" id="evidence-file" onChange=${upload} /></label>`}
    <h2>${t('comments')}</h2>
    <div id="incident-comments">${(inc.comments || []).map(c => html`<div class="comment"><div class="meta">${c.who}, ${fmtTime(c.at)}</div>
      <div class="markdown" dangerouslySetInnerHTML=${{ __html: c.html }}></div></div>`)}</div>
    ${canWork && html`<form onSubmit=${e => { e.preventDefault(); act('/comments', { text: comment }).then(() => setComment('')); }}>
      <textarea id="comment-text" aria-label=${t('add_comment')} value=${comment} onInput=${e => setComment(e.target.value)}></textarea>
      <button id="comment-send" type="submit">${t('send')}</button></form>`}
    <h2>${t('timeline')}</h2>
    <ol class="timeline" id="incident-timeline">${(inc.timeline || []).map(e => html`<li><time>${fmtTime(e.at)}</time> <b>${e.who}</b> ${e.what}: ${e.detail}</li>`)}</ol>
  </section>`;
}

/**
 * The report's fields before sending: what the data fills is shown, what only a person can say is
 * written here and kept as a draft between edits (the PDF, HTML and sending all start from it).
 */
function ReportEditor({ id, kind }) {
  const [draft, setDraft] = useState(null);
  const [fields, setFields] = useState({});
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);
  const load = async () => {
    try {
      const d = await get('/incidents/' + encodeURIComponent(id) + '/report/draft' + qs({ kind }));
      setDraft(d); setFields(d.fields || {}); setSaved(d.at ? d.by + ', ' + fmtTime(d.at) : null); setError(null);
    } catch (e) { setError(e); }
  };
  useEffect(() => { load(); }, [id, kind]);
  const save = async (e) => {
    e.preventDefault();
    try {
      const d = await post('/incidents/' + encodeURIComponent(id) + '/report/draft', { kind, fields });
      setSaved(d.by + ', ' + fmtTime(d.at));
      await load();
    } catch (err) { setError(err); }
  };
  if (!draft) return html`<${Err} error=${error} /><p class="loading">${t('loading')}</p>`;
  return html`<form class="panel" id="report-editor" data-kind=${kind} onSubmit=${save}>
    <h3>${t('report_' + kind)}</h3><${Err} error=${error} />
    ${draft.report.fields.map(f => html`<div class="report-field" data-field=${f.id}>
      <label>${f.label}${f.from_data && !fields[f.id] ? html` <small>(${t('from_data')})</small>` : ''}
      ${f.from_data && !fields[f.id] ? html`<div class="value">${f.value}</div>`
        : html`<textarea rows="2" name=${f.id} value=${fields[f.id] || ''} placeholder=${t('needs_human')}
            onInput=${e => setFields({ ...fields, [f.id]: e.target.value })}></textarea>`}</label></div>`)}
    <button type="submit" id="report-draft-save">${t('save_draft')}</button> ${saved && html`<small id="report-draft-saved">${t('saved')}: ${saved}</small>`}
  </form>`;
}
