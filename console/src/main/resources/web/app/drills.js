import { useState, useEffect } from 'preact/hooks';
import { get, post, qs } from './api.js';
import { t, fmtTime, fromLocal, timeZone } from './i18n.js';
import { html, useLoad, Err } from './common.js';

const STATUS_CLASS = { detected: 'ok', late: 'warn', missed: 'bad', waiting: 'wait', not_injected: 'muted', not_expected: 'muted' };

function ms(v) {
  if (v === null || v === undefined) return '—';
  if (v < 1000) return v + ' ms';
  if (v < 60000) return (v / 1000).toFixed(1) + ' s';
  const s = Math.round(v / 1000);
  return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
}

const names = (s) => s.split(',').map(x => x.trim()).filter(Boolean);

/** Drills: the scenarios, a plan form, and every drill (planned, running, or run from the command line). */
export function Drills({ me }) {
  const [data, error, reload] = useLoad(() => get('/drills'), []);
  const [form, setForm] = useState({ scenario: '', title: '', speed: '1', start: '', auto: false, agencies: '', committee: '', referees: '', red_team: '', blue_team: '', observers: '' });
  const [msg, setMsg] = useState(null);
  const canWork = me.role === 'admin' || me.role === 'analyst';
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    const roles = {};
    for (const r of ['committee', 'referees', 'red_team', 'blue_team', 'observers']) if (form[r]) roles[r] = names(form[r]);
    const body = { scenario: form.scenario || (data.scenarios[0] || {}).id, speed: Number(form.speed), roles, auto_start: form.auto };
    if (form.title) body.title = form.title;
    if (form.agencies) body.agencies = names(form.agencies);
    if (form.start) body.window_start = fromLocal(form.start).toISOString();
    try {
      const p = await post('/drills', body);
      setMsg(null);
      location.hash = '#/drills/' + encodeURIComponent(p.id);
    } catch (err) { setMsg(err.message); }
  };
  if (!data) return html`<section><h1>${t('drills')}</h1><${Err} error=${error} /><p class="loading">${t('loading')}</p></section>`;
  return html`<section><h1>${t('drills')}</h1><${Err} error=${error} />
    ${data.errors.length > 0 && html`<div class="panel error" id="drill-errors">${data.errors.map(x => html`<div>${x}</div>`)}</div>`}
    <div class="panel"><h2>${t('drill_list')}</h2>
      <table id="drill-list"><thead><tr><th>${t('drill_id')}</th><th>${t('scenario')}</th><th>${t('state')}</th><th>${t('window_start')}</th><th>${t('started_at')}</th></tr></thead>
      <tbody>${data.drills.length === 0 ? html`<tr><td colspan="5">${t('none')}</td></tr>` : data.drills.map(d => html`<tr>
        <td><a href=${'#/drills/' + encodeURIComponent(d.id)}>${d.id}</a></td><td>${d.title || d.scenario || ''}</td><td>${d.status}</td>
        <td>${fmtTime(d.window_start)}</td><td>${fmtTime(d.started_at)}</td></tr>`)}</tbody></table>
    </div>
    ${canWork && html`<form class="panel" id="drill-plan" onSubmit=${submit}><h2>${t('plan_drill')}</h2>
      <label>${t('scenario')} <select id="drill-scenario" value=${form.scenario} onChange=${set('scenario')}>
        ${data.scenarios.map(s => html`<option value=${s.id}>${s.title} (${s.steps.length})</option>`)}</select></label>
      <label>${t('title')} <input id="drill-title" value=${form.title} onInput=${set('title')} /></label>
      <label>${t('speed')} <input id="drill-speed" type="number" min="0.1" max="1000" step="0.1" value=${form.speed} onInput=${set('speed')} /></label>
      <label>${t('window_start')} (${timeZone()}) <input id="drill-start" type="datetime-local" value=${form.start} onInput=${set('start')} /></label>
      <label>${t('drill_agencies')} <input id="drill-agencies" value=${form.agencies} onInput=${set('agencies')} placeholder="so-khcn, so-tai-chinh" /></label>
      <label><input id="drill-auto" type="checkbox" checked=${form.auto} onChange=${set('auto')} /> ${t('auto_start')}</label>
      ${['committee', 'referees', 'red_team', 'blue_team', 'observers'].map(r => html`<label>${t('role_' + r)} <input id=${'drill-' + r} value=${form[r]} onInput=${set(r)} placeholder=${t('comma_separated')} /></label>`)}
      ${msg && html`<p class="error" role="alert">${msg}</p>`}
      <button id="drill-create" type="submit">${t('plan_drill')}</button>
    </form>`}
    <div class="panel"><h2>${t('scenarios')}</h2>
      <table id="scenario-list"><thead><tr><th>${t('scenario')}</th><th>${t('drill_target')}</th><th>${t('steps')}</th></tr></thead>
      <tbody>${data.scenarios.map(s => html`<tr><td>${s.title}<br /><small>${s.id}</small></td><td>${s.target}</td>
        <td>${s.steps.map(st => html`<div>${st.technique} · ${st.name}</div>`)}</td></tr>`)}</tbody></table>
    </div>
  </section>`;
}

