import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { get, qs } from './api.js';
import { t, fmtTime, fromLocal, timeZone } from './i18n.js';
import { html, Err, flatten, show, field, fillBuckets, timeAxis } from './common.js';

const RANGES = { '15m': 15 * 60e3, '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };

function Histogram({ buckets, intervalMs, from, to }) {
  const ref = useRef();
  useEffect(() => {
    if (!ref.current || !buckets) return;
    const [xs, ys] = fillBuckets(buckets, from, to, intervalMs);
    const plot = new uPlot({
      width: Math.max(300, ref.current.clientWidth || 800), height: 120, legend: { show: false },
      scales: { x: { time: true } }, axes: [timeAxis(), { size: 50 }],
      series: [{}, { label: t('hits'), stroke: '#1b6ac9', fill: 'rgba(27,106,201,0.25)', paths: uPlot.paths.bars({ size: [0.9, 40] }) }],
    }, [xs, ys], ref.current);
    return () => plot.destroy();
  }, [buckets]);
  return html`<div class="chart" id="search-histogram" ref=${ref}></div>`;
}

function Detail({ event, onPivot, onClose }) {
  const fields = flatten(event).filter(([k]) => k !== 'event.original');
  return html`<aside class="detail" id="event-detail" aria-label=${t('details')}>
    <button class="close" onClick=${onClose} aria-label=${t('close')}>×</button>
    <h2>${t('details')}</h2>
    <h3>${t('original')}</h3>
    <pre class="original" id="event-original">${show(field(event, 'event.original'))}</pre>
    <table class="fields"><tbody>${fields.map(([k, v]) => html`<tr>
      <th>${k}</th><td>${show(v)}</td>
      <td><button class="link pivot" title=${t('pivot')} aria-label=${t('pivot') + ' ' + k} onClick=${() => onPivot(k, v)}>⊕</button></td></tr>`)}</tbody></table>
  </aside>`;
}

function quote(v) {
  return '"' + show(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

export function Search({ params }) {
  const [q, setQ] = useState(params.get('q') || '');
  const [range, setRange] = useState(params.get('range') || '24h');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [run, setRun] = useState(0);
  const [result, setResult] = useState(null);
  const [hist, setHist] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(null);
  const bounds = () => {
    if (range === 'custom') {
      const to = fromLocal(custom.to) || new Date();
      return [fromLocal(custom.from) || new Date(to - RANGES['24h']), to];
    }
    const to = new Date();
    return [new Date(to - RANGES[range]), to];
  };
  useEffect(() => {
    const [from, to] = bounds();
    const p = { q, from: from.toISOString(), to: to.toISOString() };
    setError(null);
    get('/events' + qs({ ...p, size: 100 })).then(setResult, e => { setResult(null); setError(e.message); });
    get('/events/histogram' + qs(p)).then(h => setHist({ ...h, from: from.getTime(), to: to.getTime() }), () => setHist(null));
  }, [run, range]);
  const submit = (e) => { e.preventDefault(); history.replaceState(null, '', '#/search' + qs({ q, range })); setRun(run + 1); };
  const more = async () => {
    const [from, to] = bounds();
    const r = await get('/events' + qs({ q, from: from.toISOString(), to: to.toISOString(), size: 100, after: result.next }));
    setResult({ ...r, hits: result.hits.concat(r.hits) });
  };
  const pivot = (k, v) => { const next = (q.trim() ? '(' + q + ') AND ' : '') + k + ':' + quote(v); setQ(next); setSelected(null); setRun(run + 1); };
  return html`<section class="search">
    <h1>${t('search')}</h1>
    <form class="toolbar" onSubmit=${submit}>
      <input id="search-query" class="query" aria-label=${t('query')} placeholder="source.ip:10.0.0.0/8 AND event.action:ssh_login AND event.outcome:failure" value=${q} onInput=${e => setQ(e.target.value)} />
      <select id="search-range" aria-label=${t('range')} value=${range} onChange=${e => setRange(e.target.value)}>
        ${Object.keys(RANGES).map(r => html`<option value=${r}>${t('last_' + r)}</option>`)}
        <option value="custom">${t('custom_range')} (${timeZone()})</option>
      </select>
      ${range === 'custom' && html`<label>${t('from')} <input id="search-from" type="datetime-local" value=${custom.from} onChange=${e => setCustom({ ...custom, from: e.target.value })} /></label>
        <label>${t('to')} <input id="search-to" type="datetime-local" value=${custom.to} onChange=${e => setCustom({ ...custom, to: e.target.value })} /></label>`}
      <button id="search-run" type="submit">${t('run')}</button>
    </form>
    <${Err} error=${error} />
    ${hist && html`<${Histogram} buckets=${hist.buckets} intervalMs=${hist.interval_ms} from=${hist.from} to=${hist.to} />`}
    ${result && html`<p id="search-total">${result.total} ${t('hits')}</p>
    <table class="list" id="search-results"><thead><tr><th>${t('time')}</th><th>${t('org')}</th><th>host</th><th>event.action</th><th>${t('message')}</th></tr></thead>
    <tbody>${result.hits.map(e => html`<tr class="result-row" tabindex="0" onClick=${() => setSelected(e)} onKeyDown=${k => k.key === 'Enter' && setSelected(e)}>
      <td>${fmtTime(field(e, '@timestamp'))}</td><td>${field(e, 'organization.id') || ''}</td><td>${show(field(e, 'host.name') || field(e, 'host.hostname') || field(e, 'log.syslog.hostname'))}</td>
      <td>${show(field(e, 'event.action'))}</td><td class="message">${show(field(e, 'message'))}</td></tr>`)}</tbody></table>
    ${result.next && html`<button onClick=${more}>${t('more')}</button>`}
    ${result.total === 0 && html`<p class="muted">${t('no_results')}</p>`}`}
    ${selected && html`<${Detail} event=${selected} onPivot=${pivot} onClose=${() => setSelected(null)} />`}
  </section>`;
}
