// Customer experience & reliability: Does reliability show in what customers say? Availability and latency SLOs, error budgets and burn rates next to NPS, CSAT and support on the same time axis; fired burn-rate alerts as annotations.
import * as units from '@grafana/grafana-foundation-sdk/units';
import { board, sourceVariable, withPanels, variable, row, alertAnnotations, businessAlertAnnotations } from '../lib/board';
import { amber, upDownMapping } from '../lib/fields';
import { targetLine, targets } from '../targets';
import { barGaugePanel, type Place, statPanel, stateTimelinePanel, timeSeriesPanel, xyChartPanel } from '../lib/panels';
import type { Target } from '../lib/query';

// From the request log (worst source): the tile and the chart over time.
const serviceAvailability30d = { expr: 'min by (service) (kpi_availability_ratio{source=~"$source", service=~"$service", window="30d"})', legend: '{{service}}' };

// The SLO is 99.9%: red below 99.5%, amber below 99.9%.
const availabilityTile = ({ target, ...place }: Place & { target: Target }) =>
  statPanel({
    ...place,
    unit: units.PercentUnit,
    decimals: 3,
    steps: [['red', null], [amber, 0.995], ['green', 0.999]],
    targets: [target],
    sparkline: false,
    showName: true,
  });

// Probes and services side by side, from the recording rules {probe,service}:<budget>_budget_remaining:ratio_rate30d.
const budgetRemaining = ({ budget, ...place }: Place & { budget: 'error' | 'latency' }) =>
  barGaugePanel({
    ...place,
    unit: units.PercentUnit,
    decimals: 0,
    min: -1,
    max: 1,
    steps: [['red', null], [amber, 0], ['green', 0.25]],
    targets: [
      { expr: `probe:${budget}_budget_remaining:ratio_rate30d{probe=~"$probe"}`, legend: 'probe {{probe}}', instant: true },
      { expr: `service:${budget}_budget_remaining:ratio_rate30d{service=~"$service"}`, legend: 'service {{service}}', instant: true },
    ],
  });

// The same KPI over the trailing 30 days (drawn first, solid) and 7 days, so the row's panels line up.
const trailing30And7Days = (expr: (window: '30d' | '7d') => string, legendPrefix = ''): Target[] => [
  { expr: expr('30d'), legend: `${legendPrefix}30 days` },
  { expr: expr('7d'), legend: `${legendPrefix}7 days` },
];

