// SPDX-License-Identifier: Apache-2.0
// Evacuation shelters as the dashboard shows them: Shelter and EvacuationShelter
// entities, and PointOfInterest entities whose category names a shelter (the rule of
// the flood watch, docs/flood-watch.md), and the shelters listed with an alert.
import type { Entity } from './api';
import { localized } from './i18n';
import type { CityState } from './state';
import { distanceM, num, position } from './values';

/** Entity types that may hold shelters (short names). */
export const shelterTypes = ['Shelter', 'EvacuationShelter', 'PointOfInterest'];

function namesShelter(code: unknown): boolean {
  return typeof code === 'string' && (code.toLowerCase().includes('shelter') || code.includes('避難'));
}

/** True for a Shelter, an EvacuationShelter, or a PointOfInterest with a shelter category. */
export function isShelter(e: Entity): boolean {
  if (e.type === 'Shelter' || e.type === 'EvacuationShelter') return true;
  if (e.type !== 'PointOfInterest') return false;
  let c = e.category;
  if (c && typeof c === 'object' && !Array.isArray(c) && 'value' in (c as object)) c = (c as { value: unknown }).value;
  return Array.isArray(c) ? c.some(namesShelter) : namesShelter(c);
}

/** Every shelter the state holds. */
export function shelterEntities(state: CityState): Entity[] {
  return shelterTypes.flatMap((type) => state.all(type)).filter(isShelter);
}

export interface ListedShelter {
  id: string;
  name: string;
  distance: number;         // metres, straight line
  walkingMinutes?: number;  // the flood watch's walking estimate
  capacity?: number;
  occupancy?: number;
}

/**
 * The shelters of an alert: the ones the flood watch listed (`nearestShelters`: only
 * shelters that take people, with walking minutes), else the `n` nearest shelters of
 * the state by straight-line distance from the alert's location.
 */
export function alertShelters(state: CityState, alert: Entity, n = 3): ListedShelter[] {
  let listed = alert.nearestShelters;
  if (listed && typeof listed === 'object' && !Array.isArray(listed) && 'json' in (listed as object)) {
    listed = (listed as { json: unknown }).json;
  }
  if (Array.isArray(listed)) {
    return listed.flatMap((s) => {
      if (!s || typeof s !== 'object') return [];
      const o = s as Record<string, unknown>;
      const number = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
      return [{ id: String(o.id ?? ''), name: localized(o.name) || String(o.id ?? ''), distance: number('distance') ?? 0,
        walkingMinutes: number('walkingMinutes'), capacity: number('capacity'), occupancy: number('occupancy') }];
    });
  }
  const at = position(alert);
  if (!at) return [];
  return shelterEntities(state)
    .flatMap((s) => {
      const p = position(s);
      return p ? [{ id: s.id, name: localized(s.name) || s.id, distance: distanceM(at, p),
        capacity: num(s, 'capacity'), occupancy: num(s, 'occupancy', 'currentOccupancy') }] : [];
    })
    .sort((a, b) => a.distance - b.distance)
    .slice(0, n);
}