/** One drill's live board: steps with status and timers, team totals, start, referees' scores and notes, the reports. */
export function DrillBoard({ me, id }) {
  const [board, setBoard] = useState(null);
  const [error, setError] = useState(null);
  const [now, setNow] = useState(Date.now());
  const [ref, setRef] = useState({ team: 'blue', points: '', note: '' });
  const [notes, setNotes] = useState(null);
  const canWork = me.role === 'admin' || me.role === 'analyst';
  const load = async () => {
    try { setBoard(await get('/drills/' + encodeURIComponent(id))); setError(null); } catch (e) { setError(e); }
  };
  useEffect(() => {
    load();
    const poll = setInterval(load, 2000);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => { clearInterval(poll); clearInterval(tick); };
  }, [id]);
  if (!board) return html`<section><h1>${t('drill')} ${id}</h1><${Err} error=${error} /><p class="loading">${t('loading')}</p></section>`;
  const s = board.score;
  const plan = board.plan;
  const n = notes || (plan && plan.notes) || {};
  const act = async (path, body) => { try { await post('/drills/' + encodeURIComponent(id) + path, body); setError(null); await load(); } catch (e) { setError(e); } };
  const elapsed = s.started_at ? Math.max(0, now - new Date(s.started_at)) : null;
  const report = (kind, format) => '/api/v1/drills/' + encodeURIComponent(id) + '/report' + qs({ kind, format });
  return html`<section id="drill-board"><h1>${t('drill')} ${id}</h1><${Err} error=${error} />
    <div class="panel"><h2>${board.scenario.title}</h2>
      <p>${t('drill_target')}: ${board.scenario.target}</p>
      <p>${t('state')}: <b id="drill-status">${plan ? plan.status : 'injected'}</b>
        ${elapsed !== null && html` · ${t('elapsed')}: <span id="drill-elapsed">${ms(elapsed)}</span>`}
        ${plan && plan.error && html` · <span class="error">${plan.error}</span>`}</p>
      ${canWork && plan && (plan.status === 'planned' || plan.status === 'failed') && html`<button id="drill-start-now" onClick=${() => act('/start', {})}>${t('start_now')}</button>`}
      <p class="totals"><span id="blue-total">${t('blue_team')}: ${s.blue.points + s.blue.manual} / ${s.blue.max} (${s.blue.percent}%)</span>
        · <span id="red-total">${t('red_team')}: ${s.red.points + s.red.manual} / ${s.red.max}</span></p>
    </div>
    <div class="panel"><table id="drill-steps"><thead><tr><th>${t('steps')}</th><th>ATT&CK</th><th>${t('state')}</th><th>${t('injected_at')}</th>
      <th>${t('time_to_detect')}</th><th>${t('rule')}</th><th>${t('incidents')}</th><th>${t('time_to_ack')}</th><th>${t('time_to_contain')}</th><th>${t('points')}</th></tr></thead>
      <tbody>${s.steps.map(r => html`<tr data-step=${r.id}>
        <td>${r.name}</td><td>${r.technique}</td><td><span class=${'badge ' + (STATUS_CLASS[r.status] || '')}>${t('st_' + r.status)}</span></td>
        <td>${fmtTime(r.injected_at)}</td><td>${ms(r.time_to_detect_ms)}</td><td>${(r.rule_names.length ? r.rule_names : r.rules).join(', ')}</td>
        <td>${r.incident ? html`<a href=${'#/incidents/' + encodeURIComponent(r.incident)}>${r.incident}</a> <small>${r.incident_state}</small>` : '—'}</td>
        <td>${ms(r.time_to_acknowledge_ms)}</td><td>${ms(r.time_to_contain_ms)}</td><td>${r.points} / ${r.max_points}</td></tr>`)}</tbody></table>
    </div>
    <div class="panel"><h2>${t('reports')}</h2><p class="actions">
      ${['blue', 'red', 'committee'].map(k => html`<a class="button" id=${'drill-report-' + k} href=${report(k, 'pdf')} download>${t('report_' + k)} (PDF)</a> `)}
      <a class="button" href=${report('committee', 'html')} target="_blank" rel="noopener">HTML</a></p></div>
    ${canWork && plan && html`<form class="panel" id="referee-form" onSubmit=${e => { e.preventDefault(); act('/referee', { team: ref.team, points: Number(ref.points), note: ref.note }); setRef({ ...ref, points: '', note: '' }); }}>
      <h2>${t('referee')}</h2>
      <label>${t('team')} <select id="referee-team" value=${ref.team} onChange=${e => setRef({ ...ref, team: e.target.value })}>
        <option value="blue">${t('blue_team')}</option><option value="red">${t('red_team')}</option></select></label>
      <label>${t('points')} <input id="referee-points" type="number" step="1" value=${ref.points} onInput=${e => setRef({ ...ref, points: e.target.value })} required /></label>
      <label>${t('note')} <input id="referee-note" value=${ref.note} onInput=${e => setRef({ ...ref, note: e.target.value })} /></label>
      <button type="submit" id="referee-add">${t('add')}</button>
      <ul id="referee-list">${plan.referee.map(e => html`<li>${fmtTime(e.at)} · ${e.by} · ${e.team === 'blue' ? t('blue_team') : t('red_team')} ${e.points > 0 ? '+' : ''}${e.points}: ${e.note}</li>`)}</ul>
    </form>`}
    ${canWork && plan && html`<form class="panel" id="notes-form" onSubmit=${e => { e.preventDefault(); act('/notes', n); setNotes(null); }}>
      <h2>${t('drill_notes')}</h2>
      ${['organisation', 'verdict', 'lessons'].map(k => html`<label>${t('note_' + k)}<textarea id=${'note-' + k} rows="3" value=${n[k] || ''} onInput=${e => setNotes({ ...n, [k]: e.target.value })}></textarea></label>`)}
      <button type="submit" id="notes-save">${t('save')}</button>
    </form>`}
  </section>`;
}
