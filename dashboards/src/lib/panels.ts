// Panel helpers: every board is built from these, so every panel of a kind looks and behaves the same.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as barchart from '@grafana/grafana-foundation-sdk/barchart';
import * as xychart from '@grafana/grafana-foundation-sdk/xychart';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import { currencyOverrides, Steps, thresholds, Unit } from './fields';
import { datasource, query, Target } from './query';

export type Override = { matcher: dashboard.MatcherConfig; properties: dashboard.DynamicConfigValue[] };

/** What every data panel has: a question (title), the KPI's definition (description), a place, a unit, queries. */
export interface PanelSpec {
  title: string;
  description: string;
  /** x, y, width, height on Grafana's 24-column grid. */
  grid: [number, number, number, number];
  unit: Unit;
  targets: Target[];
  decimals?: number;
  min?: number;
  max?: number;
  /** Threshold colours; a single neutral colour when omitted. */
  steps?: Steps;
  mappings?: dashboard.ValueMapping[];
  /** Series named after a currency are shown in that currency. */
  money?: boolean;
  overrides?: Override[];
  transformations?: dashboard.DataTransformerConfig[];
  /** The board that explains this panel: its value links there (same source and time range). */
  drillDown?: { title: string; uid: string };
}

/** What a board helper takes per panel when it fixes the rest (unit, colours, query shape). */
export type Place = Pick<PanelSpec, 'title' | 'description' | 'grid'>;

/** The settings every panel builder shares (all SDK panel builders have these methods). */
interface CommonBuilder extends Builder<dashboard.Panel> {
  title(title: string): this;
  description(description: string): this;
  datasource(ref: dashboard.DataSourceRef): this;
  gridPos(grid: dashboard.GridPos): this;
  unit(unit: string): this;
  decimals(decimals: number): this;
  min(min: number): this;
  max(max: number): this;
  thresholds(config: Builder<dashboard.ThresholdsConfig>): this;
  colorScheme(color: Builder<dashboard.FieldColor>): this;
  mappings(mappings: dashboard.ValueMapping[]): this;
  withTarget(target: ReturnType<typeof query>): this;
  withOverride(override: Override): this;
  withTransformation(transformation: dashboard.DataTransformerConfig): this;
  dataLinks(links: Builder<dashboard.DashboardLink>[]): this;
}

function applyCommon<T extends CommonBuilder>(builder: T, spec: PanelSpec, color: dashboard.FieldColorModeId): T {
  const [x, y, w, h] = spec.grid;
  let b = builder
    .title(spec.title)
    .description(spec.description)
    .datasource(datasource)
    .gridPos({ x, y, w, h })
    .unit(spec.unit)
    .colorScheme(new dashboard.FieldColorBuilder().mode(color))
    .thresholds(thresholds(spec.steps ?? [['blue', null]]))
    .mappings(spec.mappings ?? []);
  if (spec.decimals !== undefined) b = b.decimals(spec.decimals);
  if (spec.min !== undefined) b = b.min(spec.min);
  if (spec.max !== undefined) b = b.max(spec.max);
  spec.targets.forEach((t, i) => (b = b.withTarget(query(t, i))));
  if (spec.money) currencyOverrides().forEach((o) => (b = b.withOverride(o)));
  (spec.overrides ?? []).forEach((o) => (b = b.withOverride(o)));
  (spec.transformations ?? []).forEach((t) => (b = b.withTransformation(t)));
  if (spec.drillDown) {
    const { title, uid } = spec.drillDown;
    b = b.dataLinks([new dashboard.DashboardLinkBuilder(`Open ${title}`)
      .url(`/d/${uid}?var-source=\${source}&\${__url_time_range}`)
      .targetBlank(false)]);
  }
  return b;
}

const lastValue = (): common.ReduceDataOptionsBuilder =>
  new common.ReduceDataOptionsBuilder().values(false).calcs(['lastNotNull']).fields('');

export interface StatSpec extends PanelSpec {
  /** Background colour (TV tiles) or coloured text. */
  color?: 'background' | 'value';
  /** A sparkline under the value. */
  sparkline?: boolean;
  /** Show the series name under the value (several series in one tile). */
  showName?: boolean;
  /** Month-over-month change: the tile covers the last 30 days and shows the change from its first value. */
  monthOverMonth?: boolean;
  /** Churn, DSO: a rise is shown red. */
  lowerIsBetter?: boolean;
}

