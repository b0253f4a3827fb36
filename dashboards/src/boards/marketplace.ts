// Marketplace: Does the marketplace clear: match rate, time to first reply, liquidity, GMV and leakage.
import * as units from '@grafana/grafana-foundation-sdk/units';
import { board, sourceVariable, withPanels, variable } from '../lib/board';
import { amber } from '../lib/fields';
import { statPanel, timeSeriesPanel, staleKpisPanel } from '../lib/panels';

// The KPIs of this board's panels, checked by its stale-KPIs tile.
const kpis = [
  'kpi_marketplace_gmv', 'kpi_marketplace_leakage_ratio', 'kpi_marketplace_liquidity_ratio',
  'kpi_marketplace_match_rate_ratio', 'kpi_marketplace_open_listings',
  'kpi_marketplace_time_to_first_reply_seconds',
];
// Each KPI's query, shared by its tile and its chart over time.
const kpiQuery = {
  matchRate: { expr: 'max without (instance, pod) (kpi_marketplace_match_rate_ratio{source=~"$source", side=~"$side", window="30d"})', legend: '{{side}}' },
  timeToFirstReply: { expr: 'max without (instance, pod) (kpi_marketplace_time_to_first_reply_seconds{source=~"$source", side=~"$side", window="30d"})', legend: '{{side}}' },
  liquidity: { expr: 'max without (instance, pod) (kpi_marketplace_liquidity_ratio{source=~"$source"})', legend: '{{source}}' },
  gmv: { expr: 'sum by (currency) (max without (instance, pod) (kpi_marketplace_gmv{source=~"$source", window="30d"}))', legend: '{{currency}}' },
  leakage: { expr: 'max without (instance, pod) (kpi_marketplace_leakage_ratio{source=~"$source", window="90d"})', legend: '{{source}}' },
};

export const marketplace = withPanels(
  board({
    uid: 'exporter-marketplace',
    title: 'Marketplace',
    description: 'Does the marketplace clear: match rate, time to first reply, liquidity, GMV and leakage.',
    tags: ['marketplace', 'business'],
    from: 'now-30d',
    refresh: '5m',
    variables: [
      sourceVariable('Datasources (databases). Money is summed over sources per currency; ratios per source.'),
      variable({ name: 'side', label: 'Side', description: 'Listing side: supply or demand.', query: 'label_values(kpi_marketplace_open_listings{source=~"$source"}, side)', multi: true }),
    ],
  }),
  [
    statPanel({
      title: 'Match rate (30 days)',
      description: 'Listings created in the trailing 30 days: share matched, per side (supply / demand). Metric kpi_marketplace_match_rate_ratio{side, window="30d"}. Red below 30%, amber below 50%, green from 50%.',
      grid: [0, 0, 5, 6],
      unit: units.PercentUnit,
      decimals: 0,
      steps: [['red', null], [amber, 0.3], ['green', 0.5]],
      targets: [kpiQuery.matchRate],
      showName: true,
    }),
    statPanel({
      title: 'Time to first reply (30 days)',
      description: 'Listings whose first reply came in the trailing 30 days: mean of first_reply_at - created_at, per side. Metric kpi_marketplace_time_to_first_reply_seconds{side, window="30d"}. Lower is better: green under 4 hours, amber under 24 hours, red from 24 hours.',
      grid: [5, 0, 5, 6],
      unit: units.Seconds,
      decimals: 1,
      steps: [['green', null], [amber, 14400], ['red', 86400]],
      targets: [kpiQuery.timeToFirstReply],
      showName: true,
    }),
    statPanel({
      title: 'Liquidity (supply / demand)',
      description: 'Open supply listings / open demand listings now (open = created before now, not matched and not closed now). Metric kpi_marketplace_liquidity_ratio. Below 0.5 demand goes unserved (red), 0.5-1 tight (amber), 1-3 healthy (green), above 3 supply waits for buyers (amber).',
      grid: [10, 0, 5, 6],
      unit: units.NoUnit,
      decimals: 2,
      steps: [['red', null], [amber, 0.5], ['green', 1], [amber, 3]],
      targets: [kpiQuery.liquidity],
    }),
    statPanel({
      title: 'GMV (30 days)',
      description: 'Gross merchandise value: sum of transaction amounts in the trailing 30 days, per currency (never converted). Metric kpi_marketplace_gmv{currency, window="30d"}.',
      grid: [15, 0, 5, 6],
      unit: units.Short,
      decimals: 1,
      money: true,
      targets: [kpiQuery.gmv],
      showName: true,
    }),
    staleKpisPanel({ grid: [20, 0, 4, 6], kpis }),
    statPanel({
      title: 'Leakage (90 days)',
      description: 'Listings matched in [now - 90d, now - 7d): share with no transaction at all, a proxy for deals finished off-platform. Metric kpi_marketplace_leakage_ratio{window="90d"}. Lower is better: green under 10%, amber under 25%, red from 25%.',
      grid: [0, 6, 5, 6],
      unit: units.PercentUnit,
      decimals: 0,
      steps: [['green', null], [amber, 0.1], ['red', 0.25]],
      targets: [kpiQuery.leakage],
    }),
    timeSeriesPanel({
      title: 'Open listings',
      description: 'Listings open now per side: created before now, neither matched nor closed now. Metric kpi_marketplace_open_listings{side}.',
      grid: [5, 6, 10, 6],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum by (side) (max without (instance, pod) (kpi_marketplace_open_listings{source=~"$source", side=~"$side"}))', legend: '{{side}}' },
      ],
    }),
    timeSeriesPanel({
      title: 'Liquidity over time',
      description: 'Open supply listings / open demand listings (kpi_marketplace_liquidity_ratio). The green band 1-3 is healthy.',
      grid: [15, 6, 9, 6],
      unit: units.NoUnit,
      decimals: 2,
      steps: [['red', null], [amber, 0.5], ['green', 1], [amber, 3]],
      targets: [kpiQuery.liquidity],
      thresholdLines: 'area',
    }),
    timeSeriesPanel({
      title: 'Match rate over time (30 days)',
      description: 'Listings created in the trailing 30 days: share matched, per side. Metric kpi_marketplace_match_rate_ratio{side, window="30d"}.',
      grid: [0, 12, 12, 8],
      unit: units.PercentUnit,
      decimals: 0,
      targets: [kpiQuery.matchRate],
    }),
    timeSeriesPanel({
      title: 'Time to first reply over time (30 days)',
      description: 'Mean time from listing creation to the first reply, for listings first replied to in the trailing 30 days, per side. Metric kpi_marketplace_time_to_first_reply_seconds{side, window="30d"}.',
      grid: [12, 12, 12, 8],
      unit: units.Seconds,
      targets: [kpiQuery.timeToFirstReply],
    }),
    timeSeriesPanel({
      title: 'GMV over time (30 days)',
      description: 'Sum of transaction amounts in the trailing 30 days, per currency. Metric kpi_marketplace_gmv{currency, window="30d"}.',
      grid: [0, 20, 12, 8],
      unit: units.Short,
      money: true,
      targets: [kpiQuery.gmv],
    }),
    timeSeriesPanel({
      title: 'Leakage over time (90 days)',
      description: 'Listings matched in [now - 90d, now - 7d): share with no transaction. Metric kpi_marketplace_leakage_ratio{window="90d"}. Lower is better.',
      grid: [12, 20, 12, 8],
      unit: units.PercentUnit,
      decimals: 0,
      targets: [kpiQuery.leakage],
    }),
  ],
);

