// SPDX-License-Identifier: Apache-2.0
// The GeoJSON build: CSV reading, line simplification, and the layers made from the
// repository's Muroran data (counts, coordinates inside the city, credits).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCsv, simplify } from '../../scripts/geo-lib.mjs';

test('parseCsv reads quotes, escaped quotes, CRLF and a BOM', () => {
  const rows = parseCsv('\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n2,,\n');
  assert.deepEqual(rows, [{ a: '1', b: 'x, y', c: 'say "hi"' }, { a: '2', b: '', c: '' }]);
});

test('simplify keeps the ends and the corners, drops collinear points', () => {
  const line = [[0, 0], [1, 0.00001], [2, 0], [2, 1], [2, 2]];
  assert.deepEqual(simplify(line, 0.001), [[0, 0], [2, 0], [2, 2]]);
  assert.deepEqual(simplify([[0, 0], [1, 1]], 0.1), [[0, 0], [1, 1]]);
});

test('the Muroran layers: outline, 72 route shapes, stops inside the city', () => {
  const out = mkdtempSync(join(tmpdir(), 'cityos-geo-'));
  try {
    execFileSync(process.execPath, [new URL('../../scripts/build-geo.mjs', import.meta.url).pathname, '--out', out]);
    const read = (name) => JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8'));
    const outline = read('outline');
    const routes = read('routes');
    const stops = read('stops');
    assert.equal(outline.features.length, 1);
    assert.match(outline.features[0].properties.credit, /国土数値情報/);
    assert.equal(routes.features.length, 72);
    assert.ok(stops.features.length > 400);
    for (const s of stops.features) {
      const [lon, lat] = s.geometry.coordinates;
      assert.ok(lon > 140.8 && lon < 141.2 && lat > 42.2 && lat < 42.5, `${s.properties.id} at ${lon},${lat}`);
    }
    assert.ok(stops.features.some((s) => s.properties.id === '0391_A' && s.properties.name === '工大'));
    assert.match(readFileSync(join(out, 'CREDITS.txt'), 'utf8'), /CC BY-SA 3\.0/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
