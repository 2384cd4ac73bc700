// SPDX-License-Identifier: Apache-2.0
// Reading keyValues entities tolerantly (attributes may be missing, strings, or
// {value} objects) and formatting numbers, times and distances for display.
import type { Entity } from './api';
import { lang } from './i18n';

export type LonLat = [number, number];

/** The first of `names` that the entity has as a finite number. */
export function num(e: Entity | undefined, ...names: string[]): number | undefined {
  if (!e) return undefined;
  for (const n of names) {
    let v = e[n];
    if (v && typeof v === 'object' && 'value' in (v as object)) v = (v as { value: unknown }).value;
    const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof x === 'number' && Number.isFinite(x)) return x;
  }
  return undefined;
}

export function str(e: Entity | undefined, ...names: string[]): string | undefined {
  if (!e) return undefined;
  for (const n of names) {
    const v = e[n];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/** [lon, lat] of a GeoJSON Point in `location` (or the first vertex of another geometry). */
export function position(e: Entity | undefined, attr = 'location'): LonLat | undefined {
  const g = e?.[attr] as { type?: string; coordinates?: unknown } | undefined;
  if (!g || !Array.isArray(g.coordinates)) return undefined;
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  if (!Array.isArray(c) || c.length < 2) return undefined;
  const [lon, lat] = c as number[];
  return Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : undefined;
}

/** Great-circle distance in metres. */
export function distanceM(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371000 * Math.asin(Math.sqrt(h));
}

export function fmtNumber(x: number | undefined, digits = 0): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return x.toLocaleString(lang() === 'ja' ? 'ja-JP' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

export function fmtDistance(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}

/** A date-time value as keyValues gives it: a string or {"@type": "DateTime", "@value": ...}. */
export function timeText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { '@value'?: unknown })['@value'] === 'string')
    return (v as { '@value': string })['@value'];
  return undefined;
}

/** A time of day in Japan's time zone (the demo city's), or the local part of a feed time. */
export function fmtTime(value: unknown): string {
  const iso = timeText(value);
  if (!iso) return '—';
  if (!/[zZ]|[+-]\d\d:?\d\d$/.test(iso)) {
    const m = /T(\d\d:\d\d)/.exec(iso);
    return m ? m[1] : iso;
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleTimeString(lang() === 'ja' ? 'ja-JP' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Tokyo',
  });
}

/** Creates an element with attributes and children (text or nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

/**
 * Replaces the children of `root` only when the new content differs (as HTML), so frequent
 * redraws (vehicles moving) neither churn the DOM nor repeat aria-live announcements.
 */
export function replaceIfChanged(root: HTMLElement, ...nodes: Array<Node | string>): void {
  const probe = document.createElement('div');
  probe.append(...nodes);
  if (probe.innerHTML === root.innerHTML) return;
  root.replaceChildren(...probe.childNodes);
}
