import { useState } from 'preact/hooks';
import { get, post, del, qs } from './api.js';
import { t, fmtTime } from './i18n.js';
import { html, Err, useLoad, Level } from './common.js';

export function Rules({ me }) {
  const [data, error, reload] = useLoad(() => get('/rules'), []);
  const [trial, setTrial] = useState({});
  const [err, setErr] = useState(null);
  const canWork = me.role === 'admin' || me.role === 'analyst';
  const toggle = async (r) => { try { await post('/rules/' + encodeURIComponent(r.id) + '/enabled', { enabled: !r.enabled }); reload(); } catch (e) { setErr(e.message); } };
  const test = async (r) => {
    try { const x = await post('/rules/' + encodeURIComponent(r.id) + '/test', { hours: 24 }); setTrial({ ...trial, [r.id]: x }); } catch (e) { setErr(e.message); }
  };
  return html`<section><h1>${t('rules')}</h1><${Err} error=${error || err} />
    ${data && data.errors.length > 0 && html`<div class="panel"><h2>${t('errors')}</h2><ul class="plain">${data.errors.map(e => html`<li class="error">${e}</li>`)}</ul></div>`}
    ${data && html`<table class="list" id="rules-table"><thead><tr><th>${t('title')}</th><th>${t('level')}</th><th>status</th><th>logsource</th><th>${t('state')}</th><th>${t('actions')}</th></tr></thead>
    <tbody>${data.rules.map(r => html`<tr class="rule-row"><td title=${r.id}>${r.title}</td><td><${Level} level=${r.level} /></td><td>${r.status}</td><td>${r.logsource}</td>
      <td>${canWork ? html`<button class="toggle" aria-pressed=${r.enabled} onClick=${() => toggle(r)}>${r.enabled ? t('enabled') : t('disabled')}</button>` : (r.enabled ? t('enabled') : t('disabled'))}</td>
      <td>${canWork && html`<button onClick=${() => test(r)}>${t('test_rule')}</button>`} ${trial[r.id] && html`<span>${trial[r.id].scanned} ${t('scanned')}, ${trial[r.id].matched} ${t('matched')}</span>`}</td></tr>`)}</tbody></table>`}
  </section>`;
}

export function Audit() {
  const [who, setWho] = useState('');
  const [data, error] = useLoad(() => get('/audit' + qs({ limit: 500, who })), [who]);
  const [check, setCheck] = useState(null);
  return html`<section><h1>${t('audit')}</h1>
    <div class="toolbar"><label>${t('who')} <input id="audit-who" onChange=${e => setWho(e.target.value)} /></label>
      <button id="audit-verify" onClick=${() => get('/audit/verify').then(setCheck)}>${t('verify')}</button>
      ${check && html`<span id="audit-verify-result" class=${check.ok ? 'ok' : 'error'}>${check.ok ? t('chain_ok') + ' (' + check.entries + ')' : t('chain_broken') + ' ' + check.broken_at_line}</span>`}</div>
    <${Err} error=${error} />
    ${data && html`<table class="list" id="audit-table"><thead><tr><th>#</th><th>${t('time')}</th><th>${t('who')}</th><th>${t('action')}</th><th>${t('target')}</th><th>${t('details')}</th></tr></thead>
    <tbody>${data.map(e => html`<tr><td>${e.seq}</td><td>${fmtTime(e.at)}</td><td>${e.who}</td><td>${e.action}</td><td>${e.target}</td><td>${e.detail}</td></tr>`)}</tbody></table>`}
  </section>`;
}

