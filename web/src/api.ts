// SPDX-License-Identifier: Apache-2.0
// HTTP access to the broker: every request carries the credential; a 401 raises the
// sign-in form (onUnauthorized) and rejects with an HttpError. Entity queries page
// through keyValues results; the temporal API gives [value, time] series.
import { authHeaders } from './auth';

export class HttpError extends Error {
  constructor(
    public status: number,
    public detail: string,
  ) {
    super(`${status}: ${detail}`);
  }
}

export type Entity = Record<string, unknown> & { id: string; type: string };

let unauthorizedHandler: () => void = () => {};

/** Called on every 401 answer (the dashboard shows the sign-in form). */
export function onUnauthorized(fn: () => void): void {
  unauthorizedHandler = fn;
}

export function notifyUnauthorized(): void {
  unauthorizedHandler();
}

/** fetch() with credentials; rejects with HttpError on a non-2xx answer (ProblemDetails detail when given). */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [k, v] of Object.entries(authHeaders())) headers.set(k, v);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  const res = await fetch(path, { ...init, headers });
  if (res.ok) return res;
  if (res.status === 401) notifyUnauthorized();
  let detail = res.statusText;
  try {
    const body = (await res.json()) as { detail?: string; title?: string };
    detail = body.detail ?? body.title ?? detail;
  } catch {
    /* not JSON */
  }
  throw new HttpError(res.status, detail);
}

export async function getJson<T>(path: string): Promise<T> {
  return (await apiFetch(path)).json() as Promise<T>;
}

/** Every entity of `type` in keyValues form, 1,000 a page, at most `max`. An unknown type gives []. */
export async function queryEntities(type: string, max = 5000): Promise<Entity[]> {
  const out: Entity[] = [];
  const limit = 1000;
  for (let offset = 0; offset < max; offset += limit) {
    const page = await getJson<Entity[]>(
      `/ngsi-ld/v1/entities?type=${encodeURIComponent(type)}&options=keyValues&limit=${limit}&offset=${offset}`,
    );
    out.push(...page);
    if (page.length < limit) break;
  }
  return out;
}

/** [time ms, value] of `attr` of entity `id` since `since`, oldest first. */
export async function temporalSeries(id: string, attr: string, since: Date): Promise<Array<[number, number]>> {
  const q = new URLSearchParams({
    attrs: attr,
    timerel: 'after',
    timeAt: since.toISOString(),
    options: 'temporalValues',
  });
  const body = await getJson<Record<string, unknown>>(`/ngsi-ld/v1/temporal/entities/${encodeURIComponent(id)}?${q}`);
  return seriesOf(body[attr]);
}

/** Reads a temporalValues attribute ({values: [[v, t], ...]}, or a list of them per datasetId). */
export function seriesOf(attr: unknown): Array<[number, number]> {
  const lists = Array.isArray(attr) ? attr : [attr];
  const out: Array<[number, number]> = [];
  for (const a of lists) {
    const values = (a as { values?: unknown[] } | undefined)?.values;
    if (!Array.isArray(values)) continue;
    for (const pair of values) {
      if (!Array.isArray(pair) || pair.length < 2) continue;
      const v = Number(pair[0]);
      const time = Date.parse(String(pair[1]));
      if (Number.isFinite(v) && Number.isFinite(time)) out.push([time, v]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}
