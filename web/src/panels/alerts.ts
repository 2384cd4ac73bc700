// SPDX-License-Identifier: Apache-2.0
// Active alerts, most severe first, each with its nearest shelters: the ones the flood
// watch listed (with walking minutes), else the three nearest by straight line (shelters.ts).
import type { Entity } from '../api';
import { localized, t, valueText } from '../i18n';
import type { CityState } from '../state';
import { alertShelters } from '../shelters';
import { el, fmtDistance, fmtTime, timeText, replaceIfChanged } from '../values';
import { isActive } from './rivers';

const severityRank: Record<string, number> = { critical: 5, high: 4, medium: 3, low: 2, informational: 1 };

export function activeAlerts(state: CityState, now = Date.now()): Entity[] {
  return state.all('Alert').filter((a) => isActive(a, now))
    .sort((a, b) => (severityRank[String(b.severity)] ?? 0) - (severityRank[String(a.severity)] ?? 0)
      || (timeText(b.dateIssued) ?? '').localeCompare(timeText(a.dateIssued) ?? ''));
}

export function renderAlerts(root: HTMLElement, state: CityState): void {
  const alerts = activeAlerts(state);
  if (!alerts.length) {
    replaceIfChanged(root, el('p', { class: 'muted', 'data-testid': 'alerts-none' }, t('alerts.none')));
    return;
  }
  const items = alerts.slice(0, 30).map((a) => {
    const severity = String(a.severity ?? '');
    const shelters = alertShelters(state, a);
    return el('li', { class: `alert sev-${severity}`, 'data-testid': 'alert-item', 'data-id': a.id },
      el('div', { class: 'row' },
        el('strong', {}, localized(a.name) || String(a.subCategory ?? a.category ?? a.id)),
        el('span', { class: 'badge' }, a.riverAlertKind === 'crossingPredicted' ? `${valueText(severity)} · ${t('alerts.predicted')}` : valueText(severity))),
      localized(a.description) ? el('p', {}, localized(a.description)) : null,
      el('div', { class: 'muted' }, fmtTime(a.dateIssued ?? a.validFrom)),
      el('div', { class: 'shelters' },
        el('span', { class: 'muted' }, `${t('alerts.shelters')}: `),
        shelters.length
          ? el('ol', {}, ...shelters.map((s) => {
              const parts = [fmtDistance(s.distance)];
              if (s.walkingMinutes !== undefined) parts.push(`${t('alerts.walk')} ${s.walkingMinutes} ${t('alerts.minutes')}`);
              if (s.capacity !== undefined) {
                parts.push(`${t('alerts.capacity')} ${s.occupancy !== undefined ? `${s.occupancy}/` : ''}${s.capacity}`);
              }
              return el('li', {}, `${s.name} (${parts.join(', ')})`);
            }))
          : el('span', {}, t('alerts.noShelter'))));
  });
  replaceIfChanged(root, el('ul', { class: 'alerts' }, ...items));
}
