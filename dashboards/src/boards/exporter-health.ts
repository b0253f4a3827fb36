// Exporter health: Can the numbers on the other boards be trusted? Per-KPI success, staleness, query duration, errors, series counts and cardinality drops, datasource reachability and probe errors.
import * as units from '@grafana/grafana-foundation-sdk/units';
import { board, sourceVariable, withPanels, variable, alertAnnotations } from '../lib/board';
import { amber, upDownMapping } from '../lib/fields';
import { barGaugePanel, type Place, problemCountPanel, statPanel, stateTimelinePanel, tablePanel, timeSeriesPanel } from '../lib/panels';
import { promql } from '../lib/query';

// Per (KPI, source) of the selected ones: the table's columns and the charts over time use the same queries.
const perKpi = (metric: string) => `max by (kpi, source) (${metric}{source=~"$source", kpi=~"$kpi"})`;
const kpiAge = `time() - ${perKpi('exporter_kpi_last_success_timestamp_seconds')}`;
// A KPI without a run in the hour has no quantile (NaN), which `>= 0` drops.
const kpiQueryP95 = 'histogram_quantile(0.95, sum by (le, kpi, source) (rate(exporter_kpi_query_duration_seconds_bucket{source=~"$source", kpi=~"$kpi"}[1h]))) >= 0';

// Events per interval as stacked bars; with none, one flat 0 series labelled `none` instead of an empty panel.
const increasesPerInterval = ({ increase, legend, none, ...place }: Place & { increase: string; legend: string; none: { label: string; value: string } }) =>
  timeSeriesPanel({
    ...place,
    unit: units.Short,
    decimals: 0,
    targets: [{ expr: promql(increase, 'or on()', `label_replace(vector(0), "${none.label}", "${none.value}", "", "")`), legend }],
    bars: true,
    stacked: true,
  });

