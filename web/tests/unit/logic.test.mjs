// SPDX-License-Identifier: Apache-2.0
// Unit tests of the dashboard's logic that needs no browser: the server-sent events
// parser, language choice, place parsing, alert activity, KPI tiles, on-demand statistics,
// temporal series and the batched city state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTs } from './load-ts.mjs';

const m = await loadTs(['sse', 'i18n', 'panels/planner', 'panels/rivers', 'panels/kpis', 'api', 'state', 'values', 'shelters']);

test('SseParser: events split across chunks, CRLF, comments, multi-line data', () => {
  const got = [];
  const p = new m.SseParser((e) => got.push(e));
  p.push(': keep-alive\n\nevent: entity\ndata: {"op":');
  assert.equal(got.length, 0);
  p.push('"upsert"}\r\n\r\ndata: a\ndata: b\n');
  p.push('\n');
  assert.deepEqual(got, [{ event: 'entity', data: '{"op":"upsert"}', id: undefined },
    { event: 'message', data: 'a\nb', id: undefined }]);
});

test('detectLang: ?lang wins, then the browser languages, else English', () => {
  assert.equal(m.detectLang('?lang=ja', ['en-GB']), 'ja');
  assert.equal(m.detectLang('?lang=en', ['ja']), 'en');
  assert.equal(m.detectLang('?lang=fr', ['fr-FR', 'ja-JP']), 'ja');
  assert.equal(m.detectLang('', ['de']), 'en');
});

test('localized picks the current language of a LanguageProperty map', () => {
  assert.equal(m.localized({ ja: '室蘭', en: 'Muroran' }), 'Muroran');
  assert.equal(m.localized('plain'), 'plain');
  assert.equal(m.localized(undefined), '');
});

test('parsePlace accepts lat,lon and stop:ID only', () => {
  assert.equal(m.parsePlace(' 42.3759, 141.0351 '), '42.375900,141.035100');
  assert.equal(m.parsePlace('stop:0391_A'), 'stop:0391_A');
  assert.equal(m.parsePlace('91,0'), null);
  assert.equal(m.parsePlace('Muroran'), null);
  assert.equal(m.japanNow(new Date('2026-11-26T15:30:00Z')), '2026-11-27T00:30');
});

test('isActive: open alerts, closed ones by validTo or a drop to level 0, predictions', () => {
  const now = Date.parse('2026-11-26T10:00:00Z');
  assert.equal(m.isActive({ id: 'a', type: 'Alert' }, now), true);
  assert.equal(m.isActive({ id: 'a', type: 'Alert', validTo: '2026-11-26T09:00:00Z' }, now), false);
  assert.equal(m.isActive({ id: 'a', type: 'Alert', validTo: { '@type': 'DateTime', '@value': '2026-11-26T11:00:00Z' } }, now), true);
  assert.equal(m.isActive({ id: 'a', type: 'Alert', riverAlertKind: 'levelDropped', dangerLevel: 0 }, now), false);
  assert.equal(m.isActive({ id: 'a', type: 'Alert', riverAlertKind: 'crossingPredicted', validTo: '2026-11-26T09:00:00Z' }, now), true);
});

test('drtStats counts served requests and the service rate', () => {
  const r = (status) => ({ id: status, type: 'DrtRequest', status });
  assert.deepEqual(m.drtStats([r('scheduled'), r('completed'), r('unserved'), r('onboard')]), { total: 4, served: 3, rate: 0.75 });
  assert.equal(m.drtStats([]).rate, undefined);
});

test('kpiTiles reads health-points and mobility KPI entities', async () => {
  const s = new m.CityState();
  const k = (id, kpiValue, extra = {}) => ({ id: `urn:ngsi-ld:KeyPerformanceIndicator:${id}`, type: 'KeyPerformanceIndicator', kpiValue, ...extra });
  s.load(k('healthpoints-muroran_2026-walking-minutes-all', 31.5));
  s.load(k('healthpoints-muroran_2026-change-minutes-all', 22.25, { kpiTarget: 20 }));
  s.load(k('healthpoints-muroran_2026-change-minutes-ward-Chuo', 5));
  s.load(k('transit-ridership-today', 1345));
  s.load(k('air-quality', 3, { name: 'Air quality index' }));
  const tiles = Object.fromEntries(m.kpiTiles(s).map((t) => [t.key, t]));
  assert.match(tiles.walking.value, /^31\.5/);
  assert.equal(tiles['walking-change'].value, '+22.3 / +20');
  assert.equal(tiles['walking-change'].status, 'good');
  assert.equal(tiles.transit.value, '1,345');
  assert.equal(tiles['other-urn:ngsi-ld:KeyPerformanceIndicator:air-quality'].label, 'Air quality index');
});

