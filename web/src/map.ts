// SPDX-License-Identifier: Apache-2.0
// The city map: MapLibre GL with no tile server. The base is drawn from the bundled
// GeoJSON (outline, bus routes, stops) on a plain background; live layers (vehicles,
// on-demand plans, river gauges, parking, people counters, shelters) are GeoJSON sources
// rebuilt from the city state once per frame at most. No text layers (no glyph server):
// names show in popups. MapLibre (1 MB of script) is imported dynamically once the
// first data is shown, so the panels fill before the browser parses it and compiles
// the map's WebGL programs (seconds with software rendering).
import type { GeoJSONSource, Map as MapLibreMap, MapGeoJSONFeature } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Entity } from './api';
import { localized, t } from './i18n';
import { shelterEntities, shelterTypes } from './shelters';
import { gaugeLevel, levelColour } from './levels';
import type { CityState } from './state';
import { num, position, str, type LonLat } from './values';

type FC = GeoJSON.FeatureCollection;
const empty = (): FC => ({ type: 'FeatureCollection', features: [] });

export const center: LonLat = [140.985, 42.345];

export interface MapPick {
  location: LonLat;
  stopId?: string;
  stopName?: string;
}

function point(p: LonLat, props: Record<string, unknown>): GeoJSON.Feature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: props };
}

function isDrt(v: Entity): boolean {
  return v.id.includes(':drt:') || (str(v, 'vehicleType') ?? '') === 'minibus';
}

type MapLibre = typeof import('maplibre-gl');

export class CityMap {
  private lib?: MapLibre;
  private created?: MapLibreMap;
  private ready: Promise<void>;
  private pickHandler: (p: MapPick) => void = () => {};
  private levelOf: (gauge: Entity) => number = gaugeLevel;

  /** `after`: the map's library is loaded once it settles (the first data shown), so
   *  that parsing it and compiling its WebGL programs do not hold up the panels. */
  constructor(container: HTMLElement, private state: CityState, after: Promise<unknown> = Promise.resolve()) {
    // The library is a UMD bundle: its namespace may come as the module's default export.
    this.ready = after.catch(() => undefined).then(() => import('maplibre-gl')).then((mod) =>
      this.create(container, (mod as unknown as { default?: MapLibre }).default ?? mod));
    void this.ready.then(() => this.addLayers());
    state.subscribe(['Vehicle'], () => void this.ready.then(() => this.drawVehicles()));
    state.subscribe(['WaterObserved'], () => void this.ready.then(() => this.drawGauges()));
    state.subscribe(['OffStreetParking', 'ParkingSpot'], () => void this.ready.then(() => this.drawParking()));
    state.subscribe(['CrowdFlowObserved', 'PeopleCounter'], () => void this.ready.then(() => this.drawCrowds()));
    state.subscribe(shelterTypes, () => void this.ready.then(() => this.drawShelters()));
  }

  /** The MapLibre map once its library is loaded (undefined before). */
  get map(): MapLibreMap | undefined {
    return this.created;
  }

