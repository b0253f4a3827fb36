// Breakdowns: who says what and who pays, by the customer groups business users ask about: NPS by age band,
// sector and device; MRR and churn by country and acquisition channel; monthly signup cohorts. Every group
// is a template variable, so a board shows one country, channel or sector as easily as all of them.
import * as units from '@grafana/grafana-foundation-sdk/units';
import { board, businessAlertAnnotations, row, sourceVariable, variable, withPanels } from '../lib/board';
import { amber } from '../lib/fields';
import { barGaugePanel, breakdownTablePanel, type BreakdownSpec, type Place, staleKpisPanel, timeSeriesPanel } from '../lib/panels';
import { targetLine, targetSteps, targets } from '../targets';

const kpis = [
  'kpi_nps_by_age_band', 'kpi_nps_by_sector', 'kpi_nps_by_device', 'kpi_mrr_by_country', 'kpi_mrr_by_channel',
  'kpi_customer_churn_by_channel_ratio', 'kpi_user_cohort_retention_ratio',
];
const multi = (name: string, label: string, description: string, query: string) =>
  variable({ name, label, description, query, multi: true });
const npsDefinition = '100 x (share of scores 9-10 - share of scores 0-6), -100..100, over the trailing 90 days';
// One NPS table per customer group: the same unit, colours and value column, other group columns.
const npsTable = ({ expr, ...spec }: Place & Pick<BreakdownSpec, 'columns'> & { expr: string }) =>
  breakdownTablePanel({ ...spec, unit: units.NoUnit, decimals: 0, steps: targetSteps(targets.nps), valueName: 'NPS', targets: [{ expr }] });
// MRR now per currency (never converted) and customer group, summed over sources.
const mrrBy = (group: 'country' | 'channel') =>
  `sum by (${group}, currency) (max without (instance, pod) (kpi_mrr_by_${group}{source=~"$source", ${group}=~"$${group}", currency=~"$currency"}))`;
const mrrTable = ({ by, ...spec }: Place & { by: 'country' | 'channel' }) =>
  breakdownTablePanel({ ...spec, unit: units.Short, decimals: 0, columns: [by, 'currency'], valueName: 'MRR', targets: [{ expr: mrrBy(by) }] });
const churnByChannel = 'max without (instance, pod) (kpi_customer_churn_by_channel_ratio{source=~"$source", channel=~"$channel", window="30d"})';