/** A KPI tile: the latest value, coloured by its thresholds. */
export function statPanel(spec: StatSpec): stat.PanelBuilder {
  const b = applyCommon(new stat.PanelBuilder(), spec, dashboard.FieldColorModeId.Thresholds)
    .reduceOptions(lastValue())
    .orientation(common.VizOrientation.Auto)
    .textMode(spec.showName ? common.BigValueTextMode.ValueAndName : common.BigValueTextMode.Value)
    .wideLayout(true)
    .colorMode(spec.color === 'value' ? common.BigValueColorMode.Value : common.BigValueColorMode.Background)
    .graphMode(spec.sparkline === false ? common.BigValueGraphMode.None : common.BigValueGraphMode.Area)
    .justifyMode(common.BigValueJustifyMode.Auto)
    .showPercentChange(spec.monthOverMonth === true)
    .percentChangeColorMode(spec.lowerIsBetter ? common.PercentChangeColorMode.Inverted : common.PercentChangeColorMode.Standard);
  return spec.monthOverMonth ? b.timeFrom('30d') : b;
}

export interface TimeSeriesSpec extends PanelSpec {
  bars?: boolean;
  stacked?: boolean;
  fill?: number;
  softMin?: number;
  softMax?: number;
  /** How thresholds (targets, SLOs) are drawn on the graph. */
  thresholdLines?: 'dashed' | 'area';
  /** A legend table on the right with the last and maximum values. */
  legendTable?: boolean;
}

/** A time series with its targets drawn as threshold lines. */
export function timeSeriesPanel(spec: TimeSeriesSpec): timeseries.PanelBuilder {
  const style = { dashed: common.GraphThresholdsStyleMode.Dashed, area: common.GraphThresholdsStyleMode.Area };
  let b = applyCommon(new timeseries.PanelBuilder(), spec, dashboard.FieldColorModeId.PaletteClassic)
    .legend(
      spec.legendTable
        ? new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.Table)
            .placement(common.LegendPlacement.Right).calcs(['lastNotNull', 'max'])
        : new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List)
            .placement(common.LegendPlacement.Bottom).calcs([]),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .drawStyle(spec.bars ? common.GraphDrawStyle.Bars : common.GraphDrawStyle.Line)
    .lineWidth(2)
    .fillOpacity(spec.fill ?? (spec.bars ? 80 : 10))
    .showPoints(common.VisibilityMode.Never)
    .spanNulls(false)
    .stacking(new common.StackingConfigBuilder().mode(spec.stacked ? common.StackingMode.Normal : common.StackingMode.None).group('A'))
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder()
      .mode(spec.thresholdLines ? style[spec.thresholdLines] : common.GraphThresholdsStyleMode.Off));
  if (spec.softMin !== undefined) b = b.axisSoftMin(spec.softMin);
  if (spec.softMax !== undefined) b = b.axisSoftMax(spec.softMax);
  return b;
}

/** A breakdown as horizontal bars, one per label value. */
export function barGaugePanel(spec: PanelSpec): bargauge.PanelBuilder {
  return applyCommon(new bargauge.PanelBuilder(), spec, dashboard.FieldColorModeId.Thresholds)
    .reduceOptions(lastValue())
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Gradient)
    .valueMode(common.BarGaugeValueMode.Color)
    .namePlacement(common.BarGaugeNamePlacement.Auto)
    .showUnfilled(true)
    .sizing(common.BarGaugeSizing.Auto)
    .minVizWidth(8)
    .minVizHeight(16)
    .maxVizHeight(300);
}

export interface TableSpec extends PanelSpec {
  sortBy?: { column: string; desc: boolean };
}

/** A breakdown table: instant queries merged into one row per label set. */
export function tablePanel(spec: TableSpec): table.PanelBuilder {
  let b = applyCommon(new table.PanelBuilder(), spec, dashboard.FieldColorModeId.Thresholds)
    .showHeader(true)
    .cellHeight(common.TableCellHeight.Sm)
    .filterable(true)
    .align(common.FieldTextAlignment.Auto);
  if (spec.sortBy) b = b.sortBy([new common.TableSortByFieldStateBuilder().displayName(spec.sortBy.column).desc(spec.sortBy.desc)]);
  return b;
}

export interface BreakdownSpec extends PanelSpec {
  /** The labels shown as columns, in this order; every other label is hidden. */
  columns: string[];
  /** The header of the value column. */
  valueName: string;
  /** A matrix instead of a list: one row per `rows` label value, one column per `columns[1]` value. */
  matrix?: { rows: string; columns: string };
}

/**
 * A breakdown table: one instant query, one row per label set (or a matrix of two labels), the value
 * coloured by its thresholds, sorted by value (lists) or by row label (matrices).
 */