export const exporterHealth = withPanels(
  board({
    uid: 'exporter-health',
    title: 'Exporter health',
    description: 'Can the numbers on the other boards be trusted? Per-KPI success, staleness, query duration, errors, series counts and cardinality drops, datasource reachability and probe errors.',
    tags: ['exporter-health', 'sre'],
    from: 'now-24h',
    refresh: '1m',
    variables: [
      sourceVariable('Datasources.'),
      variable({ name: 'kpi', label: 'KPI', description: 'KPI metric names.', query: 'label_values(exporter_kpi_up{source=~"$source"}, kpi)', multi: true }),
    ],
    annotations: [
      alertAnnotations('Exporter alerts', ['ExporterDown', 'KpiStale', 'KpiQueryFailing', 'DatasourceDown', 'KpiSeriesDropped'], 'orange', '{{kpi}} {{source}}'),
    ],
  }),
  [
    statPanel({
      title: 'Exporter scraped',
      description: "Prometheus's own up{job=\"exporter\"}: 1 when the last scrape of the exporter succeeded (with several replicas, of every replica). When it is down every KPI and probe freezes (the ExporterDown alert pages).",
      grid: [0, 0, 4, 5],
      unit: units.NoUnit,
      steps: [['red', null], ['green', 1]],
      mappings: upDownMapping(),
      targets: [
        { expr: 'min(up{job="exporter"})', legend: 'up' },
      ],
      sparkline: false,
    }),
    problemCountPanel({
      title: 'KPIs failing',
      description: '(KPI, source) pairs whose last run failed (exporter_kpi_up == 0). 0 is healthy: the query returns vector(0) when nothing fails. Reasons in "Errors by reason"; KpiQueryFailing opens a ticket after 15 minutes.',
      grid: [4, 0, 4, 5],
      count: 'count(min without (instance, pod) (exporter_kpi_up{source=~"$source", kpi=~"$kpi"}) == 0)',
      legend: 'failing',
    }),
    problemCountPanel({
      title: 'KPIs stale',
      description: '(KPI, source) pairs whose published values are not from their latest run (exporter_kpi_stale == 1: last run failed, or no success yet). Their values are withdrawn after 3 schedule periods. 0 is healthy (vector(0) when nothing is stale).',
      grid: [8, 0, 4, 5],
      count: 'count(max without (instance, pod) (exporter_kpi_stale{source=~"$source", kpi=~"$kpi"}) == 1)',
      legend: 'stale',
    }),
    problemCountPanel({
      title: 'Datasources down',
      description: 'Datasources the exporter could not reach on its last attempt (exporter_datasource_up == 0; with several replicas, each its own view: counted once when any replica cannot reach it). 0 is healthy (vector(0) when all are up); DatasourceDown opens a ticket after 5 minutes.',
      grid: [12, 0, 4, 5],
      count: 'count(min without (instance, pod) (exporter_datasource_up{source=~"$source"}) == 0)',
      legend: 'down',
    }),
    statPanel({
      title: 'Oldest KPI refresh',
      description: 'Age of the oldest successful KPI refresh per source (recording rule exporter:kpi_age_seconds:max = time() - min(exporter_kpi_last_success_timestamp_seconds)). The slowest built-in KPIs refresh hourly: green under 75 minutes, amber when an hourly run is late, red from 3 hours.',
      grid: [16, 0, 4, 5],
      unit: units.Seconds,
      decimals: 0,
      steps: [['green', null], [amber, 4500], ['red', 10800]],
      targets: [
        { expr: 'exporter:kpi_age_seconds:max{source=~"$source"}', legend: '{{source}}' },
      ],
      sparkline: false,
      showName: true,
    }),
    statPanel({
      title: 'Series published',
      description: 'Series published by the selected KPIs on their last successful runs (sum of exporter_kpi_series).',
      grid: [20, 0, 4, 5],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum(max without (instance, pod) (exporter_kpi_series{source=~"$source", kpi=~"$kpi"}))', legend: 'series' },
      ],
    }),
    tablePanel({
      title: 'KPI status',
      description: 'One row per (KPI, source): Up (exporter_kpi_up, last run succeeded), Stale (exporter_kpi_stale, values not from the latest run), Age (time() - exporter_kpi_last_success_timestamp_seconds), Schedule (exporter_kpi_schedule_interval_seconds), Periods behind (Age / Schedule; values are withdrawn and KpiStale fires above 3), Series (exporter_kpi_series) and Query p95 over the last hour (exporter_kpi_query_duration_seconds histogram; empty for a KPI without a run in the hour: its quantile is NaN, which `>= 0` drops).',
      grid: [0, 5, 16, 11],
      unit: units.NoUnit,
      overrides: [{'matcher': {'id': 'byName', 'options': 'Up'}, 'properties': [{'id': 'mappings', 'value': [{'type': 'value', 'options': {'0': {'text': 'down', 'color': 'red', 'index': 0}, '1': {'text': 'up', 'color': 'green', 'index': 1}}}]}, {'id': 'custom.cellOptions', 'value': {'type': 'color-background'}}]}, {'matcher': {'id': 'byName', 'options': 'Stale'}, 'properties': [{'id': 'mappings', 'value': [{'type': 'value', 'options': {'0': {'text': 'fresh', 'color': 'green', 'index': 0}, '1': {'text': 'stale', 'color': 'red', 'index': 1}}}]}, {'id': 'custom.cellOptions', 'value': {'type': 'color-background'}}]}, {'matcher': {'id': 'byName', 'options': 'Age'}, 'properties': [{'id': 'unit', 'value': 's'}]}, {'matcher': {'id': 'byName', 'options': 'Schedule'}, 'properties': [{'id': 'unit', 'value': 's'}]}, {'matcher': {'id': 'byName', 'options': 'Periods behind'}, 'properties': [{'id': 'decimals', 'value': 1}, {'id': 'thresholds', 'value': {'mode': 'absolute', 'steps': [{'value': null, 'color': 'green'}, {'value': 1.5, 'color': '#EAB839'}, {'value': 3, 'color': 'red'}]}}, {'id': 'custom.cellOptions', 'value': {'type': 'color-text'}}]}, {'matcher': {'id': 'byName', 'options': 'Query p95 (1h)'}, 'properties': [{'id': 'unit', 'value': 's'}]}],
      transformations: [{'id': 'merge', 'options': {}}, {'id': 'organize', 'options': {'excludeByName': {'Time': true}, 'renameByName': {'Value #A': 'Up', 'Value #B': 'Stale', 'Value #C': 'Age', 'Value #D': 'Schedule', 'Value #E': 'Periods behind', 'Value #F': 'Series', 'Value #G': 'Query p95 (1h)'}, 'indexByName': {'kpi': 0, 'source': 1, 'Value #A': 2, 'Value #B': 3, 'Value #C': 4, 'Value #D': 5, 'Value #E': 6, 'Value #F': 7, 'Value #G': 8}}}],
      // One instant table query per column, in the order of the columns (Value #A..#G above).
      targets: [
        perKpi('exporter_kpi_up'),
        perKpi('exporter_kpi_stale'),
        kpiAge,
        perKpi('exporter_kpi_schedule_interval_seconds'),
        promql(`(${kpiAge})`, '/', perKpi('exporter_kpi_schedule_interval_seconds')),
        perKpi('exporter_kpi_series'),
        kpiQueryP95,
      ].map((expr) => ({ expr, instant: true, table: true })),
      sortBy: { column: 'Periods behind', desc: true },
    }),
    stateTimelinePanel({
      title: 'Datasources',
      description: 'Whether the exporter reached each datasource on its last attempt (exporter_datasource_up, 1 = up, 0 = down; with several replicas, 0 when any replica cannot reach it).',
      grid: [16, 5, 8, 11],
      unit: units.NoUnit,
      steps: [['red', null], ['green', 1]],
      mappings: upDownMapping(),
      targets: [
        { expr: 'min by (source) (exporter_datasource_up{source=~"$source"})', legend: '{{source}}' },
      ],
    }),
    timeSeriesPanel({
      title: 'Staleness (age of last success)',
      description: 'Per KPI: time() - exporter_kpi_last_success_timestamp_seconds. A sawtooth that resets at every run is healthy; a line that keeps climbing is a failing KPI (stale after 3 schedule periods).',
      grid: [0, 16, 12, 8],
      unit: units.Seconds,
      targets: [
        { expr: kpiAge, legend: '{{kpi}} {{source}}' },
      ],
      legendTable: true,
    }),
    timeSeriesPanel({
      title: 'Query duration p95 by KPI',
      description: '95th percentile of KPI query run time (successful or not) over the last hour of runs, per KPI, from the histogram exporter_kpi_query_duration_seconds. A one-hour window because most KPIs run every few minutes only; a KPI that did not run in the hour has no quantile (NaN, dropped by `>= 0`).',
      grid: [12, 16, 12, 8],
      unit: units.Seconds,
      targets: [
        { expr: kpiQueryP95, legend: '{{kpi}} {{source}}' },
      ],
      legendTable: true,
    }),
    increasesPerInterval({
      title: 'Errors by reason',
      description: 'Failed KPI runs per interval by reason (timeout, connection, query_error, read_only, duplicate_labels, ...): increase of exporter_kpi_errors_total. A reason appears after its first error; with none the panel shows a flat "no errors" 0 (vector(0)).',
      grid: [0, 24, 8, 8],
      increase: 'sum by (reason) (max without (instance, pod) (increase(exporter_kpi_errors_total{source=~"$source", kpi=~"$kpi"}[$__rate_interval])))',
      legend: '{{reason}}',
      none: { label: 'reason', value: 'no errors' },
    }),
    barGaugePanel({
      title: 'Series by KPI (top 20)',
      description: "Series each KPI published on its last successful run (exporter_kpi_series), the twenty largest. Compare with the KPI's max_series cap.",
      grid: [8, 24, 8, 8],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sort_desc(topk(20, sum by (kpi) (max without (instance, pod) (exporter_kpi_series{source=~"$source", kpi=~"$kpi"}))))', legend: '{{kpi}}', instant: true },
      ],
    }),
    increasesPerInterval({
      title: 'Dropped series',
      description: 'Series dropped by the cardinality cap (max_series) per interval: increase of exporter_kpi_series_dropped_total, per KPI. 0 is healthy; KpiSeriesDropped opens a ticket.',
      grid: [16, 24, 8, 8],
      increase: 'sum by (kpi) (max without (instance, pod) (increase(exporter_kpi_series_dropped_total{source=~"$source", kpi=~"$kpi"}[$__rate_interval])))',
      legend: '{{kpi}}',
      none: { label: 'kpi', value: 'none dropped' },
    }),
    timeSeriesPanel({
      title: 'Query duration (all KPIs)',
      description: 'p50, p95 and p99 of KPI query run time over the last hour of runs, all selected KPIs together (exporter_kpi_query_duration_seconds histogram).',
      grid: [0, 32, 8, 8],
      unit: units.Seconds,
      targets: [
        { expr: 'histogram_quantile(0.5, sum by (le) (rate(exporter_kpi_query_duration_seconds_bucket{source=~"$source", kpi=~"$kpi"}[1h]))) >= 0', legend: 'p50' },
        { expr: 'histogram_quantile(0.95, sum by (le) (rate(exporter_kpi_query_duration_seconds_bucket{source=~"$source", kpi=~"$kpi"}[1h]))) >= 0', legend: 'p95' },
        { expr: 'histogram_quantile(0.99, sum by (le) (rate(exporter_kpi_query_duration_seconds_bucket{source=~"$source", kpi=~"$kpi"}[1h]))) >= 0', legend: 'p99' },
      ],
    }),
    increasesPerInterval({
      title: 'Probe errors by reason',
      description: 'Failed HTTP probe checks per interval by probe and reason: increase of exporter_probe_errors_total. With none the panel shows a flat "no errors" 0 (vector(0)).',
      grid: [8, 32, 8, 8],
      increase: 'sum by (probe, reason) (max without (instance, pod) (increase(exporter_probe_errors_total[$__rate_interval])))',
      legend: '{{probe}} {{reason}}',
      none: { label: 'reason', value: 'no errors' },
    }),
    timeSeriesPanel({
      title: 'Probe check duration',
      description: 'Duration of the last check of each HTTP probe (kpi_probe_duration_seconds). Success over time and latency percentiles are on the SRE board.',
      grid: [16, 32, 8, 8],
      unit: units.Seconds,
      targets: [
        { expr: 'max by (probe) (kpi_probe_duration_seconds)', legend: '{{probe}}' },
      ],
    }),
  ],
);

