// SPDX-License-Identifier: Apache-2.0
// The on-demand fleet: its vehicles (status, passengers on board, planned stops with ETAs)
// and the latest requests with their promised pickup windows, from the Vehicle
// (urn:ngsi-ld:Vehicle:drt:*) and DrtRequest entities the dispatcher publishes.
import type { Entity } from '../api';
import { t, valueText } from '../i18n';
import type { CityState } from '../state';
import { el, fmtTime, replaceIfChanged } from '../values';

interface PlanStop { requestId?: string; action?: string; eta?: string }
interface Window { from?: string; to?: string }

export function drtVehicles(state: CityState): Entity[] {
  return state.all('Vehicle').filter((v) => v.id.includes(':drt:')).sort((a, b) => a.id.localeCompare(b.id));
}

function vehicleItem(v: Entity): HTMLElement {
  const plan = (Array.isArray(v.vehiclePlan) ? v.vehiclePlan : []) as PlanStop[];
  const onboard = (v.onboard ?? {}) as { seats?: number };
  return el('li', { 'data-testid': 'fleet-vehicle' },
    el('div', { class: 'row' },
      el('strong', {}, v.id.replace('urn:ngsi-ld:Vehicle:drt:', '')),
      el('span', { class: 'badge' }, valueText(v.serviceStatus))),
    el('div', { class: 'muted' }, `${t('fleet.onboard')} ${onboard.seats ?? 0} · ${t('fleet.planned')} ${plan.length}`),
    plan.length
      ? el('ol', { class: 'plan' }, ...plan.slice(0, 6).map((s) =>
          el('li', {}, `${fmtTime(s.eta)} ${valueText(s.action)} ${s.requestId ?? ''}`)))
      : null);
}

function requestItem(r: Entity): HTMLElement {
  const w = (r.promisedPickup ?? {}) as Window;
  return el('tr', { 'data-testid': 'fleet-request' },
    el('td', {}, r.id.replace('urn:ngsi-ld:DrtRequest:', '')),
    el('td', {}, valueText(r.requestKind)),
    el('td', {}, valueText(r.status)),
    el('td', {}, w.from ? `${fmtTime(w.from)}–${fmtTime(w.to)}` : '—'));
}

export function renderFleet(root: HTMLElement, state: CityState): void {
  const vehicles = drtVehicles(state);
  const requests = state.all('DrtRequest').sort((a, b) => b.id.localeCompare(a.id)).slice(0, 25);
  if (!vehicles.length && !requests.length) {
    replaceIfChanged(root, el('p', { class: 'muted' }, t('fleet.none')));
    return;
  }
  replaceIfChanged(root, 
    el('h3', {}, `${t('fleet.vehicles')} (${vehicles.length})`),
    el('ul', { class: 'fleet' }, ...vehicles.slice(0, 40).map(vehicleItem)),
    el('h3', {}, `${t('fleet.requests')} (${state.all('DrtRequest').length})`),
    el('table', { class: 'compact' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'id'), el('th', { scope: 'col' }, ''),
        el('th', { scope: 'col' }, t('fleet.status')), el('th', { scope: 'col' }, t('fleet.promise')))),
      el('tbody', {}, ...requests.map(requestItem))));
}
