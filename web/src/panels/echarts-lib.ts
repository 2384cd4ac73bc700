// SPDX-License-Identifier: Apache-2.0
// The parts of ECharts the dashboard uses (line charts on a time axis, tooltips, canvas),
// in a module of its own so it loads after the first paint (dynamic import).
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

export const init = echarts.init;
export type Chart = echarts.ECharts;