export const sre = withPanels(
  board({
    uid: 'exporter-sre',
    title: 'Customer experience & reliability',
    description: 'Does reliability show in what customers say? Availability and latency SLOs, error budgets and burn rates next to NPS, CSAT and support on the same time axis; fired burn-rate alerts as annotations.',
    tags: ['sre', 'reliability', 'customer'],
    from: 'now-7d',
    refresh: '1m',
    variables: [
      sourceVariable('Datasources (databases) of the SQL KPIs (request log, NPS, CSAT, support).'),
      variable({ name: 'probe', label: 'Probe', description: 'HTTP probes.', query: 'label_values(kpi_probe_success, probe)', multi: true }),
      variable({ name: 'service', label: 'Service', description: 'Services of the request log.', query: 'label_values(kpi_http_requests{source=~"$source"}, service)', multi: true }),
      variable({ name: 'respondent', label: 'NPS of', description: 'NPS respondent types (customer, learner).', query: 'label_values(kpi_nps{source=~"$source"}, respondent)', multi: true }),
      variable({ name: 'touchpoint', label: 'CSAT of', description: 'CSAT touchpoints.', query: 'label_values(kpi_csat_ratio{source=~"$source"}, touchpoint)', multi: true }),
    ],
    annotations: [
      businessAlertAnnotations(),
      alertAnnotations('SLO alerts', ['.*BudgetBurn', 'SliMissing'], 'red', '{{probe}}{{service}}: error budget burning, or its SLI is missing (see the runbook)'),
    ],
  }),
  [
    row('Availability and latency SLOs (99.9% available, 99% fast over 30 days)', 0),
    availabilityTile({
      title: 'Probe availability (30 days)',
      description: "Per HTTP probe: 1 - probe:sli_error:ratio_rate30d, the share of scraped samples over the trailing 30 days in which the probe's last check succeeded (kpi_probe_success). SLO 99.9%: red below 99.5%, amber below 99.9%, green from 99.9%.",
      grid: [0, 1, 6, 6],
      target: { expr: '1 - probe:sli_error:ratio_rate30d{probe=~"$probe"}', legend: '{{probe}}' },
    }),
    availabilityTile({
      title: 'Service availability (30 days)',
      description: 'Per service, from the request log (SQL, the whole 30 days even when Prometheus holds less history): share of requests in the trailing 30 days with status < 500 (kpi_availability_ratio{service, window="30d"}, worst source). SLO 99.9%: red below 99.5%, amber below 99.9%, green from 99.9%. The error budgets next to it come from Prometheus-side rules over the 5-minute gauges.',
      grid: [6, 1, 6, 6],
      target: serviceAvailability30d,
    }),
    budgetRemaining({
      title: 'Availability error budget remaining (30 days)',
      description: '1 - (error ratio over 30 days / 0.001): 100% = untouched, 0 = spent, negative = overspent. Probes: probe:error_budget_remaining:ratio_rate30d; services: service:error_budget_remaining:ratio_rate30d. Red below 0, amber below 25%, green from 25%.',
      grid: [12, 1, 6, 6],
      budget: 'error',
    }),
    budgetRemaining({
      title: 'Latency error budget remaining (30 days)',
      description: '1 - (slow ratio over 30 days / 0.01). Probes: share of checks not under 0.5 s (probe:latency_budget_remaining:ratio_rate30d); services: share of 5-minute slices whose p95 is above 0.5 s (service:latency_budget_remaining:ratio_rate30d). Red below 0, amber below 25%, green from 25%.',
      grid: [18, 1, 6, 6],
      budget: 'latency',
    }),
    timeSeriesPanel({
      title: 'Availability burn rate (1 hour)',
      description: 'Error ratio over the trailing hour / error budget (0.001). At 1 the 30-day budget lasts exactly 30 days; 14.4 sustained (dashed red line) pages (ProbeErrorBudgetBurn / ServiceErrorBudgetBurn with the 5-minute window); 6 over 6 hours also pages; 1 over 3 days opens a ticket. Fired burn-rate alerts are annotations. Rules probe:sli_error:ratio_rate1h and service:sli_error:ratio_rate1h.',
      grid: [0, 7, 12, 8],
      unit: units.NoUnit,
      decimals: 1,
      steps: [['green', null], [amber, 1], ['orange', 6], ['red', 14.4]],
      targets: [
        { expr: 'probe:sli_error:ratio_rate1h{probe=~"$probe"} / 0.001', legend: 'probe {{probe}}' },
        { expr: 'service:sli_error:ratio_rate1h{service=~"$service"} / 0.001', legend: 'service {{service}}' },
      ],
      softMin: 0,
      softMax: 2,
      thresholdLines: 'dashed',
    }),
    stateTimelinePanel({
      title: 'Probe results',
      description: 'Last check result of each HTTP probe (kpi_probe_success, 1 = up, 0 = down) over time.',
      grid: [12, 7, 12, 8],
      unit: units.NoUnit,
      steps: [['red', null], ['green', 1]],
      mappings: upDownMapping(),
      targets: [
        { expr: 'max without (instance, pod) (kpi_probe_success{probe=~"$probe"})', legend: '{{probe}}' },
      ],
    }),
    timeSeriesPanel({
      title: 'Probe latency',
      description: "HTTP probe latency: p50 and p95 of every check in the interval, from the histogram kpi_probe_latency_seconds; the dotted line is the last check's duration (kpi_probe_duration_seconds). The latency SLO counts checks not under 0.5 s (threshold line).",
      grid: [0, 15, 8, 8],
      unit: units.Seconds,
      steps: [['green', null], ['red', 0.5]],
      overrides: [{'matcher': {'id': 'byFrameRefID', 'options': 'C'}, 'properties': [{'id': 'custom.lineStyle', 'value': {'fill': 'dot', 'dash': [2, 6]}}, {'id': 'custom.lineWidth', 'value': 1}]}],
      targets: [
        { expr: 'histogram_quantile(0.5, sum by (le, probe) (rate(kpi_probe_latency_seconds_bucket{probe=~"$probe"}[$__rate_interval])))', legend: 'p50 {{probe}}' },
        { expr: 'histogram_quantile(0.95, sum by (le, probe) (rate(kpi_probe_latency_seconds_bucket{probe=~"$probe"}[$__rate_interval])))', legend: 'p95 {{probe}}' },
        { expr: 'max by (probe) (kpi_probe_duration_seconds{probe=~"$probe"})', legend: 'last {{probe}}' },
      ],
      thresholdLines: 'dashed',
    }),
    timeSeriesPanel({
      title: 'Service latency p95 (5 minutes)',
      description: '95th percentile of request duration over the trailing 5 minutes per service, from the request log (kpi_http_latency_seconds{percentile="95", window="5m"}, worst source). A 5-minute slice above 0.5 s (threshold line) counts against the latency SLO.',
      grid: [8, 15, 8, 8],
      unit: units.Seconds,
      steps: [['green', null], ['red', 0.5]],
      targets: [
        { expr: 'max by (service) (kpi_http_latency_seconds{source=~"$source", service=~"$service", percentile="95", window="5m"})', legend: '{{service}}' },
      ],
      thresholdLines: 'dashed',
    }),
    timeSeriesPanel({
      title: 'Service error ratio and traffic (5 minutes)',
      description: 'Share of requests with status >= 500 over the trailing 5 minutes, request-weighted across sources (service:sli_error:ratio_rate5m, left axis), and requests in the trailing 5 minutes (service:http_requests_5m:sum, right axis, dashed).',
      grid: [16, 15, 8, 8],
      unit: units.PercentUnit,
      decimals: 2,
      overrides: [{'matcher': {'id': 'byFrameRefID', 'options': 'B'}, 'properties': [{'id': 'unit', 'value': 'short'}, {'id': 'decimals', 'value': 0}, {'id': 'custom.axisPlacement', 'value': 'right'}, {'id': 'custom.lineStyle', 'value': {'fill': 'dash', 'dash': [10, 10]}}, {'id': 'custom.lineWidth', 'value': 1}]}],
      targets: [
        { expr: 'service:sli_error:ratio_rate5m{service=~"$service"}', legend: 'error ratio {{service}}' },
        { expr: 'service:http_requests_5m:sum{service=~"$service"}', legend: 'requests {{service}}' },
      ],
    }),
    row('Uptime next to customer satisfaction (one time axis, same windows)', 23),
    timeSeriesPanel({
      title: 'Availability (7 and 30 days, requests)',
      description: "Request-based availability of all services together: share of the request log's requests answered without a 5xx over the trailing 30 days (solid) and 7 days, request-weighted (recording rules all:availability:ratio_rate30d and all:availability:ratio_rate7d over kpi_http_requests and kpi_http_error_ratio). The dashed line is the 99.9% SLO (targets.ts). Same windows as the NPS, CSAT and ticket panels of this row, so a dip here and a drop there line up on the time axis.",
      grid: [0, 24, 5, 8],
      unit: units.PercentUnit,
      decimals: 3,
      steps: targetLine(targets.availability),
      thresholdLines: 'dashed',
      targets: trailing30And7Days((window) => `all:availability:ratio_rate${window}`),
    }),
    timeSeriesPanel({
      title: 'p95 latency (7 and 30 days)',
      description: "The slowest service's 5-minute p95 latency (kpi_http_latency_seconds{percentile=\"95\", window=\"5m\"}), summarised over the trailing 30 days (solid) and 7 days as its 95th percentile: 95% of the 5-minute slices of the window were faster (recording rules all:http_latency_p95:quantile95_30d and _7d). Percentiles of different slices cannot be merged, so this is their distribution. The dashed line is the latency SLO's 0.5 s (targets.ts).",
      grid: [5, 24, 5, 8],
      unit: units.Seconds,
      decimals: 2,
      steps: targetLine(targets.latencyP95),
      thresholdLines: 'dashed',
      targets: trailing30And7Days((window) => `all:http_latency_p95:quantile95_${window}`),
    }),
    timeSeriesPanel({
      title: 'NPS (7 and 30 days)',
      description: 'Net promoter score per respondent type over the trailing 30 days and 7 days: 100 x (share of 9-10 - share of 0-6), -100..100 (kpi_nps{respondent, window="30d"} and {window="7d"}, left axis). Bars on the right axis: responses in the 30-day window (kpi_nps_responses{window="30d"}): a 7-day NPS over a few responses is noisy. The dashed line is the NPS target (targets.ts). Same windows as availability and latency beside it; NPS lags incidents by days.',
      grid: [10, 24, 5, 8],
      unit: units.NoUnit,
      decimals: 0,
      softMin: -100,
      softMax: 100,
      steps: targetLine(targets.nps),
      thresholdLines: 'dashed',
      overrides: [{ matcher: { id: 'byFrameRefID', options: 'C' }, properties: [{ id: 'custom.axisPlacement', value: 'right' }, { id: 'custom.drawStyle', value: 'bars' }, { id: 'custom.fillOpacity', value: 15 }, { id: 'custom.axisSoftMin', value: 0 }] }],
      targets: [
        ...trailing30And7Days((window) => `max without (instance, pod) (kpi_nps{source=~"$source", respondent=~"$respondent", window="${window}"})`, '{{respondent}} '),
        { expr: 'max without (instance, pod) (kpi_nps_responses{source=~"$source", respondent=~"$respondent", window="30d"})', legend: 'responses {{respondent}} (30 days)' },
      ],
    }),
    timeSeriesPanel({
      title: 'CSAT (7 and 30 days)',
      description: 'Share of satisfaction responses scoring 4-5 (of 1-5) per touchpoint over the trailing 30 days and 7 days (kpi_csat_ratio{touchpoint, window="30d"} and {window="7d"}). The dashed line is the CSAT target (targets.ts). Same windows as availability and latency beside it.',
      grid: [15, 24, 5, 8],
      unit: units.PercentUnit,
      decimals: 0,
      steps: targetLine(targets.csat),
      thresholdLines: 'dashed',
      targets: trailing30And7Days((window) => `max without (instance, pod) (kpi_csat_ratio{source=~"$source", touchpoint=~"$touchpoint", window="${window}"})`, '{{touchpoint}} '),
    }),
    timeSeriesPanel({
      title: 'Support tickets created (30 days)',
      description: 'Tickets created in the trailing 30 days, all priorities (kpi_support_tickets_created{priority, window="30d"} summed): the ticket volume on the same time axis as availability, latency, NPS and CSAT. The catalog publishes it over 30 days only.',
      grid: [20, 24, 4, 8],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum(max without (instance, pod) (kpi_support_tickets_created{source=~"$source", window="30d"}))', legend: '30 days' },
      ],
    }),
    timeSeriesPanel({
      title: 'Open support tickets',
      description: 'Tickets created before now and not resolved now, per priority (stacked). Metric kpi_support_open_tickets{priority}.',
      grid: [0, 32, 6, 8],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum by (priority) (max without (instance, pod) (kpi_support_open_tickets{source=~"$source"}))', legend: '{{priority}}' },
      ],
      stacked: true,
      fill: 30,
    }),
    timeSeriesPanel({
      title: 'First response time (30 days)',
      description: 'Tickets created in the trailing 30 days that have a first response: mean and median of first_response_at - created_at. Metric kpi_support_first_response_seconds{stat, window="30d"}. Tickets never answered are not in it: they show in the open tickets. The SupportFirstResponseSlow alert fires when the median is 50% slower than a week earlier.',
      grid: [6, 32, 6, 8],
      unit: units.Seconds,
      targets: [
        { expr: 'max without (instance, pod) (kpi_support_first_response_seconds{source=~"$source", window="30d"})', legend: '{{stat}}' },
      ],
    }),
    barGaugePanel({
      title: 'Tickets per paying customer (30 days)',
      description: "Tickets created in the trailing 30 days by customers paying now / paying customers of the group; trained = one of the customer's users completed a course. Metric kpi_support_tickets_per_customer{trained, window=\"30d\"}.",
      grid: [12, 32, 6, 8],
      unit: units.NoUnit,
      decimals: 2,
      targets: [
        { expr: 'max without (instance, pod) (kpi_support_tickets_per_customer{source=~"$source", trained="true", window="30d"})', legend: 'trained', instant: true },
        { expr: 'max without (instance, pod) (kpi_support_tickets_per_customer{source=~"$source", trained="false", window="30d"})', legend: 'not trained', instant: true },
      ],
    }),
    barGaugePanel({
      title: 'NPS by customer segment (90 days)',
      description: "NPS over the trailing 90 days per respondent type and customer segment (responses joined to the customer's segment through customer_id, else the user's customer). Metric kpi_nps_by_segment{respondent, segment, window=\"90d\"}. Red below 0, amber below 30, green from 30.",
      grid: [18, 32, 6, 8],
      unit: units.NoUnit,
      decimals: 0,
      min: -100,
      max: 100,
      steps: [['red', null], [amber, 0], ['green', 30]],
      targets: [
        { expr: 'sort_desc(max without (instance, pod) (kpi_nps_by_segment{source=~"$source", window="90d"}))', legend: '{{segment}} ({{respondent}})', instant: true },
      ],
    }),
    timeSeriesPanel({
      title: 'Service availability over time (30 days, request log)',
      description: 'Share of requests with status < 500 over the trailing 30 days per service, from the request log (kpi_availability_ratio{service, window="30d"}), next to the customer metrics above on the same time axis.',
      grid: [0, 40, 12, 8],
      unit: units.PercentUnit,
      decimals: 3,
      steps: [['red', null], ['green', 0.999]],
      targets: [serviceAvailability30d],
      thresholdLines: 'dashed',
    }),
    xyChartPanel({
      title: 'Availability vs NPS (30-day windows, one point a day)',
      description: 'One point per day of the last 30 days: x = request-based availability of all services over the trailing 30 days (all:availability:ratio_rate30d), y = NPS over the trailing 30 days (kpi_nps{window="30d"}) per selected respondent type. Both sides use the same 30-day window, from data Prometheus keeps (90 days). NPS lags incidents by days to weeks: read a cloud of points, not a single day.',
      grid: [12, 40, 12, 8],
      unit: units.NoUnit,
      overrides: [{ matcher: { id: 'byFrameRefID', options: 'A' }, properties: [{ id: 'unit', value: 'percentunit' }, { id: 'decimals', value: 3 }] }],
      transformations: [{ id: 'joinByField', options: { byField: 'Time', mode: 'inner' } }, { id: 'organize', options: { excludeByName: { Time: true }, indexByName: {}, renameByName: {} } }],
      targets: [
        { expr: 'all:availability:ratio_rate30d', legend: 'availability (30 days)' },
        { expr: 'max without (instance, pod) (kpi_nps{source=~"$source", respondent=~"$respondent", window="30d"})', legend: 'NPS {{respondent}} (30 days)' },
      ],
      timeFrom: '30d',
      interval: '1d',
    }),
  ],
);
