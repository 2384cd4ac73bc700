// SPDX-License-Identifier: Apache-2.0
// The dashboard's copy of the city: entities by id (keyValues form), indexed by type.
// Writers call upsert/remove; listeners of a type are told once per animation frame
// however many changes arrived, so 500 moving vehicles cost one redraw a frame.
import type { Entity } from './api';

type Listener = () => void;

export class CityState {
  private byType = new Map<string, Map<string, Entity>>(); // type -> id -> entity
  private listeners = new Map<string, Listener[]>(); // type -> listeners
  private dirty = new Set<string>();
  private scheduled = false;
  private touched = new Set<string>(); // ids written by the live stream (newer than a query)

  /** The entities of `type`, in no particular order. */
  all(type: string): Entity[] {
    return [...(this.byType.get(type)?.values() ?? [])];
  }

  get(type: string, id: string): Entity | undefined {
    return this.byType.get(type)?.get(id);
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  /** A live change: always wins over an initial query. */
  upsert(e: Entity): void {
    this.touched.add(e.id);
    this.put(e);
  }

  /** An entity from an initial query: ignored when the live stream already wrote it. */
  load(e: Entity): void {
    if (!this.touched.has(e.id)) this.put(e);
  }

  /** Lets the next queries replace what the live stream wrote (after a reconnection). */
  forgetLiveWrites(): void {
    this.touched.clear();
  }

  remove(type: string, id: string): void {
    this.touched.add(id);
    if (this.byType.get(type)?.delete(id)) this.changed(type);
  }

  /** Calls `fn` (batched per frame) when an entity of one of `types` changes. */
  subscribe(types: string[], fn: Listener): void {
    for (const type of types) {
      const list = this.listeners.get(type) ?? [];
      list.push(fn);
      this.listeners.set(type, list);
    }
  }

  private put(e: Entity): void {
    let m = this.byType.get(e.type);
    if (!m) this.byType.set(e.type, (m = new Map()));
    m.set(e.id, e);
    this.changed(e.type);
  }

  private changed(type: string): void {
    this.dirty.add(type);
    if (this.scheduled) return;
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      const fns = new Set<Listener>();
      for (const t of this.dirty) for (const fn of this.listeners.get(t) ?? []) fns.add(fn);
      this.dirty.clear();
      for (const fn of fns) fn();
    };
    if (typeof document !== 'undefined' && document.visibilityState === 'visible') {
      requestAnimationFrame(flush);
    } else {
      setTimeout(flush, 50);
    }
  }
}

/** The short type name of an expanded or compacted type ("https://.../Vehicle" -> "Vehicle"). */
export function shortType(type: string): string {
  const cut = Math.max(type.lastIndexOf('/'), type.lastIndexOf('#'));
  return cut >= 0 ? type.slice(cut + 1) : type;
}
