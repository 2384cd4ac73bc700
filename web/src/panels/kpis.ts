// SPDX-License-Identifier: Apache-2.0
// The KPI panel: the plans' indicators as tiles. Values come from KeyPerformanceIndicator
// entities (health points: ids healthpoints-<programme>-<measure>-all; mobility: ids
// containing "ridership", "service-rate" or "wait") and, when no KPI entity gives them, are
// computed from the live Vehicle and DrtRequest entities.
import type { Entity } from '../api';
import { localized, t } from '../i18n';
import type { CityState } from '../state';
import { el, fmtNumber, num, replaceIfChanged } from '../values';

interface Tile {
  key: string;
  label: string;
  value: string;
  note?: string;
  status?: 'good' | 'warn';
}

const drtPattern = /drt|on-?demand/i;
const transitPattern = /transit|bus/i;

function find(kpis: Entity[], test: (id: string) => boolean): Entity | undefined {
  return kpis.find((k) => test(k.id.toLowerCase()));
}

function healthKpi(kpis: Entity[], measure: string): Entity | undefined {
  return find(kpis, (id) => id.includes(':healthpoints-') && id.endsWith(`-${measure}-all`));
}

/** Service rate and ridership computed from DrtRequest entities (status as the dispatcher publishes it). */
export function drtStats(requests: Entity[]): { total: number; served: number; rate: number | undefined } {
  const refused = new Set(['unserved', 'rejected', 'cancelled']);
  const served = requests.filter((r) => !refused.has(String(r.status ?? ''))).length;
  return { total: requests.length, served, rate: requests.length ? served / requests.length : undefined };
}

export function kpiTiles(state: CityState): Tile[] {
  const kpis = state.all('KeyPerformanceIndicator');
  const tiles: Tile[] = [];
  const used = new Set<string>();
  const value = (k: Entity | undefined, digits = 0) => {
    if (k) used.add(k.id);
    return fmtNumber(num(k, 'kpiValue'), digits);
  };

  const change = healthKpi(kpis, 'change-minutes');
  const target = num(change, 'kpiTarget') ?? 20;
  const changeValue = num(change, 'kpiValue');
  tiles.push({ key: 'walking', label: t('kpi.walking'), value: `${value(healthKpi(kpis, 'walking-minutes'), 1)} ${t('kpi.min')}` });
  tiles.push({
    key: 'walking-change', label: t('kpi.walkingChange'),
    value: changeValue === undefined ? '—' : `${changeValue >= 0 ? '+' : ''}${value(change, 1)} / +${target}`,
    status: changeValue === undefined ? undefined : changeValue >= target ? 'good' : 'warn',
  });
  tiles.push({ key: 'participants', label: t('kpi.participants'), value: value(healthKpi(kpis, 'participants')) });

  const transit = find(kpis, (id) => id.includes('ridership') && transitPattern.test(id) && !drtPattern.test(id));
  tiles.push({ key: 'transit', label: t('kpi.transit'), value: value(transit) });

  const requests = state.all('DrtRequest');
  const stats = drtStats(requests);
  const drtRiders = find(kpis, (id) => id.includes('ridership') && drtPattern.test(id));
  tiles.push({ key: 'drt', label: t('kpi.drt'), value: drtRiders ? value(drtRiders) : fmtNumber(stats.served) });

  const rate = find(kpis, (id) => /service-?rate/.test(id));
  const rateValue = rate ? num(rate, 'kpiValue') : stats.rate !== undefined ? stats.rate * 100 : undefined;
  if (rate) used.add(rate.id);
  tiles.push({ key: 'service-rate', label: t('kpi.serviceRate'), value: rateValue === undefined ? '—' : `${fmtNumber(rateValue, 1)} %` });

  const wait = find(kpis, (id) => id.includes('wait'));
  tiles.push({ key: 'wait', label: t('kpi.wait'), value: wait ? `${value(wait, 1)} ${t('kpi.min')}` : '—' });

  const running = state.all('Vehicle').filter((v) => v.inService !== false && v.serviceStatus !== 'outOfService');
  tiles.push({ key: 'vehicles', label: t('kpi.vehicles'), value: fmtNumber(running.length) });

  for (const k of kpis) {
    if (used.has(k.id) || k.id.includes(':healthpoints-')) continue;
    if (tiles.length >= 14) break;
    tiles.push({ key: `other-${k.id}`, label: localized(k.name) || k.id, value: value(k, 1) });
  }
  return tiles;
}

export function renderKpis(root: HTMLElement, state: CityState): void {
  const list = el('ul', { class: 'tiles' });
  for (const tile of kpiTiles(state)) {
    const item = el('li', { class: `tile ${tile.status ?? ''}`, 'data-testid': `kpi-${tile.key}` },
      el('span', { class: 'tile-label' }, tile.label),
      el('span', { class: 'tile-value' }, tile.value));
    if (tile.note) item.append(el('span', { class: 'tile-note' }, tile.note));
    list.append(item);
  }
  replaceIfChanged(root, list);
}
