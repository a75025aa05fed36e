import { h } from 'preact';
import { useState, useEffect } from 'preact/hooks';
import htm from 'htm';
import { t, zoned } from './i18n.js';

export const html = htm.bind(h);

/** Loads once (and again when deps change); returns [data, error, reload]. */
export function useLoad(fn, deps) {
  const [state, setState] = useState({ data: null, error: null });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    fn().then(d => live && setState({ data: d, error: null }), e => live && setState({ data: null, error: e.message }));
    return () => { live = false; };
  }, [...(deps || []), n]);
  return [state.data, state.error, () => setN(n + 1)];
}

export function Err({ error }) {
  return error ? html`<p class="error" role="alert">${t('error')}: ${error}</p>` : null;
}

/** Horizontal bars of {key, count} buckets, widths by CSSOM (allowed by the CSP, unlike style attributes in HTML). */
export function Bars({ buckets, label, onPick }) {
  if (!buckets || buckets.length === 0) return html`<p class="muted">${t('none')}</p>`;
  const max = Math.max(...buckets.map(b => b.count), 1);
  return html`<ul class="bars" aria-label=${label}>${buckets.map(b => html`<li>
    <span class="bar-label">${onPick ? html`<button class="link" onClick=${() => onPick(b.key)}>${String(b.key)}</button>` : String(b.key)}</span>
    <span class="bar"><span class="fill" style=${{ width: (100 * b.count / max) + '%' }}></span></span>
    <span class="bar-count">${b.count}</span></li>`)}</ul>`;
}

export function Level({ level }) {
  const l = String(level || 'unknown');
  return html`<span class=${'level level-' + l.replace(/[^a-z]/g, '')}>${l}</span>`;
}

/** A field of an ECS document by dotted name (documents come nested). */
export function field(doc, name) {
  if (!doc) return undefined;
  if (name in doc) return doc[name];
  let cur = doc;
  for (const p of name.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Flattens a nested document into [dotted name, value] pairs, sorted. */
export function flatten(doc, prefix = '', out = []) {
  for (const [k, v] of Object.entries(doc || {})) {
    const name = prefix ? prefix + '.' + k : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v, name, out);
    else out.push([name, v]);
  }
  return prefix ? out : out.sort((a, b) => a[0].localeCompare(b[0]));
}

export function show(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(show).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * x (seconds) and y arrays over [from, to) at a fixed interval, empty buckets as 0: the store returns
 * only buckets with hits, and a chart of one point would stretch its axis over years.
 */
export function fillBuckets(buckets, fromMs, toMs, intervalMs) {
  const counts = new Map((buckets || []).map(b => [Math.floor(new Date(b.key).getTime() / intervalMs) * intervalMs, b.count]));
  const xs = [];
  const ys = [];
  for (let t = Math.floor(fromMs / intervalMs) * intervalMs; t < toMs; t += intervalMs) {
    xs.push(t / 1000);
    ys.push(counts.get(t) || 0);
  }
  return [xs, ys];
}

const HM = { hour: '2-digit', minute: '2-digit' };
const DMHM = { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' };

/** uPlot time-axis labels in the server's zone, 24-hour, dd/MM when the range spans days. */
export function timeAxis() {
  return {
    values: (u, splits) => {
      const span = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
      const f = zoned(span > 86400 ? DMHM : HM);
      return splits.map(s => f.format(new Date(s * 1000)).replace(',', ''));
    },
  };
}

/**
 * The live feed (WebSocket /api/v1/live): calls onItem for each alert or incident change, reconnects
 * with ?after=<last seq> so nothing is missed, and calls onGap when the server no longer has what
 * was missed (reload from REST). Returns [connected].
 */
export function useFeed(onItem, onGap) {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    let ws = null;
    let last = 0;
    let stopped = false;
    let retry = 500;
    const connect = () => {
      if (stopped) return;
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      ws = new WebSocket(`${proto}//${location.host}/api/v1/live?after=${last}`);
      ws.onopen = () => { setConnected(true); retry = 500; };
      ws.onmessage = (m) => {
        const msg = JSON.parse(m.data);
        if (msg.kind === 'hello') { if (msg.gap && onGap) onGap(); if (!last) last = msg.seq; return; }
        last = Math.max(last, msg.seq);
        onItem(msg);
      };
      ws.onclose = () => { setConnected(false); if (!stopped) setTimeout(connect, retry = Math.min(retry * 2, 10000)); };
    };
    connect();
    return () => { stopped = true; if (ws) ws.close(); };
  }, []);
  return [connected];
}