export function breakdownTablePanel(spec: BreakdownSpec): table.PanelBuilder {
  const transformations: dashboard.DataTransformerConfig[] = spec.matrix
    ? [{ id: 'groupingToMatrix', options: { rowField: spec.matrix.rows, columnField: spec.matrix.columns, valueField: 'Value', emptyValue: 'null' } }]
    : [
        { id: 'filterFieldsByName', options: { include: { names: [...spec.columns, 'Value'] } } },
        {
          id: 'organize',
          options: {
            indexByName: Object.fromEntries([...spec.columns, 'Value'].map((c, i) => [c, i])),
            renameByName: { Value: spec.valueName },
          },
        },
      ];
  const b = tablePanel({
    ...spec,
    targets: spec.targets.map((t) => ({ ...t, instant: true, table: true })),
    transformations: [...transformations, ...(spec.transformations ?? [])],
    sortBy: spec.matrix ? { column: `${spec.matrix.rows}\\${spec.matrix.columns}`, desc: false } : { column: spec.valueName, desc: true },
  });
  return b.cellOptions({ type: common.TableCellDisplayMode.ColorText });
}

/** Up/down over time, one band per series. */
export function stateTimelinePanel(spec: PanelSpec): statetimeline.PanelBuilder {
  return applyCommon(new statetimeline.PanelBuilder(), spec, dashboard.FieldColorModeId.Thresholds)
    .showValue(common.VisibilityMode.Never)
    .mergeValues(true)
    .alignValue(common.TimelineValueAlignment.Left)
    .rowHeight(0.8)
    .lineWidth(0)
    .fillOpacity(80)
    .legend(new common.VizLegendOptionsBuilder().showLegend(false).displayMode(common.LegendDisplayMode.List)
      .placement(common.LegendPlacement.Bottom).calcs([]));
}

/** Categories as bars (e.g. MRR movements by type, one bar per currency). */
export function barChartPanel(spec: PanelSpec): barchart.PanelBuilder {
  return applyCommon(new barchart.PanelBuilder(), spec, dashboard.FieldColorModeId.Thresholds)
    .showValue(common.VisibilityMode.Auto)
    .stacking(common.StackingMode.None)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List)
      .placement(common.LegendPlacement.Bottom).calcs([]));
}

export interface XyChartSpec extends PanelSpec {
  /** Time range of this panel only (e.g. "30d"), and one point per interval. */
  timeFrom: string;
  interval: string;
}

/** One point per interval: the first query on the x axis, the others on y. */
export function xyChartPanel(spec: XyChartSpec): xychart.PanelBuilder {
  return applyCommon(new xychart.PanelBuilder(), spec, dashboard.FieldColorModeId.PaletteClassic)
    .timeFrom(spec.timeFrom)
    .interval(spec.interval)
    .show(xychart.XYShowMode.Points)
    .pointSize({ fixed: 6 })
    .fillOpacity(50)
    .mapping(xychart.SeriesMapping.Auto)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List)
      .placement(common.LegendPlacement.Bottom).calcs([]));
}

/** A count of things that are wrong (failing KPIs, datasources down): 0 is healthy and green, shown as 0 when none match. */
export function problemCountPanel({ count, legend, ...place }: Place & { count: string; legend: string }): stat.PanelBuilder {
  return statPanel({
    ...place,
    unit: units.NoUnit,
    decimals: 0,
    steps: [['green', null], ['red', 1]],
    targets: [{ expr: `${count} or on() vector(0)`, legend }],
    sparkline: false,
  });
}

/**
 * The "Stale KPIs on this board" tile: how many (KPI, source) pairs of the board's KPIs are stale, 0 when none.
 * The description lists the KPIs checked (a board may phrase the explanation before them its own way).
 */
export function staleKpisPanel(spec: { kpis: string[]; grid: PanelSpec['grid']; explanation?: string }): stat.PanelBuilder {
  const explanation = spec.explanation ?? 'Number of (KPI, source) pairs used on this board whose published values are not from their latest run (exporter_kpi_stale == 1: the last run failed, or the KPI has not succeeded yet). 0 is healthy (the query returns vector(0) when nothing is stale). A failing KPI keeps its last values for 3 schedule periods, then the exporter withdraws them and its panels show "No data". Details on the Exporter health board.';
  return problemCountPanel({
    title: 'Stale KPIs on this board',
    description: `${explanation} KPIs checked: ${spec.kpis.join(', ')}.`,
    grid: spec.grid,
    count: `count(max without (instance, pod) (exporter_kpi_stale{kpi=~"${spec.kpis.join('|')}", source=~"$source"}) == 1)`,
    legend: 'stale',
  });
}