  /** Creates the map; resolves when its style is loaded. */
  private create(container: HTMLElement, maplibregl: MapLibre): Promise<void> {
    this.lib = maplibregl;
    const map = new maplibregl.Map({
      container,
      center,
      zoom: 11.6,
      minZoom: 9,
      maxZoom: 18,
      attributionControl: false,
      style: {
        version: 8,
        sources: {},
        layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#dbe9f4' } }],
      },
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: t('attribution') }));
    this.created = map;
    return new Promise((resolve) => map.on('load', () => resolve()));
  }

  /** The map, for code that runs after `ready`. */
  private get m(): MapLibreMap {
    if (!this.created) throw new Error('the map is not created yet');
    return this.created;
  }

  /** Resolves when the base layers are on the map. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Called with a clicked place (a stop when one was hit) that is not a live object. */
  onPick(fn: (p: MapPick) => void): void {
    this.pickHandler = fn;
  }

  /** Colours gauges by `levelOf` (the flood watch's tracked level) instead of the entity's own. */
  setGaugeLevels(levelOf: (gauge: Entity) => number): void {
    this.levelOf = levelOf;
    void this.ready.then(() => this.drawGauges());
  }

  /** Shows the journey planner's markers and itinerary line. */
  showItinerary(from: LonLat | null, to: LonLat | null, lines: GeoJSON.Feature[]): void {
    void this.ready.then(() => {
      const pts: GeoJSON.Feature[] = [];
      if (from) pts.push(point(from, { role: 'from' }));
      if (to) pts.push(point(to, { role: 'to' }));
      this.source('plan-points').setData({ type: 'FeatureCollection', features: pts });
      this.source('plan-lines').setData({ type: 'FeatureCollection', features: lines });
    });
  }

  private source(id: string): GeoJSONSource {
    return this.m.getSource(id) as GeoJSONSource;
  }

  private addLayers(): void {
    const m = this.m;
    m.addSource('outline', { type: 'geojson', data: 'geo/outline.json' });
    m.addSource('routes', { type: 'geojson', data: 'geo/routes.json' });
    m.addSource('stops', { type: 'geojson', data: 'geo/stops.json' });
    for (const id of ['parking', 'crowds', 'gauges', 'shelters', 'drt-plans', 'vehicles', 'plan-lines', 'plan-points'])
      m.addSource(id, { type: 'geojson', data: empty() });
    m.addLayer({ id: 'outline-fill', type: 'fill', source: 'outline', paint: { 'fill-color': '#f4f1ea' } });
    m.addLayer({ id: 'outline-line', type: 'line', source: 'outline', paint: { 'line-color': '#8a8170', 'line-width': 1.2 } });
    m.addLayer({
      id: 'routes', type: 'line', source: 'routes',
      paint: { 'line-color': '#4c6ef5', 'line-opacity': 0.45, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1, 15, 3] },
    });
    m.addLayer({
      id: 'stops', type: 'circle', source: 'stops',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 15, 5],
        'circle-color': '#ffffff', 'circle-stroke-color': '#364fc7', 'circle-stroke-width': 1,
      },
    });
    m.addLayer({
      id: 'parking', type: 'circle', source: 'parking',
      paint: {
        'circle-radius': 7,
        'circle-color': ['interpolate', ['linear'], ['get', 'free'], 0, '#c92a2a', 0.3, '#f08c00', 0.6, '#2f9e44'],
        'circle-stroke-color': '#1b1b1b', 'circle-stroke-width': 1,
      },
    });
    m.addLayer({
      id: 'crowds', type: 'circle', source: 'crowds',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['get', 'count'], 0, 5, 200, 12, 2000, 24],
        'circle-color': '#ae3ec9', 'circle-opacity': 0.45, 'circle-stroke-color': '#862e9c', 'circle-stroke-width': 1,
      },
    });
    m.addLayer({
      id: 'shelters', type: 'circle', source: 'shelters',
      paint: { 'circle-radius': 6, 'circle-color': '#12b886', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    });
    m.addLayer({
      id: 'gauges', type: 'circle', source: 'gauges',
      paint: { 'circle-radius': 9, 'circle-color': ['get', 'colour'], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    });
    m.addLayer({
      id: 'drt-plans', type: 'line', source: 'drt-plans',
      paint: { 'line-color': '#e8590c', 'line-width': 2, 'line-dasharray': [2, 1.5] },
    });
    m.addLayer({
      id: 'vehicles', type: 'circle', source: 'vehicles',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 15, 8],
        'circle-color': ['case', ['get', 'drt'], '#e8590c', '#1971c2'],
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5,
      },
    });
    m.addLayer({ id: 'plan-lines', type: 'line', source: 'plan-lines',
      paint: { 'line-color': ['case', ['==', ['get', 'mode'], 'walk'], '#495057', '#d6336c'], 'line-width': 4,
        'line-dasharray': ['case', ['==', ['get', 'mode'], 'walk'], ['literal', [1, 1]], ['literal', [1, 0]]] } });
    m.addLayer({
      id: 'plan-points', type: 'circle', source: 'plan-points',
      paint: { 'circle-radius': 8, 'circle-color': ['case', ['==', ['get', 'role'], 'from'], '#2b8a3e', '#c92a2a'],
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    });
    this.drawVehicles();
    this.drawGauges();
    this.drawParking();
    this.drawCrowds();
    this.drawShelters();
    this.wireClicks();
  }

  private wireClicks(): void {
    const m = this.m;
    const live = ['vehicles', 'gauges', 'parking', 'crowds', 'shelters'];
    for (const id of [...live, 'stops']) {
      m.on('mouseenter', id, () => (m.getCanvas().style.cursor = 'pointer'));
      m.on('mouseleave', id, () => (m.getCanvas().style.cursor = ''));
    }
    m.on('click', (ev) => {
      const hits = m.queryRenderedFeatures(ev.point, { layers: live });
      if (hits.length) {
        this.popup(hits[0], [ev.lngLat.lng, ev.lngLat.lat]);
        return;
      }
      const stops = m.queryRenderedFeatures(
        [[ev.point.x - 6, ev.point.y - 6], [ev.point.x + 6, ev.point.y + 6]], { layers: ['stops'] });
      const stop = stops[0];
      if (stop && stop.geometry.type === 'Point') {
        const p = stop.properties as { id: string; name: string };
        this.pickHandler({ location: stop.geometry.coordinates as LonLat, stopId: p.id, stopName: p.name });
      } else {
        this.pickHandler({ location: [ev.lngLat.lng, ev.lngLat.lat] });
      }
    });
  }

  private popup(f: MapGeoJSONFeature, at: LonLat): void {
    const p = f.properties as Record<string, string | number>;
    const div = document.createElement('div');
    div.className = 'popup';
    const title = document.createElement('strong');
    title.textContent = String(p.label ?? p.id);
    div.append(title);
    if (p.detail) {
      const d = document.createElement('div');
      d.textContent = String(p.detail);
      div.append(d);
    }
    if (!this.lib) return;
    new this.lib.Popup({ closeButton: true, maxWidth: '260px' }).setLngLat(at).setDOMContent(div).addTo(this.m);
  }

  private drawVehicles(): void {
    const vehicles: GeoJSON.Feature[] = [];
    const plans: GeoJSON.Feature[] = [];
    for (const v of this.state.all('Vehicle')) {
      const p = position(v);
      if (!p) continue;
      const drt = isDrt(v);
      const speed = num(v, 'speed');
      vehicles.push(point(p, {
        id: v.id, drt,
        label: localized(v.name) || v.id.replace('urn:ngsi-ld:Vehicle:', ''),
        detail: [str(v, 'serviceStatus'), speed !== undefined ? `${speed.toFixed(0)} km/h` : ''].filter(Boolean).join(' · '),
      }));
      const plan = v.vehiclePlan;
      if (drt && Array.isArray(plan) && plan.length) {
        const coords: LonLat[] = [p];
        for (const s of plan as Array<{ location?: { lat: number; lon: number } }>)
          if (s.location) coords.push([s.location.lon, s.location.lat]);
        plans.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: { id: v.id } });
      }
    }
    this.source('vehicles').setData({ type: 'FeatureCollection', features: vehicles });
    this.source('drt-plans').setData({ type: 'FeatureCollection', features: plans });
  }

  private drawGauges(): void {
    const features = this.state.all('WaterObserved').flatMap((g) => {
      const p = position(g);
      if (!p) return [];
      const level = this.levelOf(g);
      const h = num(g, 'waterLevel', 'height');
      return [point(p, { id: g.id, colour: levelColour(level), label: localized(g.name) || g.id,
        detail: `${h !== undefined ? h.toFixed(2) + ' m' : ''} · ${t('rivers.danger')} ${level}` })];
    });
    this.source('gauges').setData({ type: 'FeatureCollection', features });
  }

  private drawParking(): void {
    const features = [...this.state.all('OffStreetParking'), ...this.state.all('ParkingSpot')].flatMap((e) => {
      const p = position(e);
      if (!p) return [];
      const free = num(e, 'availableSpotNumber');
      const total = num(e, 'totalSpotNumber');
      const share = free !== undefined && total ? free / total : 1;
      return [point(p, { id: e.id, free: share, label: localized(e.name) || e.id,
        detail: free !== undefined ? `${free}${total ? ' / ' + total : ''}` : '' })];
    });
    this.source('parking').setData({ type: 'FeatureCollection', features });
  }

  private drawCrowds(): void {
    const features = [...this.state.all('CrowdFlowObserved'), ...this.state.all('PeopleCounter')].flatMap((e) => {
      const p = position(e);
      if (!p) return [];
      const count = num(e, 'peopleCount', 'occupancy', 'peopleCountTowards') ?? 0;
      return [point(p, { id: e.id, count, label: localized(e.name) || e.id, detail: `${count}` })];
    });
    this.source('crowds').setData({ type: 'FeatureCollection', features });
  }

  private drawShelters(): void {
    const features = shelterEntities(this.state).flatMap((e) => {
      const p = position(e);
      if (!p) return [];
      const cap = num(e, 'capacity');
      return [point(p, { id: e.id, label: localized(e.name) || e.id,
        detail: cap !== undefined ? `${t('alerts.capacity')} ${cap}` : '' })];
    });
    this.source('shelters').setData({ type: 'FeatureCollection', features });
  }
}
