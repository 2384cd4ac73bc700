// SPDX-License-Identifier: Apache-2.0
// River levels and predicted crossings. Gauges are the WaterObserved entities; when the
// flood-watch service runs, GET /api/v1/safety/rivers adds reference levels, the tracked
// danger level and the forecast. It is fetched again (at most every 5 s) when a gauge
// changes, never polled.
import { getJson, HttpError, type Entity } from '../api';
import { localized, t } from '../i18n';
import { gaugeLevel, levelColour, levelTextColour } from '../levels';
import type { CityState } from '../state';
import { el, fmtTime, num, timeText, replaceIfChanged } from '../values';

export interface RiverStation {
  id: string;
  entity?: string;
  name?: Record<string, string>;
  referenceLevels?: Record<string, number>;
  reading?: { time: string; level: number } | null;
  dangerLevel?: number;
  forecast?: { crossings?: Array<{ level: number; threshold: number; at: string }> } | null;
}

const levelKeys = ['standby', 'caution', 'evacuationJudgement', 'danger', 'bankHeight'];

export class RiverSource {
  stations: RiverStation[] = [];
  private available = true;
  private last = 0;
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor(private onChange: () => void) {}

  /** Asks the flood-watch service again, at most every 5 s; does nothing once it answered 404/503. */
  refresh(): void {
    if (!this.available || this.pending) return;
    const wait = Math.max(0, this.last + 5000 - Date.now());
    this.pending = setTimeout(() => void this.fetch(), wait);
  }

  private async fetch(): Promise<void> {
    this.pending = null;
    this.last = Date.now();
    try {
      const body = await getJson<{ stations?: RiverStation[] } | RiverStation[]>('/api/v1/safety/rivers');
      this.stations = Array.isArray(body) ? body : (body.stations ?? []);
      this.onChange();
    } catch (e) {
      if (e instanceof HttpError && (e.status === 404 || e.status === 503 || e.status === 501)) this.available = false;
    }
  }

  forEntity(id: string): RiverStation | undefined {
    return this.stations.find((s) => s.entity === id || s.id === id);
  }

  /** The gauge's danger level: the flood watch's when it tracks the gauge, else the entity's. */
  levelOf(gauge: Entity): number {
    return this.forEntity(gauge.id)?.dangerLevel ?? gaugeLevel(gauge);
  }
}

function levelBar(level: number | undefined, refs: Record<string, number>): HTMLElement {
  const bar = el('div', { class: 'level-bar', 'aria-hidden': 'true' });
  const values = levelKeys.map((k) => refs[k]).filter((v): v is number => v !== undefined);
  const top = Math.max(level ?? 0, ...values) * 1.1 || 1;
  const fill = el('div', { class: 'level-fill' });
  fill.style.width = `${Math.min(100, ((level ?? 0) / top) * 100)}%`;
  bar.append(fill);
  values.forEach((v, i) => {
    const mark = el('div', { class: 'level-mark' });
    mark.style.left = `${(v / top) * 100}%`;
    mark.style.borderColor = levelColour(i + 1);
    bar.append(mark);
  });
  return bar;
}

function gaugeItem(g: Entity, station: RiverStation | undefined): HTMLElement {
  const level = station?.reading?.level ?? num(g, 'waterLevel', 'height');
  const danger = station?.dangerLevel ?? gaugeLevel(g);
  const name = localized(station?.name) || localized(g.name) || g.id;
  const badge = el('span', { class: 'badge', 'data-level': String(danger) }, `${t('rivers.danger')} ${danger}`);
  badge.style.background = levelColour(danger);
  badge.style.color = levelTextColour(danger);
  const crossings = station?.forecast?.crossings ?? [];
  return el('li', { class: 'gauge', 'data-testid': 'river-item', 'data-id': g.id },
    el('div', { class: 'row' }, el('strong', {}, name), badge),
    el('div', { class: 'muted' },
      `${t('rivers.level')} ${level !== undefined ? level.toFixed(2) + ' m' : '—'} · ${t('rivers.observed')} ${fmtTime(station?.reading?.time ?? g.dateObserved)}`),
    station?.referenceLevels ? levelBar(level, station.referenceLevels) : null,
    crossings.length
      ? el('ul', { class: 'crossings', 'data-testid': 'crossings' }, ...crossings.map((c) =>
          el('li', {}, t('rivers.crossingAt', { level: c.level, threshold: c.threshold.toFixed(2), at: fmtTime(c.at) }))))
      : null);
}

export function renderRivers(root: HTMLElement, state: CityState, rivers: RiverSource): void {
  const gauges = state.all('WaterObserved').sort((a, b) => a.id.localeCompare(b.id));
  if (!gauges.length) {
    replaceIfChanged(root, el('p', { class: 'muted' }, t('rivers.none')));
    return;
  }
  const predicted = state.all('Alert').filter((a) => a.riverAlertKind === 'crossingPredicted' && isActive(a));
  const crossingsHeading = el('h3', {}, t('rivers.crossings'));
  const anyCrossing = rivers.stations.some((s) => s.forecast?.crossings?.length) || predicted.length > 0;
  replaceIfChanged(root, 
    el('ul', { class: 'gauges' }, ...gauges.map((g) => gaugeItem(g, rivers.forEntity(g.id)))),
    crossingsHeading,
    anyCrossing
      ? el('ul', { class: 'crossings' }, ...predicted.map((a) =>
          el('li', { 'data-testid': 'predicted-alert' }, `${localized(a.name) || a.id} (${fmtTime(a.validTo)})`)))
      : el('p', { class: 'muted' }, t('rivers.noCrossing')));
}

/** An alert is active until its validTo (a closed alert has one in the past). */
export function isActive(a: Entity, now = Date.now()): boolean {
  if (a.riverAlertKind === 'levelDropped' && Number(a.dangerLevel ?? 0) === 0) return false;
  const status = String(a.status ?? a.alertStatus ?? '');
  if (status === 'closed' || status === 'resolved' || status === 'inactive') return false;
  const to = Date.parse(timeText(a.validTo) ?? '');
  return Number.isNaN(to) || to > now || a.riverAlertKind === 'crossingPredicted';
}
