// SPDX-License-Identifier: Apache-2.0
// Active alerts, most severe first, each with the three nearest shelters (Shelter or
// EvacuationShelter entities) by straight-line distance from the alert's location.
import type { Entity } from '../api';
import { localized, t, valueText } from '../i18n';
import type { CityState } from '../state';
import { distanceM, el, fmtDistance, fmtTime, num, position, timeText, replaceIfChanged } from '../values';
import { isActive } from './rivers';

const severityRank: Record<string, number> = { critical: 5, high: 4, medium: 3, low: 2, informational: 1 };

export function activeAlerts(state: CityState, now = Date.now()): Entity[] {
  return state.all('Alert').filter((a) => isActive(a, now))
    .sort((a, b) => (severityRank[String(b.severity)] ?? 0) - (severityRank[String(a.severity)] ?? 0)
      || (timeText(b.dateIssued) ?? '').localeCompare(timeText(a.dateIssued) ?? ''));
}

export function nearestShelters(state: CityState, alert: Entity, n = 3): Array<{ shelter: Entity; distance: number }> {
  const at = position(alert);
  if (!at) return [];
  return [...state.all('Shelter'), ...state.all('EvacuationShelter')]
    .flatMap((s) => {
      const p = position(s);
      return p ? [{ shelter: s, distance: distanceM(at, p) }] : [];
    })
    .sort((a, b) => a.distance - b.distance)
    .slice(0, n);
}

export function renderAlerts(root: HTMLElement, state: CityState): void {
  const alerts = activeAlerts(state);
  if (!alerts.length) {
    replaceIfChanged(root, el('p', { class: 'muted', 'data-testid': 'alerts-none' }, t('alerts.none')));
    return;
  }
  const items = alerts.slice(0, 30).map((a) => {
    const severity = String(a.severity ?? '');
    const shelters = nearestShelters(state, a);
    return el('li', { class: `alert sev-${severity}`, 'data-testid': 'alert-item', 'data-id': a.id },
      el('div', { class: 'row' },
        el('strong', {}, localized(a.name) || String(a.subCategory ?? a.category ?? a.id)),
        el('span', { class: 'badge' }, a.riverAlertKind === 'crossingPredicted' ? `${valueText(severity)} · ${t('alerts.predicted')}` : valueText(severity))),
      localized(a.description) ? el('p', {}, localized(a.description)) : null,
      el('div', { class: 'muted' }, fmtTime(a.dateIssued ?? a.validFrom)),
      el('div', { class: 'shelters' },
        el('span', { class: 'muted' }, `${t('alerts.shelters')}: `),
        shelters.length
          ? el('ol', {}, ...shelters.map(({ shelter, distance }) => {
              const cap = num(shelter, 'capacity');
              return el('li', {}, `${localized(shelter.name) || shelter.id} (${fmtDistance(distance)}${cap !== undefined ? `, ${t('alerts.capacity')} ${cap}` : ''})`);
            }))
          : el('span', {}, t('alerts.noShelter'))));
  });
  replaceIfChanged(root, el('ul', { class: 'alerts' }, ...items));
}
