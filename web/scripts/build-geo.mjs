// SPDX-License-Identifier: Apache-2.0
// Builds the dashboard's base layers as GeoJSON from the repository's demo-city data:
// the Muroran outline (data/muroran/muroran_s0010.geojson), the bus routes (the GTFS
// feed's shapes.txt, one line per distinct shape, simplified) and the stops (stops.txt).
// Writes web/public/geo/{outline,routes,stops}.json; Vite copies them into dist/.
// Usage: node scripts/build-geo.mjs [--data DIR] [--out DIR]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv, simplify } from './geo-lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? resolve(args[i + 1]) : fallback;
};
const dataDir = arg('--data', resolve(here, '../../data/muroran'));
const outDir = arg('--out', resolve(here, '../public/geo'));
const gtfs = join(dataDir, 'gtfs');
const round = (x) => Math.round(x * 1e5) / 1e5;

function table(name) {
  return parseCsv(readFileSync(join(gtfs, name), 'utf8'));
}

function outline() {
  const src = JSON.parse(readFileSync(join(dataDir, 'muroran_s0010.geojson'), 'utf8'));
  for (const f of src.features) {
    f.properties = {
      ...f.properties,
      credit: '「国土数値情報（行政区域データ）」（国土交通省）を加工して作成',
    };
  }
  return src;
}

function routes() {
  const routeRows = new Map(table('routes.txt').map((r) => [r.route_id, r]));
  const shapeRoute = new Map();
  for (const t of table('trips.txt')) {
    if (t.shape_id && !shapeRoute.has(t.shape_id)) shapeRoute.set(t.shape_id, t.route_id);
  }
  const points = new Map(); // shape_id -> [[seq, lon, lat]]
  for (const p of table('shapes.txt')) {
    if (!shapeRoute.has(p.shape_id)) continue;
    let list = points.get(p.shape_id);
    if (!list) points.set(p.shape_id, (list = []));
    list.push([Number(p.shape_pt_sequence), Number(p.shape_pt_lon), Number(p.shape_pt_lat)]);
  }
  const features = [];
  for (const [shapeId, list] of points) {
    list.sort((a, b) => a[0] - b[0]);
    const line = simplify(list.map(([, lon, lat]) => [lon, lat]), 0.00004).map(([x, y]) => [round(x), round(y)]);
    if (line.length < 2) continue;
    const route = routeRows.get(shapeRoute.get(shapeId)) ?? {};
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: line },
      properties: {
        shape: shapeId,
        route: route.route_id ?? '',
        name: route.route_long_name || route.route_short_name || '',
        color: route.route_color ? `#${route.route_color}` : '',
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

function stops() {
  const rows = table('stops.txt');
  const parents = new Set(rows.map((s) => s.parent_station).filter(Boolean));
  const features = rows
    .filter((s) => (s.location_type || '0') === '0' || !parents.has(s.stop_id))
    .filter((s) => s.stop_lat && s.stop_lon)
    .map((s) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round(Number(s.stop_lon)), round(Number(s.stop_lat))] },
      properties: { id: s.stop_id, name: s.stop_name, station: s.parent_station || '' },
    }));
  return { type: 'FeatureCollection', features };
}

mkdirSync(outDir, { recursive: true });
const layers = { outline: outline(), routes: routes(), stops: stops() };
for (const [name, fc] of Object.entries(layers)) {
  const text = JSON.stringify(fc);
  writeFileSync(join(outDir, `${name}.json`), text);
  console.log(`geo: ${name}.json ${fc.features.length} features, ${(text.length / 1024).toFixed(0)} KiB`);
}
writeFileSync(
  join(outDir, 'CREDITS.txt'),
  'outline.json: 「国土数値情報（行政区域データ）」（国土交通省）を加工して作成\n' +
    'routes.json, stops.json: Donan Bus GTFS-JP feed, CC BY-SA 3.0, 道南バスGTFS化プロジェクト ' +
    '(むろらんオープンデータライブラリ CC BY 2.1, (c) OpenStreetMap contributors)\n',
);
