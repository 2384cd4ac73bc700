// SPDX-License-Identifier: Apache-2.0
// Time-series charts (ECharts, line) of one attribute of one entity, read from the
// temporal API over the last 6, 24 or 72 hours. The entity list follows the city state.
// ECharts is loaded on the first chart, not with the page.
import { temporalSeries, type Entity } from '../api';
import { lang, localized, t } from '../i18n';
import type { CityState } from '../state';
import { el } from '../values';

type Chart = import('./echarts-lib').Chart;

/** type -> attribute charted */
const chartable: Record<string, string> = {
  WaterObserved: 'waterLevel',
  OffStreetParking: 'availableSpotNumber',
  CrowdFlowObserved: 'peopleCount',
  PeopleCounter: 'peopleCount',
  KeyPerformanceIndicator: 'kpiValue',
  Vehicle: 'speed',
};

function attrFor(e: Entity): string {
  const attr = chartable[e.type];
  if (e.type === 'WaterObserved' && e.waterLevel === undefined && e.height !== undefined) return 'height';
  return attr;
}

export class ChartsPanel {
  private chart: Chart | null = null;
  private entitySelect: HTMLSelectElement;
  private hoursSelect: HTMLSelectElement;
  private canvas: HTMLElement;
  private message: HTMLElement;
  private chosen = '';
  private listed = ''; // language and ids of the listed entities
  private form: { button: HTMLButtonElement };

  constructor(root: HTMLElement, private state: CityState) {
    this.entitySelect = el('select', { id: 'chart-entity', 'data-testid': 'chart-entity' });
    this.hoursSelect = el('select', { id: 'chart-hours' });
    this.canvas = el('div', { class: 'chart', role: 'img', 'data-testid': 'chart' });
    this.message = el('p', { class: 'muted', 'aria-live': 'polite' });
    const button = el('button', { type: 'button', 'data-testid': 'chart-load' });
    button.addEventListener('click', () => void this.load());
    this.entitySelect.addEventListener('change', () => { this.chosen = this.entitySelect.value; void this.load(); });
    this.hoursSelect.addEventListener('change', () => void this.load());
    this.form = { button };
    root.replaceChildren(
      el('div', { class: 'form-row' },
        el('label', { for: 'chart-entity', 'data-i18n': 'charts.entity' }), this.entitySelect),
      el('div', { class: 'form-row' },
        el('label', { for: 'chart-hours', 'data-i18n': 'charts.hours' }), this.hoursSelect, button),
      this.canvas, this.message);
    state.subscribe(Object.keys(chartable), () => this.fillEntities());
    this.relabel();
  }

  /** Re-renders the texts that depend on the language. */
  relabel(): void {
    this.form.button.textContent = t('charts.load');
    const hours = this.hoursSelect.value || '24';
    this.hoursSelect.replaceChildren(...[6, 24, 72].map((h) => el('option', { value: String(h) }, t('charts.h', { n: h }))));
    this.hoursSelect.value = hours;
    this.fillEntities();
  }

  private fillEntities(): void {
    const entities = Object.keys(chartable).flatMap((type) => this.state.all(type))
      .filter((e) => e.type !== 'Vehicle' || this.state.all('Vehicle').length <= 50)
      .sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id))
      .slice(0, 300);
    const key = `${lang()}|${entities.map((e) => e.id).join(',')}`;
    if (key === this.listed) return; // moves and value changes do not change the list
    this.listed = key;
    const keep = this.chosen || this.entitySelect.value;
    const first = !this.entitySelect.options.length && entities.length > 0;
    this.entitySelect.replaceChildren(...entities.map((e) =>
      el('option', { value: e.id }, `${e.type}: ${localized(e.name) || e.id.replace(/^urn:ngsi-ld:[^:]+:/, '')} (${attrFor(e)})`)));
    if (keep && entities.some((e) => e.id === keep)) this.entitySelect.value = keep;
    if (first) void this.load();
  }

  private async load(): Promise<void> {
    const id = this.entitySelect.value;
    const entity = Object.keys(chartable).map((type) => this.state.get(type, id)).find(Boolean);
    if (!entity) return;
    const attr = attrFor(entity);
    const since = new Date(Date.now() - Number(this.hoursSelect.value || 24) * 3600e3);
    let series: Array<[number, number]> = [];
    try {
      series = await temporalSeries(id, attr, since);
    } catch {
      series = [];
    }
    this.message.textContent = series.length ? '' : t('charts.empty');
    this.canvas.setAttribute('aria-label', `${localized(entity.name) || id}: ${attr}, ${series.length}`);
    if (!this.chart) {
      const { init } = await import('./echarts-lib');
      this.chart = init(this.canvas, undefined, { renderer: 'canvas' });
    }
    this.chart.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', scale: true, name: attr },
      series: [{ type: 'line', name: attr, showSymbol: series.length < 60, data: series, lineStyle: { width: 2 } }],
    }, true);
  }

  resize(): void {
    this.chart?.resize();
  }
}
