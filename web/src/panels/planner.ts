// SPDX-License-Identifier: Apache-2.0
// The journey planner: origin and destination picked on the map (or typed as lat,lon or
// stop:ID), GET /api/v1/plan, itineraries with times, transfers and fares; the chosen
// itinerary is drawn on the map (legs as straight lines between their ends).
import { getJson, HttpError } from '../api';
import { lang, t } from '../i18n';
import type { CityMap, MapPick } from '../map';
import { el, fmtTime, type LonLat } from '../values';

interface Place { stopId?: string; name?: string; location?: { lat: number; lon: number } }
interface Leg {
  mode: 'walk' | 'transit'; from: Place; to: Place; departure: string; arrival: string; duration: number;
  distance?: number; routeShortName?: string; routeLongName?: string; headsign?: string; stopCount?: number;
}
interface Itinerary {
  departure: string; arrival: string; duration: number; transfers: number; walkDistance: number;
  fare: { amount: number; currency: string } | null; legs: Leg[];
}

/** "lat,lon" or "stop:ID" -> the API's place parameter, or null when malformed. */
export function parsePlace(text: string): string | null {
  const s = text.trim();
  if (/^stop:\S+$/.test(s)) return s;
  const m = /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(s);
  if (!m) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? `${lat.toFixed(6)},${lon.toFixed(6)}` : null;
}

/** Local date-time for the time input: YYYY-MM-DDTHH:MM in Japan's time zone. */
export function japanNow(now = new Date()): string {
  return new Date(now.getTime() + 9 * 3600e3).toISOString().slice(0, 16);
}

function lonLat(p: Place): LonLat | null {
  return p.location ? [p.location.lon, p.location.lat] : null;
}

export class PlannerPanel {
  private from: HTMLInputElement;
  private to: HTMLInputElement;
  private time: HTMLInputElement;
  private results: HTMLElement;
  private status: HTMLElement;
  private next: 'from' | 'to' = 'from';
  private itineraries: Itinerary[] = [];
  private points: { from: LonLat | null; to: LonLat | null } = { from: null, to: null };

  constructor(root: HTMLElement, private map: CityMap) {
    this.from = el('input', { id: 'plan-from', name: 'from', autocomplete: 'off', 'data-testid': 'plan-from', placeholder: '42.3150,140.9740' });
    this.to = el('input', { id: 'plan-to', name: 'to', autocomplete: 'off', 'data-testid': 'plan-to', placeholder: 'stop:0001' });
    this.time = el('input', { id: 'plan-time', name: 'time', type: 'datetime-local', 'data-testid': 'plan-time' });
    this.time.value = japanNow();
    this.results = el('div', { class: 'itineraries', 'data-testid': 'itineraries' });
    this.status = el('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
    const search = el('button', { type: 'submit', 'data-i18n': 'planner.search', 'data-testid': 'plan-search' });
    const clear = el('button', { type: 'button', class: 'secondary', 'data-i18n': 'planner.clear' });
    clear.addEventListener('click', () => this.clear());
    const form = el('form', { class: 'planner-form' },
      el('p', { class: 'muted', 'data-i18n': 'planner.help' }),
      el('div', { class: 'form-row' }, el('label', { for: 'plan-from', 'data-i18n': 'planner.from' }), this.from),
      el('div', { class: 'form-row' }, el('label', { for: 'plan-to', 'data-i18n': 'planner.to' }), this.to),
      el('div', { class: 'form-row' }, el('label', { for: 'plan-time', 'data-i18n': 'planner.time' }), this.time),
      el('div', { class: 'form-row buttons' }, search, clear));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); void this.search(); });
    root.replaceChildren(form, this.status, this.results);
    map.onPick((p) => this.pick(p));
  }

  private pick(p: MapPick): void {
    const text = p.stopId ? `stop:${p.stopId}` : `${p.location[1].toFixed(5)},${p.location[0].toFixed(5)}`;
    const input = this.next === 'from' ? this.from : this.to;
    input.value = text;
    this.points[this.next] = p.location;
    this.next = this.next === 'from' ? 'to' : 'from';
    this.map.showItinerary(this.points.from, this.points.to, []);
    if (this.next === 'from' && this.from.value && this.to.value) void this.search();
  }

  private clear(): void {
    this.from.value = this.to.value = '';
    this.points = { from: null, to: null };
    this.next = 'from';
    this.itineraries = [];
    this.results.replaceChildren();
    this.status.textContent = '';
    this.map.showItinerary(null, null, []);
  }

  async search(): Promise<void> {
    const from = parsePlace(this.from.value);
    const to = parsePlace(this.to.value);
    if (!from) { this.status.textContent = `${t('planner.from')}: lat,lon / stop:ID`; this.from.focus(); return; }
    if (!to) { this.status.textContent = `${t('planner.to')}: lat,lon / stop:ID`; this.to.focus(); return; }
    this.status.textContent = t('planner.searching');
    const q = new URLSearchParams({ from, to, time: this.time.value || japanNow(), lang: lang() });
    try {
      const body = await getJson<{ itineraries: Itinerary[] }>(`/api/v1/plan?${q}`);
      this.itineraries = body.itineraries ?? [];
      this.status.textContent = this.itineraries.length ? '' : t('planner.none');
    } catch (e) {
      this.itineraries = [];
      this.status.textContent = e instanceof HttpError ? t('error.http', { status: e.status, detail: e.detail }) : String(e);
    }
    this.render();
    if (this.itineraries.length) this.showOnMap(this.itineraries[0]);
  }

  /** Redraws the itineraries (after a search or a language switch). */
  render(): void {
    this.results.replaceChildren(...this.itineraries.map((it, i) => {
      const legs = el('ol', { class: 'legs' }, ...it.legs.map((leg) => el('li', { class: `leg ${leg.mode}` },
        `${fmtTime(leg.departure)}–${fmtTime(leg.arrival)} `,
        leg.mode === 'walk'
          ? `${t('planner.walk')} ${leg.distance !== undefined ? Math.round(leg.distance) + ' m' : ''}`
          : `${leg.routeShortName || leg.routeLongName || ''}${leg.headsign ? ' → ' + leg.headsign : ''}: ${leg.from.name ?? ''} → ${leg.to.name ?? ''}`)));
      const fare = it.fare ? `${t('planner.fare')} ${it.fare.amount.toLocaleString()} ${it.fare.currency === 'JPY' ? '円' : it.fare.currency}` : t('planner.noFare');
      const button = el('button', { type: 'button', class: 'itinerary-head', 'aria-label': `${i + 1}` },
        `${fmtTime(it.departure)} → ${fmtTime(it.arrival)} · ${t('planner.min', { n: Math.round(it.duration / 60) })} · ${t('planner.transfers', { n: it.transfers })} · ${fare}`);
      button.addEventListener('click', () => this.showOnMap(it));
      return el('article', { class: 'itinerary', 'data-testid': 'itinerary' }, button, legs);
    }));
  }

  private showOnMap(it: Itinerary): void {
    const lines: GeoJSON.Feature[] = it.legs.flatMap((leg) => {
      const a = lonLat(leg.from);
      const b = lonLat(leg.to);
      return a && b ? [{ type: 'Feature' as const, geometry: { type: 'LineString' as const, coordinates: [a, b] }, properties: { mode: leg.mode } }] : [];
    });
    const first = lonLat(it.legs[0]?.from ?? {}) ?? this.points.from;
    const last = lonLat(it.legs[it.legs.length - 1]?.to ?? {}) ?? this.points.to;
    this.map.showItinerary(first, last, lines);
  }
}
