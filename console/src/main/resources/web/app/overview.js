import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { get } from './api.js';
import { t, fmtTime, language } from './i18n.js';
import { html, Bars, Err, fillBuckets, timeAxis } from './common.js';

/** Events per minute over the last hour, as a uPlot bar-like line. */
function Chart({ buckets, now }) {
  const ref = useRef();
  useEffect(() => {
    if (!ref.current) return;
    const to = new Date(now).getTime();
    const [xs, counts] = fillBuckets(buckets, to - 3600e3, to, 60e3);
    const ys = counts.map(c => c / 60);
    const width = Math.max(300, ref.current.clientWidth || 600);
    const plot = new uPlot({
      width, height: 180, legend: { show: false },
      scales: { x: { time: true } },
      axes: [timeAxis(), { size: 50 }],
      series: [{}, { label: t('events_per_sec'), stroke: '#1b6ac9', fill: 'rgba(27,106,201,0.15)', width: 2 }],
    }, [xs, ys], ref.current);
    return () => plot.destroy();
  }, [buckets]);
  return html`<div class="chart" id="eps-chart" ref=${ref}></div>`;
}

export function Overview() {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    const load = () => get('/overview').then(d => { if (live) { setData(d); setError(null); } }, e => live && setError(e.message));
    load();
    const timer = setInterval(load, 10000);
    return () => { live = false; clearInterval(timer); };
  }, []);
  if (!data) return html`<${Err} error=${error} /><p class="loading">${t('loading')}</p>`;
  const states = Object.entries(data.open_incidents_by_state || {}).map(([key, count]) => ({ key, count }));
  return html`<section class="overview">
    <h1>${t('overview')}</h1>
    <${Err} error=${error} />
    <div class="cards">
      <div class="card"><div class="big" id="eps">${data.events_per_second}</div><div>${t('events_per_sec')}</div></div>
      <div class="card"><div class="big">${data.events_last_hour}</div><div>${t('events_hour')}</div></div>
      <div class="card"><div class="big" id="alerts-day">${data.alerts_last_day}</div><div>${t('alerts_day')}</div></div>
      <div class="card"><div class="big">${states.reduce((a, s) => a + s.count, 0)}</div><div>${t('open_by_state')}</div></div>
    </div>
    <div class="panel wide"><h2>${t('events_per_sec')}</h2><${Chart} buckets=${data.events_per_minute || []} now=${data.now} /></div>
    <div class="grid">
      <div class="panel"><h2>${t('alerts_by_level')}</h2><${Bars} buckets=${data.alerts_by_level} label=${t('alerts_by_level')} /></div>
      <div class="panel"><h2>${t('alerts_by_org')}</h2><${Bars} buckets=${data.alerts_by_org} label=${t('alerts_by_org')} /></div>
      <div class="panel"><h2>${t('open_by_state')}</h2><${Bars} buckets=${states} label=${t('open_by_state')} /></div>
      <div class="panel"><h2>${t('top_rules')}</h2><${Bars} buckets=${data.top_rules} label=${t('top_rules')} /></div>
      <div class="panel"><h2>${t('deadlines_due')}</h2>${(data.deadlines_due || []).length === 0 ? html`<p class="muted">${t('none')}</p>` :
        html`<ul class="plain">${data.deadlines_due.map(d => html`<li><a href=${'#/incidents/' + encodeURIComponent(d.incident)}>${d.incident}</a> ${language() === 'vi' ? d.vi : d.en}: ${fmtTime(d.due)} <span class=${'status-' + d.status}>${t(d.status)}</span></li>`)}</ul>`}</div>
      <div class="panel"><h2>${t('silent_sources')}</h2>${(data.silent_sources || []).length === 0 ? html`<p class="muted">${t('none')}</p>` :
        html`<ul class="plain">${data.silent_sources.map(s => html`<li>${s.source} (${s.agency || '-'}) — ${t('last_seen')} ${fmtTime(s.last_seen)}</li>`)}</ul>`}</div>
    </div>
  </section>`;
}