export function Users({ me }) {
  const [users, error, reload] = useLoad(() => get('/users'), []);
  const [form, setForm] = useState({ name: '', role: 'analyst', org: '', password: '' });
  const [err, setErr] = useState(null);
  const act = async (fn) => { setErr(null); try { await fn(); reload(); } catch (e) { setErr(e.message); } };
  return html`<section><h1>${t('users')}</h1><${Err} error=${error || err} />
    ${users && html`<table class="list" id="users-table"><thead><tr><th>${t('user')}</th><th>${t('role')}</th><th>${t('org')}</th><th>2FA</th><th>${t('state')}</th><th>${t('actions')}</th></tr></thead>
    <tbody>${users.map(u => html`<tr><td>${u.name}</td><td>${u.role}</td><td>${u.org || ''}</td><td>${u.totp ? t('yes') : t('no')}</td><td>${u.disabled ? t('disabled') : t('enabled')}</td>
      <td>${u.name !== me.name && html`<button onClick=${() => act(() => post('/users/' + encodeURIComponent(u.name), { disabled: !u.disabled }))}>${u.disabled ? t('enable') : t('disable')}</button>
        <button onClick=${() => act(() => post('/users/' + encodeURIComponent(u.name) + '/unlock'))}>${t('unlock')}</button>`}</td></tr>`)}</tbody></table>`}
    <form class="panel" id="user-add" onSubmit=${e => { e.preventDefault(); act(() => post('/users', form)); }}>
      <h2>${t('add_user')}</h2>
      <label>${t('user')} <input id="user-name" value=${form.name} onInput=${e => setForm({ ...form, name: e.target.value })} /></label>
      <label>${t('role')} <select id="user-role" value=${form.role} onChange=${e => setForm({ ...form, role: e.target.value })}>
        ${['admin', 'analyst', 'agency_viewer', 'auditor'].map(r => html`<option value=${r}>${r}</option>`)}</select></label>
      <label>${t('org')} <input id="user-org" value=${form.org} onInput=${e => setForm({ ...form, org: e.target.value })} /></label>
      <label>${t('password')} <input id="user-password" type="password" autocomplete="new-password" value=${form.password} onInput=${e => setForm({ ...form, password: e.target.value })} /></label>
      <button type="submit">${t('add_user')}</button>
    </form>
    <${Retention} />
  </section>`;
}

const mib = (b) => (b / 1048576).toFixed(1) + ' MiB';

/** What the next retention pass deletes (GET /retention/plan), and a pass now for an admin who confirms. */
export function Retention() {
  const [plan, error, reload] = useLoad(() => get('/retention/plan'), []);
  const [msg, setMsg] = useState(null);
  const runNow = async () => {
    if (!window.confirm(t('retention_confirm'))) return;
    setMsg(null);
    try { const r = await post('/retention/run', { confirm: true }); setMsg(t('retention_done') + ': ' + r.deleted); reload(); } catch (e) { setMsg(e.message); }
  };
  if (plan && plan.enabled === false) return null;
  const rows = plan ? plan.rows.filter(r => r.count > 0 || r.held > 0) : [];
  return html`<div class="panel" id="retention"><h2>${t('retention')}</h2><${Err} error=${error} />
    ${plan && html`<p>${t('retention_help')} (${plan.pack || '-'})</p>
    ${rows.length === 0 ? html`<p id="retention-empty">${t('nothing_to_delete')}</p>` : html`<table class="list" id="retention-table"><thead><tr><th>${t('org')}</th><th>${t('security_level')}</th><th>${t('kind')}</th>
      <th>${t('retention_days')}</th><th>${t('cutoff')}</th><th>${t('to_delete')}</th><th>${t('held')}</th></tr></thead>
      <tbody>${rows.map(r => html`<tr><td title=${r.agency || ''}>${r.name || r.agency || t('no_agency')}</td><td>${r.level || '-'}</td><td>${r.kind}</td>
        <td title=${r.basis}>${r.days}</td><td>${fmtTime(r.cutoff)}</td><td>${r.count}</td><td>${r.held}</td></tr>`)}</tbody></table>`}
    <p>${t('held_by_incidents')}: ${plan.holds.incidents.map(h => h.incident).join(', ') || t('none')} (${plan.holds.alerts} ${t('alerts')}, ${plan.holds.events} ${t('events')})</p>
    ${plan.journal && html`<p>${t('journal')}: ${mib(plan.journal.bytes)}; ${t('consumed')} ${mib(plan.journal.consumed_bytes)}, ${t('not_consumed')} ${mib(plan.journal.unconsumed_bytes)}</p>`}
    ${plan.disk && html`<p>${t('disk_use')}: ${Math.round(plan.disk.used_ratio * 100)}% (${mib(plan.disk.usable_bytes)} / ${mib(plan.disk.total_bytes)})</p>`}
    ${plan.notes.map(n => html`<p class="error">${n}</p>`)}
    <button id="retention-run" onClick=${runNow}>${t('run_retention')}</button> ${msg && html`<span role="status">${msg}</span>`}`}
  </div>`;
}

