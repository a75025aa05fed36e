// SOC Tỉnh console: one page, hash routes, Preact + htm. Every value from the server is rendered as
// text by htm/Preact (escaped); the only HTML inserted is comment Markdown the server renders with
// HTML escaped and URLs sanitised.
import { render } from 'preact';
import { useState, useEffect, useRef, useCallback } from 'preact/hooks';
import { api, get, post, del, qs, setCsrf, whenUnauthenticated } from './api.js';
import { t, language, setLanguage, fmtTime, setTimeZone } from './i18n.js';
import { Overview } from './overview.js';
import { LiveAlerts } from './live.js';
import { Search } from './search.js';
import { Incidents, IncidentDetail } from './incidents.js';
import { Agencies } from './agencies.js';
import { Rules, Audit, Users, Account, Status } from './admin.js';
import { Reports } from './reports.js';
import { Drills, DrillBoard } from './drills.js';

import { html } from './common.js';

function useHash() {
  const [hash, setHash] = useState(location.hash || '#/overview');
  useEffect(() => {
    const f = () => setHash(location.hash || '#/overview');
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  return hash;
}

function Login({ onDone, message }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState('password');
  const [error, setError] = useState(message || '');
  const submit = async (e) => {
    e.preventDefault();
    setError('');
    try {
      const r = step === 'password' ? await post('/auth/login', { user, password }) : await post('/auth/totp', { code });
      setCsrf(r.csrf);
      if (r.totp_required) { setStep('totp'); return; }
      onDone(r);
    } catch (err) {
      setError(err.code === 'locked' ? t('locked') : err.code === 'bad_totp' ? t('totp_code') : t('wrong_login'));
    }
  };
  return html`<main class="login">
    <form onSubmit=${submit} aria-label=${t('login')}>
      <h1>${t('app')}</h1>
      ${step === 'password' ? html`
        <label>${t('user')}<input id="login-user" autocomplete="username" value=${user} onInput=${e => setUser(e.target.value)} autofocus /></label>
        <label>${t('password')}<input id="login-password" type="password" autocomplete="current-password" value=${password} onInput=${e => setPassword(e.target.value)} /></label>`
      : html`<h2>${t('totp_title')}</h2>
        <label>${t('totp_code')}<input id="login-totp" inputmode="numeric" autocomplete="one-time-code" value=${code} onInput=${e => setCode(e.target.value)} autofocus /></label>`}
      ${error && html`<p class="error" id="login-error" role="alert">${error}</p>`}
      <button id="login-submit" type="submit">${step === 'password' ? t('login') : t('confirm')}</button>
      <button type="button" class="link" onClick=${() => { setLanguage(language() === 'vi' ? 'en' : 'vi'); onDone(null, true); }}>${t('language')}</button>
    </form>
  </main>`;
}

function MustChange({ me, onDone }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState('');
  const submit = async (e) => {
    e.preventDefault();
    try {
      const r = await post('/auth/password', { current, new: next });
      if (r.csrf) setCsrf(r.csrf);
      onDone();
    } catch (err) { setError(err.message); }
  };
  return html`<main class="login"><form onSubmit=${submit}>
    <h1>${t('app')}</h1><p>${t('must_change')}</p>
    <label>${t('current_password')}<input id="pw-current" type="password" autocomplete="current-password" value=${current} onInput=${e => setCurrent(e.target.value)} /></label>
    <label>${t('new_password')}<input id="pw-new" type="password" autocomplete="new-password" value=${next} onInput=${e => setNext(e.target.value)} /></label>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button id="pw-submit" type="submit">${t('change_password')}</button>
  </form></main>`;
}

const NAV = [
  ['overview', '#/overview', null], ['live', '#/live', null], ['search', '#/search', null], ['incidents', '#/incidents', null],
  ['agencies', '#/agencies', null], ['reports', '#/reports', null], ['drills', '#/drills', ['admin', 'analyst', 'auditor']], ['rules', '#/rules', ['admin', 'analyst', 'auditor']], ['audit', '#/audit', ['admin', 'auditor']],
  ['users', '#/users', ['admin']], ['status', '#/status', ['admin']], ['account', '#/account', null],
];

function Shell({ me, onLogout, children, route }) {
  return html`<div class="shell">
    <nav aria-label="menu">
      <div class="brand">${t('app')}</div>
      <ul>${NAV.filter(([, , roles]) => !roles || roles.includes(me.role)).map(([key, href]) =>
        html`<li><a href=${href} id=${'nav-' + key} class=${route === key ? 'active' : ''} aria-current=${route === key ? 'page' : null}>${t(key)}</a></li>`)}</ul>
      <div class="me"><span id="me-name">${me.name}</span> <small>(${me.role}${me.org ? ' · ' + me.org : ''})</small></div>
      <button class="link" id="lang-switch" onClick=${() => { setLanguage(language() === 'vi' ? 'en' : 'vi'); location.reload(); }}>${t('language')}</button>
      <button id="logout" onClick=${onLogout}>${t('logout')}</button>
    </nav>
    <main id="page">${children}</main>
  </div>`;
}

function App() {
  const [me, setMe] = useState(undefined);
  const [message, setMessage] = useState('');
  const hash = useHash();
  const load = useCallback(async () => {
    try {
      const m = await get('/auth/me');
      setCsrf(m.csrf);
      setTimeZone(m.time_zone);
      setMe(m);
    } catch (e) { setMe(null); }
  }, []);
  useEffect(() => {
    whenUnauthenticated(() => { setMessage(t('session_expired')); setMe(null); });
    load();
  }, []);
  if (me === undefined) return html`<p class="loading">${t('loading')}</p>`;
  if (me === null || me.totp_required) return html`<${Login} message=${message} onDone=${(r, relang) => relang ? setMessage('') : load()} />`;
  if (me.must_change) return html`<${MustChange} me=${me} onDone=${load} />`;
  const logout = async () => { try { await post('/auth/logout'); } catch (e) { /* ended anyway */ } setMe(null); setMessage(''); location.hash = '#/overview'; };
  const [path, query] = hash.slice(1).split('?');
  const parts = path.split('/').filter(Boolean);
  const params = new URLSearchParams(query || '');
  let page;
  const route = parts[0] || 'overview';
  switch (route) {
    case 'live': page = html`<${LiveAlerts} me=${me} />`; break;
    case 'search': page = html`<${Search} me=${me} params=${params} />`; break;
    case 'incidents': page = parts[1] ? html`<${IncidentDetail} me=${me} id=${decodeURIComponent(parts[1])} />` : html`<${Incidents} me=${me} params=${params} />`; break;
    case 'agencies': page = html`<${Agencies} me=${me} />`; break;
    case 'reports': page = html`<${Reports} me=${me} />`; break;
    case 'drills': page = parts[1] ? html`<${DrillBoard} me=${me} id=${decodeURIComponent(parts[1])} />` : html`<${Drills} me=${me} />`; break;
    case 'rules': page = html`<${Rules} me=${me} />`; break;
    case 'audit': page = html`<${Audit} me=${me} />`; break;
    case 'status': page = html`<${Status} />`; break;
    case 'users': page = html`<${Users} me=${me} />`; break;
    case 'account': page = html`<${Account} me=${me} />`; break;
    default: page = html`<${Overview} me=${me} />`;
  }
  return html`<${Shell} me=${me} onLogout=${logout} route=${route}>${page}<//>`;
}

document.documentElement.lang = language();
render(html`<${App} />`, document.getElementById('app'));
window.soctinhReady = true;
