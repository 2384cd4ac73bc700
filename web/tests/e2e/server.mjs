// SPDX-License-Identifier: Apache-2.0
// Starts `cityos serve` for the browser tests: a free loopback port, a temporary data
// directory, the Muroran GTFS feed and an on-demand fleet around now; waits for /health.
// The dashboard comes from --web-root (web/dist).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A fleet of two minibuses at Muroran's depots, on shift from an hour ago to 12 h from now. */
export function fleetJson(now = Date.now()) {
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const shift = { shiftStart: iso(now - 3600e3), shiftEnd: iso(now + 12 * 3600e3) };
  return {
    vehicles: [
      { id: 'muroran-1', seats: 8, wheelchairs: 1, volume: 20, depot: { lat: 42.3155, lon: 140.9738 }, ...shift },
      { id: 'muroran-2', seats: 8, depot: { lat: 42.3788, lon: 141.0283 }, ...shift },
    ],
    settings: { speedKmh: 30 },
  };
}

async function waitHealthy(url, child, ms = 60000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`cityos exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('cityos did not become healthy');
}

/** The flood watch's test station: the Masuda demo gauge read from `entity`. */
export const floodEntity = 'urn:ngsi-ld:WaterObserved:e2e-river';
const floodJson = () => ({ stations: [{ preset: 'masuda_demo', entity: floodEntity }] });

/** True when `cityos serve` of this binary has `option` (services land one by one). */
export function serveHas(bin, option) {
  const help = execFileSync(bin, ['serve', '--help'], { encoding: 'utf8' });
  return new RegExp(`\\s${option}[\\s=]`).test(help);
}

/** Starts the server; returns {url, flood, stop(), log()}; `flood` says the flood watch runs. */
export async function startCityos({ bin, webRoot, gtfs, extraArgs = [] }) {
  const dir = mkdtempSync(join(tmpdir(), 'cityos-web-e2e-'));
  const fleet = join(dir, 'fleet.json');
  writeFileSync(fleet, JSON.stringify(fleetJson()));
  const port = await freePort();
  const args = ['serve', '--listen', `127.0.0.1:${port}`, '--data', join(dir, 'data'), '--web-root', webRoot,
    '--gtfs', gtfs, '--drt-fleet', fleet, '--log-level', 'warn', ...extraArgs];
  const flood = serveHas(bin, '--flood-watch');
  if (flood) {
    writeFileSync(join(dir, 'flood.json'), JSON.stringify(floodJson()));
    args.push('--flood-watch', join(dir, 'flood.json'));
  }
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, child);
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${e.message}\n${output}`);
  }
  return {
    url,
    flood,
    log: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => { if (child.exitCode !== null) r(); else child.on('exit', r); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