export function Account({ me }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [msg, setMsg] = useState(null);
  const [totp, setTotp] = useState(null);
  const [code, setCode] = useState('');
  const change = async (e) => {
    e.preventDefault();
    try { await post('/auth/password', { current, new: next }); setMsg(t('saved')); setCurrent(''); setNext(''); } catch (err) { setMsg(err.message); }
  };
  return html`<section><h1>${t('account')}</h1>
    <form class="panel" onSubmit=${change}><h2>${t('change_password')}</h2>
      <label>${t('current_password')} <input type="password" autocomplete="current-password" value=${current} onInput=${e => setCurrent(e.target.value)} /></label>
      <label>${t('new_password')} <input type="password" autocomplete="new-password" value=${next} onInput=${e => setNext(e.target.value)} /></label>
      <button type="submit">${t('change_password')}</button> ${msg && html`<span role="status">${msg}</span>`}</form>
    <div class="panel"><h2>${t('totp_setup')}</h2>
      ${me.totp ? html`<p>${t('yes')}</p>` : totp ? html`<p>${t('totp_secret')}: <code id="totp-secret">${totp.secret}</code></p>
        <label>${t('totp_code')} <input value=${code} onInput=${e => setCode(e.target.value)} /></label>
        <button onClick=${() => post('/auth/totp/enable', { secret: totp.secret, code }).then(() => setMsg(t('saved')), e => setMsg(e.message))}>${t('confirm')}</button>`
      : html`<button onClick=${() => post('/auth/totp/setup').then(setTotp)}>${t('totp_setup')}</button>`}</div>
  </section>`;
}

const bytes = (n) => {
  if (n === null || n === undefined) return '?';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n, i = 0;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return i === 0 ? n + ' B' : v.toFixed(1) + ' ' + u[i];
};

/** The server's state for admins: what `soctinh status` prints. Every value is text in the template, so escaped. */
export function Status() {
  const [s, error, reload] = useLoad(() => get('/status'), []);
  const j = s && s.journal, st = s && s.store, d = s && s.disk, r = s && s.rules, so = s && s.sources;
  return html`<section><h1>${t('status')}</h1><${Err} error=${error} />
    <div class="toolbar"><button onClick=${reload}>${t('reload')}</button></div>
    ${s && html`<table class="list" id="status-table"><tbody>
      <tr><th>soctinh ${s.version}</th><td>${[s.server.running ? t('running_since') + ' ' + fmtTime(s.server.started) : '', s.config, s.data_dir].filter(Boolean).join(' · ')}</td></tr>
      <tr><th>${t('listeners')}</th><td>${(s.listeners || []).map(l => l.name + ' ' + l.address).join(', ')}</td></tr>
      <tr><th>${t('journal')}</th><td>${j.error || bytes(j.bytes) + ' / ' + bytes(j.max_bytes) + ' · ' + j.segments + ' segments · ' + j.first_offset + '..' + j.next_offset}
        ${j.consumers && html`<ul class="plain">${Object.entries(j.consumers).map(([name, c]) => html`<li>${name}: ${t('lag')} ${c.lag}</li>`)}</ul>`}</td></tr>
      <tr><th>${t('store')}</th><td>${st.error || (st.kind === 'lucene' ? st.documents + ' ' + t('documents') + ' · ' + bytes(st.bytes) + ' · ' + st.partitions + ' partitions · ' + (st.oldest_day || '') + '..' + (st.newest_day || '') : st.kind + ' ' + (st.urls || []).join(', '))}</td></tr>
      <tr><th>${t('disk')}</th><td id="status-disk" class=${d.used_ratio >= 0.85 ? 'error' : ''}>${d.error || bytes(d.free_bytes) + ' ' + t('disk_free') + ' / ' + bytes(d.total_bytes) + ' (' + Math.round(d.used_ratio * 100) + '%)'
        + (d.bytes_per_day ? ' · ' + bytes(d.bytes_per_day) + ' ' + t('per_day') + ' · ' + t('disk_full_in') + ' ' + d.days_until_full : '')}</td></tr>
      <tr><th>${t('rules')}</th><td>${r.error || (r.loaded + ' ' + t('rules_loaded') + ' · ' + r.failed + ' ' + t('rules_failed') + (r.replaced_by_local ? ' · ' + r.replaced_by_local + ' ' + t('replaced_by_local') : ''))}
        ${r.errors && r.errors.length > 0 && html`<ul class="plain">${r.errors.map(e => html`<li class="error">${e}</li>`)}</ul>`}</td></tr>
      <tr><th>${t('backup')}</th><td id="status-backup">${s.backup.last ? fmtTime(s.backup.last) + ' · ' + s.backup.dir + ' · ' + bytes(s.backup.bytes) : t('no_backup')}</td></tr>
      ${so && html`<tr><th>${t('silent_sources')}</th><td id="status-silent">${so.silent.length} / ${so.known}
        <ul class="plain">${so.silent.map(x => html`<li>${x.source} (${x.agency || ''}) ${x.silent_since ? fmtTime(x.silent_since) : ''}</li>`)}</ul></td></tr>`}
    </tbody></table>`}
  </section>`;
}
