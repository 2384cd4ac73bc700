// SPDX-License-Identifier: Apache-2.0
// The live stream: GET /api/v1/live?types=... read with fetch() + ReadableStream, each
// `entity` event applied to the city state. Reconnects with backoff (1 s to 30 s); a 401
// raises the sign-in form; a 404/501 (a server without the stream) stops trying. The
// server ends a stream that fell too far behind: after a reconnection `onReopen` runs so
// the caller reloads the state.
import { authHeaders } from './auth';
import { notifyUnauthorized, type Entity } from './api';
import { SseParser } from './sse';
import { shortType, type CityState } from './state';

export type LiveStatus = 'connecting' | 'live' | 'retry' | 'offline' | 'signin';

interface EntityEvent {
  op: 'upsert' | 'delete';
  id: string;
  type: string;
  entity?: Entity;
}

export class LiveFeed {
  private controller: AbortController | null = null;
  private backoff = 1000;
  private stopped = false;
  private opened = false;

  constructor(
    private state: CityState,
    private types: string[],
    private onStatus: (s: LiveStatus) => void,
    private onReopen: () => void = () => {},
  ) {}

  start(): void {
    this.stopped = false;
    this.opened = false;
    void this.run();
  }

  /** Closes the stream (used on sign-in/out before starting a new one). */
  stop(): void {
    this.stopped = true;
    this.controller?.abort();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.onStatus('connecting');
      this.controller = new AbortController();
      let retry = true;
      try {
        const res = await fetch(`/api/v1/live?types=${encodeURIComponent(this.types.join(','))}`, {
          headers: { Accept: 'text/event-stream', ...authHeaders() },
          signal: this.controller.signal,
          cache: 'no-store',
        });
        if (res.status === 401) {
          notifyUnauthorized();
          this.onStatus('signin');
          return;
        } else if (res.status === 404 || res.status === 501 || res.status === 503) {
          retry = false;
        } else if (res.ok && res.body) {
          this.onStatus('live');
          this.backoff = 1000;
          if (this.opened) this.onReopen();
          this.opened = true;
          await this.read(res.body);
        }
      } catch {
        /* network error or abort: retry below unless stopped */
      }
      if (this.stopped) return;
      if (!retry) {
        this.onStatus('offline');
        return;
      }
      this.onStatus('retry');
      await new Promise((r) => setTimeout(r, this.backoff));
      this.backoff = Math.min(this.backoff * 2, 30000);
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser((e) => {
      if (e.event === 'entity') this.apply(e.data);
    });
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.push(decoder.decode(value, { stream: true }));
    }
  }

  private apply(data: string): void {
    let ev: EntityEvent;
    try {
      ev = JSON.parse(data) as EntityEvent;
    } catch {
      return;
    }
    const type = shortType(ev.type ?? ev.entity?.type ?? '');
    if (!ev.id || !type) return;
    if (ev.op === 'delete') this.state.remove(type, ev.id);
    else if (ev.entity) this.state.upsert({ ...ev.entity, id: ev.id, type });
  }
}
