// SPDX-License-Identifier: Apache-2.0
// The caller's credential (an API key or a bearer token), kept in sessionStorage so it
// lives only as long as the tab. authHeaders() gives what every request must carry.

export type CredentialKind = 'apiKey' | 'bearer';
export interface Credential {
  kind: CredentialKind;
  secret: string;
}

const storageKey = 'cityos.credential';

export function loadCredential(): Credential | null {
  try {
    const raw = sessionStorage.getItem(storageKey);
    if (!raw) return null;
    const c = JSON.parse(raw) as Credential;
    return (c.kind === 'apiKey' || c.kind === 'bearer') && c.secret ? c : null;
  } catch {
    return null;
  }
}

export function saveCredential(c: Credential | null): void {
  if (c) sessionStorage.setItem(storageKey, JSON.stringify(c));
  else sessionStorage.removeItem(storageKey);
}

/** Headers carrying the stored credential: X-API-Key or Authorization: Bearer; none when signed out. */
export function authHeaders(): Record<string, string> {
  const c = loadCredential();
  if (!c) return {};
  return c.kind === 'apiKey' ? { 'X-API-Key': c.secret } : { Authorization: `Bearer ${c.secret}` };
}
