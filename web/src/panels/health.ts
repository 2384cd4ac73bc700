// SPDX-License-Identifier: Apache-2.0
// Health-points programme statistics, aggregates only: GET /api/v1/points/kpis (groups by
// ward and age) when the programme runs and the caller may read it, else the programme's
// KeyPerformanceIndicator entities for everyone. Fetched again (at most every 10 s) when
// a KPI entity changes.
import { getJson } from '../api';
import { t } from '../i18n';
import type { CityState } from '../state';
import { el, fmtNumber, num, replaceIfChanged } from '../values';

export interface KpiGroup {
  ward: string | null; ageGroup: string | null; participants: number; personDays?: number;
  avgDailySteps: number; avgWalkingMinutes: number; changeMinutes: number | null; targetMinutes?: number;
}

export class HealthSource {
  groups: KpiGroup[] | null = null;
  period = '';
  private last = 0;
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor(private onChange: () => void) {}

  refresh(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.last + 10000 - Date.now());
    this.pending = setTimeout(() => void this.fetch(), wait);
  }

  private async fetch(): Promise<void> {
    this.pending = null;
    this.last = Date.now();
    try {
      const body = await getJson<{ from: string; to: string; groups: KpiGroup[] }>('/api/v1/points/kpis');
      this.groups = body.groups ?? [];
      this.period = `${body.from} – ${body.to}`;
    } catch {
      this.groups = null;
    }
    this.onChange();
  }
}

function fromEntities(state: CityState): KpiGroup[] {
  const kpis = state.all('KeyPerformanceIndicator').filter((k) => k.id.includes(':healthpoints-'));
  const get = (m: string) => num(kpis.find((k) => k.id.endsWith(`-${m}-all`)), 'kpiValue');
  const participants = get('participants');
  if (participants === undefined) return [];
  return [{ ward: null, ageGroup: null, participants, avgDailySteps: get('daily-steps') ?? NaN,
    avgWalkingMinutes: get('walking-minutes') ?? NaN, changeMinutes: get('change-minutes') ?? null }];
}

export function renderHealth(root: HTMLElement, state: CityState, source: HealthSource): void {
  const groups = (source.groups?.length ? source.groups : fromEntities(state)).slice(0, 40);
  if (!groups.length) {
    replaceIfChanged(root, el('p', { class: 'muted' }, t('health.none')));
    return;
  }
  const head = el('tr', {}, ...['health.group', 'health.participants', 'health.steps', 'health.minutes', 'health.change']
    .map((k) => el('th', { scope: 'col' }, t(k as Parameters<typeof t>[0]))));
  const rows = groups.map((g) => el('tr', { 'data-testid': 'health-row' },
    el('th', { scope: 'row' }, [g.ward, g.ageGroup].filter(Boolean).join(' · ') || t('health.all')),
    el('td', {}, fmtNumber(g.participants)),
    el('td', {}, fmtNumber(g.avgDailySteps)),
    el('td', {}, fmtNumber(g.avgWalkingMinutes, 1)),
    el('td', {}, g.changeMinutes == null ? '—' : `${g.changeMinutes >= 0 ? '+' : ''}${fmtNumber(g.changeMinutes, 1)}`)));
  replaceIfChanged(root, 
    source.period ? el('p', { class: 'muted' }, source.period) : '',
    el('table', { class: 'compact' }, el('thead', {}, head), el('tbody', {}, ...rows)));
}