test('shelters: PointOfInterest only with a shelter category; an alert lists the flood watch\'s shelters first', () => {
  const s = new m.CityState();
  const geo = (lon, lat) => ({ type: 'Point', coordinates: [lon, lat] });
  s.load({ id: 'urn:ngsi-ld:PointOfInterest:gym', type: 'PointOfInterest', category: ['shelter'], name: 'Gym', capacity: 300, location: geo(141.0, 42.30) });
  s.load({ id: 'urn:ngsi-ld:PointOfInterest:beach', type: 'PointOfInterest', category: ['113'], location: geo(141.0, 42.301) });
  s.load({ id: 'urn:ngsi-ld:Shelter:hall', type: 'Shelter', name: 'Hall', location: geo(141.0, 42.32) });
  assert.deepEqual(m.shelterEntities(s).map((e) => e.id).sort(), ['urn:ngsi-ld:PointOfInterest:gym', 'urn:ngsi-ld:Shelter:hall']);
  const alert = { id: 'urn:ngsi-ld:Alert:a', type: 'Alert', location: geo(141.0, 42.305) };
  const nearest = m.alertShelters(s, alert, 1);
  assert.equal(nearest.length, 1);
  assert.equal(nearest[0].name, 'Gym');
  assert.ok(Math.abs(nearest[0].distance - 556) < 2, `${nearest[0].distance}`);
  const listed = m.alertShelters(s, { ...alert, nearestShelters: [{ id: 'urn:x', name: { ja: '体育館', en: 'School gym' }, distance: 420, walkingMinutes: 7, capacity: 200, occupancy: 20 }] });
  assert.deepEqual(listed, [{ id: 'urn:x', name: 'School gym', distance: 420, walkingMinutes: 7, capacity: 200, occupancy: 20 }]);
});

test('seriesOf reads temporalValues, sorted by time, skipping bad pairs', () => {
  assert.deepEqual(m.seriesOf({ type: 'Property', values: [[2, '2026-11-26T01:00:00Z'], ['x', '2026-11-26T00:30:00Z'], [1, '2026-11-26T00:00:00Z']] }),
    [[Date.parse('2026-11-26T00:00:00Z'), 1], [Date.parse('2026-11-26T01:00:00Z'), 2]]);
  assert.deepEqual(m.seriesOf(undefined), []);
});

test('CityState: live writes win over queries, listeners run once per batch', async () => {
  const s = new m.CityState();
  let calls = 0;
  s.subscribe(['Vehicle'], () => calls++);
  s.upsert({ id: 'v1', type: 'Vehicle', speed: 10 });
  s.load({ id: 'v1', type: 'Vehicle', speed: 1 });
  s.load({ id: 'v2', type: 'Vehicle', speed: 2 });
  s.remove('Vehicle', 'v2');
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(calls, 1);
  assert.equal(s.get('Vehicle', 'v1').speed, 10);
  assert.equal(s.all('Vehicle').length, 1);
  assert.equal(m.shortType('https://smartdatamodels.org/dataModel.Transportation/Vehicle'), 'Vehicle');
});

test('values: numbers from keyValues or {value}, positions, distances', () => {
  assert.equal(m.num({ id: 'x', type: 'T', a: '3.5' }, 'a'), 3.5);
  assert.equal(m.num({ id: 'x', type: 'T', a: { value: 2 } }, 'b', 'a'), 2);
  assert.deepEqual(m.position({ id: 'x', type: 'T', location: { type: 'Polygon', coordinates: [[[1, 2], [3, 4]]] } }), [1, 2]);
  const d = m.distanceM([140.97, 42.31], [140.98, 42.31]);
  assert.ok(d > 815 && d < 830, String(d));
});
