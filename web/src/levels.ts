// SPDX-License-Identifier: Apache-2.0
// River danger levels (0 = below every reference level ... 5 = flooding) as the map and the
// river panel colour them.
import type { Entity } from './api';
import { num } from './values';

/** Danger level (0-5) of a WaterObserved entity, as the flood-watch service or the entity says. */
export function gaugeLevel(e: Entity): number {
  return num(e, 'dangerLevel', 'alertLevel') ?? 0;
}

const levelColours = ['#237032', '#e0b000', '#f08c00', '#c2410c', '#a61e4d', '#5f0f40'];

export function levelColour(level: number): string {
  return levelColours[Math.max(0, Math.min(5, Math.round(level)))];
}

/** Text colour readable on levelColour(level) (WCAG AA): dark on yellow and orange. */
export function levelTextColour(level: number): string {
  const l = Math.round(level);
  return l === 1 || l === 2 ? '#1b1f24' : '#ffffff';
}