export const breakdowns = withPanels(
  board({
    uid: 'exporter-breakdowns',
    title: 'Breakdowns',
    description: 'Who says what and who pays: NPS by age band, sector and device; MRR and customer churn by country and acquisition channel; retention of monthly signup cohorts. Every group is a variable.',
    tags: ['breakdowns', 'business'],
    from: 'now-30d',
    refresh: '5m',
    variables: [
      sourceVariable('Datasources (databases). Money is summed over sources per currency; ratios per source.'),
      multi('respondent', 'Respondent', 'NPS respondent type (customer, learner).', 'label_values(kpi_nps_by_sector{source=~"$source"}, respondent)'),
      multi('age_band', 'Age band', "Learners' age band (from the user's profile; unknown when not given).", 'label_values(kpi_nps_by_age_band{source=~"$source"}, age_band)'),
      multi('sector', 'Sector', "The customer's sector.", 'label_values(kpi_nps_by_sector{source=~"$source"}, sector)'),
      multi('device', 'Device', "The device of the respondent's latest session before answering.", 'label_values(kpi_nps_by_device{source=~"$source"}, device)'),
      multi('country', 'Country', "The customer's country.", 'label_values(kpi_mrr_by_country{source=~"$source"}, country)'),
      multi('channel', 'Channel', "The customer's acquisition channel.", 'label_values(kpi_mrr_by_channel{source=~"$source"}, channel)'),
      multi('currency', 'Currency', 'Amounts are never converted: every money series keeps its currency.', 'label_values(kpi_mrr_by_country{source=~"$source"}, currency)'),
    ],
    annotations: [businessAlertAnnotations()],
  }),
  [
    row('NPS by customer group (90 days)', 0),
    npsTable({
      title: 'NPS by age band (learners)',
      description: `Learner responses joined to their user's age band: ${npsDefinition}. Metric kpi_nps_by_age_band{age_band, window="90d"}. Coloured by the NPS target (targets.ts).`,
      grid: [0, 1, 8, 9],
      columns: ['age_band'],
      expr: 'max without (instance, pod) (kpi_nps_by_age_band{source=~"$source", age_band=~"$age_band", window="90d"})',
    }),
    npsTable({
      title: 'NPS by sector',
      description: `Responses joined to the customer's sector (through customer_id, else the user's customer): ${npsDefinition}. Metric kpi_nps_by_sector{respondent, sector, window="90d"}.`,
      grid: [8, 1, 8, 9],
      columns: ['sector', 'respondent'],
      expr: 'max without (instance, pod) (kpi_nps_by_sector{source=~"$source", respondent=~"$respondent", sector=~"$sector", window="90d"})',
    }),
    npsTable({
      title: 'NPS by device',
      description: `Responses with a user, by the device of that user's latest session started before answering (unknown when none): ${npsDefinition}. Metric kpi_nps_by_device{respondent, device, window="90d"}.`,
      grid: [16, 1, 8, 9],
      columns: ['device', 'respondent'],
      expr: 'max without (instance, pod) (kpi_nps_by_device{source=~"$source", respondent=~"$respondent", device=~"$device", window="90d"})',
    }),
    row('Revenue and churn by country and acquisition channel', 10),
    mrrTable({
      title: 'MRR by country',
      description: "Monthly recurring revenue now by the customer's country, per currency (never converted), summed over sources. Metric kpi_mrr_by_country{country, currency}.",
      grid: [0, 11, 8, 9],
      by: 'country',
    }),
    mrrTable({
      title: 'MRR by acquisition channel',
      description: "Monthly recurring revenue now by the customer's acquisition channel, per currency (never converted), summed over sources. Metric kpi_mrr_by_channel{channel, currency}.",
      grid: [8, 11, 8, 9],
      by: 'channel',
    }),
    breakdownTablePanel({
      title: 'Customer churn by acquisition channel (30 days)',
      description: 'Customers paying 30 days ago who no longer pay now / customers paying 30 days ago, by acquisition channel. Metric kpi_customer_churn_by_channel_ratio{channel, window="30d"}. Lower is better, coloured by the churn target (targets.ts).',
      grid: [16, 11, 8, 9],
      unit: units.PercentUnit,
      decimals: 1,
      steps: targetSteps(targets.customerChurn),
      columns: ['channel'],
      valueName: 'Churn (30 days)',
      targets: [{ expr: churnByChannel }],
    }),
    timeSeriesPanel({
      title: 'MRR by acquisition channel over time',
      description: 'Monthly recurring revenue by acquisition channel and currency (kpi_mrr_by_channel{channel, currency}), summed over sources.',
      grid: [0, 20, 12, 8],
      unit: units.Short,
      decimals: 0,
      money: true,
      stacked: true,
      fill: 30,
      targets: [{ expr: mrrBy('channel'), legend: '{{channel}} {{currency}}' }],
    }),
    timeSeriesPanel({
      title: 'Customer churn by acquisition channel over time (30 days)',
      description: 'Trailing 30-day customer churn per acquisition channel (kpi_customer_churn_by_channel_ratio{channel, window="30d"}). The dashed line is the churn target (targets.ts).',
      grid: [12, 20, 12, 8],
      unit: units.PercentUnit,
      decimals: 1,
      steps: targetLine(targets.customerChurn),
      thresholdLines: 'dashed',
      targets: [{ expr: churnByChannel, legend: '{{channel}}' }],
    }),
    row('Monthly signup cohorts', 28),
    breakdownTablePanel({
      title: 'Retention by signup cohort',
      description: 'One row per signup month (users created in that calendar month, UTC), one column per month since: the share of the cohort with a session in that calendar month. Only ended months are published, so the newest cohorts have fewer columns. Metric kpi_user_cohort_retention_ratio{cohort, month}.',
      grid: [0, 29, 14, 9],
      unit: units.PercentUnit,
      decimals: 0,
      steps: [['red', null], [amber, 0.2], ['green', 0.4]],
      columns: ['cohort', 'month'],
      valueName: 'retention',
      matrix: { rows: 'cohort', columns: 'month' },
      targets: [{ expr: 'max by (cohort, month) (kpi_user_cohort_retention_ratio{source=~"$source"})' }],
    }),
    barGaugePanel({
      title: 'First-month retention by cohort',
      description: 'Share of each signup cohort with a session in the calendar month after signing up (kpi_user_cohort_retention_ratio{month="1"}): newer cohorts first.',
      grid: [14, 29, 6, 9],
      unit: units.PercentUnit,
      decimals: 0,
      min: 0,
      max: 1,
      steps: [['red', null], [amber, 0.2], ['green', 0.4]],
      targets: [{ expr: 'sort_desc(max by (cohort) (kpi_user_cohort_retention_ratio{source=~"$source", month="1"}))', legend: '{{cohort}}', instant: true }],
    }),
    staleKpisPanel({
      grid: [20, 29, 4, 9],
      kpis,
      explanation: 'Number of (KPI, source) pairs used on this board whose published values are not from their latest run (exporter_kpi_stale == 1). 0 is healthy. Details on the Exporter health board.',
    }),
  ],
);
