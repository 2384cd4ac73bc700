// SPDX-License-Identifier: Apache-2.0
// The dashboard's entry: language, sign-in, the map and panels over one city state,
// filled by one entity query and kept current by the live stream. The stream and the
// query start before the map is built so the network and the WebGL set-up overlap.
import './styles.css';
import { HttpError, onUnauthorized, queryEntities, type Entity } from './api';
import { applyTexts, detectLang, lang, onLangChange, setLang, t } from './i18n';
import { LiveFeed, type LiveStatus } from './live';
import { CityMap } from './map';
import { renderAlerts } from './panels/alerts';
import { ChartsPanel } from './panels/charts';
import { renderFleet } from './panels/fleet';
import { HealthSource, renderHealth } from './panels/health';
import { renderKpis } from './panels/kpis';
import { PlannerPanel } from './panels/planner';
import { RiverSource, renderRivers } from './panels/rivers';
import { SignIn } from './signin';
import { shelterTypes } from './shelters';
import { CityState } from './state';

/** Entity types the dashboard shows (short names, as the live stream takes them). */
export const liveTypes = [
  'Vehicle', 'DrtRequest', 'WaterObserved', 'Alert', 'OffStreetParking', 'ParkingSpot', 'CrowdFlowObserved',
  'PeopleCounter', 'KeyPerformanceIndicator', ...shelterTypes,
];

const byId = (id: string) => document.getElementById(id) as HTMLElement;

const state = new CityState();
setLang(detectLang(window.location.search, navigator.languages ?? [navigator.language]), false);

const statusEl = byId('live-status');
function showStatus(s: LiveStatus): void {
  statusEl.dataset.status = s;
  const key = { live: 'live.live', retry: 'live.retry', offline: 'live.offline', signin: 'live.signin', connecting: 'live.connecting' } as const;
  statusEl.textContent = t(key[s]);
}

/** The current state of every shown type (one paged query; the broker drops what the caller may not read). */
async function queryAll(): Promise<Entity[]> {
  try {
    return await queryEntities(liveTypes.join(','), 50000);
  } catch (e) {
    if (!(e instanceof HttpError)) console.warn(e);
    return [];
  }
}

// The stream opens first so no change falls between it and the query.
const live = new LiveFeed(state, liveTypes, showStatus, () => {
  state.forgetLiveWrites();
  void queryAll().then(apply);
});
live.start();
const initial = queryAll();

let firstDataShown = (): void => {};
const map = new CityMap(byId('map'), state, new Promise<void>((resolve) => { firstDataShown = resolve; }));
const rivers = new RiverSource(() => { drawRivers(); map.setGaugeLevels((g) => rivers.levelOf(g)); });
const health = new HealthSource(() => drawHealth());
const charts = new ChartsPanel(byId('panel-charts-body'), state);
const planner = new PlannerPanel(byId('panel-planner-body'), map);
// A new credential may read other entities: start again from an empty page.
const signIn = new SignIn(() => window.location.reload());
onUnauthorized(() => signIn.open(true));

const drawKpis = () => renderKpis(byId('panel-kpis-body'), state);
const drawRivers = () => renderRivers(byId('panel-rivers-body'), state, rivers);
const drawAlerts = () => renderAlerts(byId('panel-alerts-body'), state);
const drawFleet = () => renderFleet(byId('panel-fleet-body'), state);
const drawHealth = () => renderHealth(byId('panel-health-body'), state, health);

state.subscribe(['KeyPerformanceIndicator', 'DrtRequest', 'Vehicle'], drawKpis);
state.subscribe(['WaterObserved', 'Alert'], () => { drawRivers(); rivers.refresh(); });
state.subscribe(['Alert', ...shelterTypes], drawAlerts);
state.subscribe(['Vehicle', 'DrtRequest'], drawFleet);
state.subscribe(['KeyPerformanceIndicator'], () => { drawHealth(); health.refresh(); });

function drawAll(): void {
  drawKpis(); drawRivers(); drawAlerts(); drawFleet(); drawHealth();
}

function apply(entities: Entity[]): void {
  for (const e of entities) state.load(e);
  rivers.refresh();
  health.refresh();
  drawAll();
}

byId('lang-button').addEventListener('click', () => setLang(lang() === 'ja' ? 'en' : 'ja'));
onLangChange(() => {
  drawAll();
  charts.relabel();
  planner.render();
  signIn.relabel();
  showStatus((statusEl.dataset.status as LiveStatus) ?? 'connecting');
});
window.addEventListener('resize', () => charts.resize());

applyTexts();
drawAll();
void initial.then((entities) => {
  apply(entities);
  document.body.dataset.loaded = 'true';
  firstDataShown();
});

// For the browser tests and the console: the map and the state (read-only use).
(window as unknown as { cityos: unknown }).cityos = { get map() { return map.map; }, state };
