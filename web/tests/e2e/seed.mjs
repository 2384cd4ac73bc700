// SPDX-License-Identifier: Apache-2.0
// Writes test data through the public APIs (NGSI-LD and /api/v1/drt) as a city's
// systems would. Every call throws on a non-2xx answer, naming the request.

export function client(base) {
  async function call(method, path, body, headers = {}) {
    const res = await fetch(base + path, {
      method,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  }
  return {
    call,
    create: (entity) => call('POST', '/ngsi-ld/v1/entities', entity),
    patch: (id, attrs, headers = {}) =>
      call('PATCH', `/ngsi-ld/v1/entities/${encodeURIComponent(id)}/attrs`, attrs, headers),
  };
}

export const prop = (value) => ({ type: 'Property', value });
export const geo = (lon, lat) => ({ type: 'GeoProperty', value: { type: 'Point', coordinates: [lon, lat] } });

export const bus = (id, lon, lat) => ({
  id, type: 'Vehicle', vehicleType: prop('bus'), location: geo(lon, lat), speed: prop(24),
});

export const kpi = (id, value, name) => ({
  id, type: 'KeyPerformanceIndicator', name: prop(name), kpiValue: prop(value),
  category: prop(['quantitative']), calculationPeriod: prop({ from: '2026-11-26', to: '2026-11-26' }),
});

export const shelter = (id, lon, lat, name, capacity) => ({
  id, type: 'Shelter', name: prop(name), capacity: prop(capacity), location: geo(lon, lat),
});

export const alert = (id, lon, lat, nameEn, nameJa) => ({
  id, type: 'Alert', category: prop('naturalDisaster'), subCategory: prop('floodRisk'), severity: prop('high'),
  name: { type: 'LanguageProperty', languageMap: { en: nameEn, ja: nameJa } },
  dateIssued: prop({ '@type': 'DateTime', '@value': new Date().toISOString() }),
  location: geo(lon, lat),
});

export const gauge = (id, lon, lat, level) => ({
  id, type: 'WaterObserved', name: prop('Test river gauge'), waterLevel: prop(level), location: geo(lon, lat),
});
