// Revenue & growth: Where recurring revenue comes from and goes: MRR movements, segments and plans, retention, unit economics (LTV, CAC), billing and receivables, and the sales funnel.
import * as units from '@grafana/grafana-foundation-sdk/units';
import { board, sourceVariable, withPanels, variable, row, businessAlertAnnotations } from '../lib/board';
import { amber } from '../lib/fields';
import { barChartPanel, barGaugePanel, statPanel, timeSeriesPanel, staleKpisPanel } from '../lib/panels';
import { promql } from '../lib/query';

// The KPIs of this board's panels, checked by its stale-KPIs tile.
const kpis = [
  'kpi_arpu', 'kpi_arr', 'kpi_cac', 'kpi_customer_churn_rate_ratio', 'kpi_customer_retention_ratio',
  'kpi_dso_seconds', 'kpi_gross_mrr_churn_rate_ratio', 'kpi_gross_revenue_retention_ratio',
  'kpi_lead_demo_conversion_ratio', 'kpi_leads_created', 'kpi_leads_lost', 'kpi_ltv', 'kpi_mrr',
  'kpi_mrr_growth_ratio', 'kpi_mrr_movement', 'kpi_net_revenue_retention_ratio',
  'kpi_overdue_receivables_ratio', 'kpi_paying_customers', 'kpi_renewal_rate_ratio', 'kpi_revenue_billed',
  'kpi_sales_growth_ratio', 'kpi_trial_conversion_ratio', 'kpi_visitor_to_trial_ratio',
];

export const revenue = withPanels(
  board({
    uid: 'exporter-revenue',
    title: 'Revenue & growth',
    description: 'Where recurring revenue comes from and goes: MRR movements, segments and plans, retention, unit economics (LTV, CAC), billing and receivables, and the sales funnel.',
    tags: ['revenue', 'business'],
    from: 'now-30d',
    refresh: '5m',
    variables: [
      sourceVariable('Datasources (databases). Money is summed over sources per currency; ratios are shown per source.'),
      variable({ name: 'segment', label: 'Segment', description: 'Customer segments; applies to metrics that carry a segment label.', query: 'label_values(kpi_mrr{source=~"$source"}, segment)', multi: true }),
      variable({ name: 'currency', label: 'Currency', description: 'Amounts are never converted: every money series keeps its currency.', query: 'label_values(kpi_mrr{source=~"$source"}, currency)', multi: true }),
    ],
    annotations: [businessAlertAnnotations()],
  }),
  [
    row('Recurring revenue', 0),
    statPanel({
      title: 'MRR',
      description: 'Monthly recurring revenue now: sum of mrr_cents/100 of subscriptions active now, for the selected segments, per currency (never converted). Metric kpi_mrr{segment, plan, currency}.',
      grid: [0, 1, 4, 5],
      unit: units.Short,
      decimals: 1,
      money: true,
      targets: [
        { expr: 'sum by (currency) (max without (instance, pod) (kpi_mrr{source=~"$source", segment=~"$segment", currency=~"$currency"}))', legend: '{{currency}}' },
      ],
      showName: true,
    }),
    statPanel({
      title: 'ARR',
      description: 'Annual recurring revenue: 12 x MRR, selected segments, per currency. Metric kpi_arr{segment, currency}.',
      grid: [4, 1, 4, 5],
      unit: units.Short,
      decimals: 1,
      money: true,
      targets: [
        { expr: 'sum by (currency) (max without (instance, pod) (kpi_arr{source=~"$source", segment=~"$segment", currency=~"$currency"}))', legend: '{{currency}}' },
      ],
      showName: true,
    }),
    statPanel({
      title: 'Net new MRR (30 days)',
      description: 'new + expansion + reactivation - contraction - churn over the trailing 30 days, selected segments, per currency (kpi_mrr_movement{type, segment, currency, window="30d"}; the same formula as the recording rule kpi:net_new_mrr:sum, here filtered by segment). Red when negative.',
      grid: [8, 1, 4, 5],
      unit: units.Short,
      decimals: 1,
      steps: [['red', null], ['green', 0]],
      money: true,
      targets: [
        { expr: promql(
          'sum by (currency) (max without (instance, pod) (kpi_mrr_movement{source=~"$source", segment=~"$segment", currency=~"$currency", type=~"new|expansion|reactivation", window="30d"}))',
          '-',
          'sum by (currency) (max without (instance, pod) (kpi_mrr_movement{source=~"$source", segment=~"$segment", currency=~"$currency", type=~"contraction|churn", window="30d"}))',
        ), legend: '{{currency}}' },
      ],
      showName: true,
    }),
    statPanel({
      title: 'Quick ratio (30 days)',
      description: 'SaaS quick ratio over the trailing 30 days: MRR gained (new + expansion + reactivation) / MRR lost (contraction + churn), all segments, per currency (recording rule kpi:quick_ratio:ratio). No data when nothing was lost (infinite ratio). Red below 1 (shrinking), amber below 4, green from 4.',
      grid: [12, 1, 4, 5],
      unit: units.NoUnit,
      decimals: 2,
      steps: [['red', null], [amber, 1], ['green', 4]],
      targets: [
        { expr: 'kpi:quick_ratio:ratio{source=~"$source", currency=~"$currency"}', legend: '{{currency}}' },
      ],
      showName: true,
    }),
    statPanel({
      title: 'Paying customers',
      description: 'Customers paying now (their active subscriptions sum to mrr > 0), selected segments. Metric kpi_paying_customers{segment}.',
      grid: [16, 1, 4, 5],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum(max without (instance, pod) (kpi_paying_customers{source=~"$source", segment=~"$segment"}))', legend: 'paying customers' },
      ],
    }),
    staleKpisPanel({ grid: [20, 1, 4, 5], kpis }),
    barChartPanel({
      title: 'MRR movements (trailing 30 days)',
      description: "Where MRR came from and went over the trailing 30 days, comparing each customer's MRR 30 days ago (a) with now (b): new (a = 0, first paid subscription ever), reactivation (a = 0, paid before), expansion (0 < a < b) as positive bars; contraction (0 < b < a) and churn (b = 0) as negative bars. One bar per currency, selected segments. Metric kpi_mrr_movement{type, segment, currency, window=\"30d\"} (all five types are always published, 0 when none).",
      grid: [0, 6, 12, 9],
      unit: units.Short,
      decimals: 0,
      steps: [['red', null], ['green', 0]],
      money: true,
      transformations: [{'id': 'sortBy', 'options': {'fields': {}, 'sort': [{'field': 'Value', 'desc': true}]}}, {'id': 'groupingToMatrix', 'options': {'rowField': 'type', 'columnField': 'currency', 'valueField': 'Value'}}],
      targets: [
        { expr: promql(
          'sum by (type, currency) (max without (instance, pod) (kpi_mrr_movement{source=~"$source", segment=~"$segment", currency=~"$currency", type=~"new|expansion|reactivation", window="30d"}))',
          'or',
          '-1 * sum by (type, currency) (max without (instance, pod) (kpi_mrr_movement{source=~"$source", segment=~"$segment", currency=~"$currency", type=~"contraction|churn", window="30d"}))',
        ), legend: '{{type}} {{currency}}', instant: true, table: true },
      ],
    }),
    timeSeriesPanel({
      title: 'MRR by segment',
      description: 'MRR now per customer segment (stacked) and currency, selected segments. Metric kpi_mrr{segment, plan, currency} summed over plans.',
      grid: [12, 6, 12, 9],
      unit: units.Short,
      money: true,
      targets: [
        { expr: 'sum by (segment, currency) (max without (instance, pod) (kpi_mrr{source=~"$source", segment=~"$segment", currency=~"$currency"}))', legend: '{{segment}} {{currency}}' },
      ],
      stacked: true,
      fill: 30,
    }),
    barGaugePanel({
      title: 'MRR by plan',
      description: 'MRR now per plan and currency, selected segments. Metric kpi_mrr summed over segments.',
      grid: [0, 15, 8, 8],
      unit: units.Short,
      decimals: 0,
      money: true,
      targets: [
        { expr: 'sort_desc(sum by (plan, currency) (max without (instance, pod) (kpi_mrr{source=~"$source", segment=~"$segment", currency=~"$currency"})))', legend: '{{plan}} {{currency}}', instant: true },
      ],
    }),
    timeSeriesPanel({
      title: 'ARPU by segment',
      description: 'Average revenue per paying account: MRR / paying customers, per segment and currency. Metric kpi_arpu{segment, currency}.',
      grid: [8, 15, 8, 8],
      unit: units.Short,
      money: true,
      targets: [
        { expr: 'max without (instance, pod) (kpi_arpu{source=~"$source", segment=~"$segment", currency=~"$currency"})', legend: '{{segment}} {{currency}}' },
      ],
    }),
    timeSeriesPanel({
      title: 'MRR growth and gross MRR churn (30 days)',
      description: 'MRR growth: (MRR now - MRR 30 days ago) / MRR 30 days ago (kpi_mrr_growth_ratio{currency, window="30d"}). Gross MRR churn: (churn + contraction movements) / MRR 30 days ago (kpi_gross_mrr_churn_rate_ratio{currency, window="30d"}). All segments, per currency.',
      grid: [16, 15, 8, 8],
      unit: units.PercentUnit,
      decimals: 1,
      targets: [
        { expr: 'max without (instance, pod) (kpi_mrr_growth_ratio{source=~"$source", currency=~"$currency", window="30d"})', legend: 'growth {{currency}}' },
        { expr: 'max without (instance, pod) (kpi_gross_mrr_churn_rate_ratio{source=~"$source", currency=~"$currency", window="30d"})', legend: 'gross MRR churn {{currency}}' },
      ],
    }),
    row('Retention and unit economics', 23),
    timeSeriesPanel({
      title: 'Revenue retention (12 months)',
      description: 'Cohort = customers paying 365 days ago. Net revenue retention: their MRR now / their MRR then (kpi_net_revenue_retention_ratio). Gross revenue retention: sum of min(MRR now, MRR then) / MRR then (kpi_gross_revenue_retention_ratio), i.e. without expansion. Per currency, window="365d".',
      grid: [0, 24, 8, 8],
      unit: units.PercentUnit,
      decimals: 0,
      targets: [
        { expr: 'max without (instance, pod) (kpi_net_revenue_retention_ratio{source=~"$source", currency=~"$currency", window="365d"})', legend: 'NRR {{currency}}' },
        { expr: 'max without (instance, pod) (kpi_gross_revenue_retention_ratio{source=~"$source", currency=~"$currency", window="365d"})', legend: 'GRR {{currency}}' },
      ],
    }),
    timeSeriesPanel({
      title: 'Customer churn by segment (30 days)',
      description: 'Customers paying 30 days ago and not paying now / customers paying 30 days ago, per segment. Metric kpi_customer_churn_rate_ratio{segment, window="30d"}. Lower is better.',
      grid: [8, 24, 8, 8],
      unit: units.PercentUnit,
      decimals: 1,
      targets: [
        { expr: 'max without (instance, pod) (kpi_customer_churn_rate_ratio{source=~"$source", segment=~"$segment", window="30d"})', legend: '{{segment}}' },
      ],
    }),
    barGaugePanel({
      title: 'Customer retention by cohort age',
      description: 'Cohort = customers whose first paid start lies in [now - days - 30d, now - days); retained = still paying `days` after their first paid start. Per segment and days = 30 / 90 / 365. Metric kpi_customer_retention_ratio{segment, days}.',
      grid: [16, 24, 8, 8],
      unit: units.PercentUnit,
      decimals: 0,
      min: 0,
      max: 1,
      steps: [['red', null], [amber, 0.7], ['green', 0.85]],
      targets: [
        { expr: 'max without (instance, pod) (kpi_customer_retention_ratio{source=~"$source", segment=~"$segment"})', legend: '{{segment}} after {{days}} days', instant: true },
      ],
    }),
    timeSeriesPanel({
      title: 'LTV by segment',
      description: 'Customer lifetime value: ARPU x gross margin (pack setting, default 0.8) / 30-day customer churn rate, per segment and currency. No series for a segment without churn (infinite lifetime). Metric kpi_ltv{segment, currency}.',
      grid: [0, 32, 6, 8],
      unit: units.Short,
      money: true,
      targets: [
        { expr: 'max without (instance, pod) (kpi_ltv{source=~"$source", segment=~"$segment", currency=~"$currency"})', legend: '{{segment}} {{currency}}' },
      ],
    }),
    barGaugePanel({
      title: 'CAC by channel (30 days)',
      description: 'Customer acquisition cost: marketing spend of the trailing 30 days on the channel / customers of that acquisition channel whose first paid start is in the window. No series for a channel without new customers. Metric kpi_cac{channel, currency, window="30d"}. Lower is better.',
      grid: [6, 32, 6, 8],
      unit: units.Short,
      decimals: 0,
      money: true,
      targets: [
        { expr: 'sort_desc(max without (instance, pod) (kpi_cac{source=~"$source", currency=~"$currency", window="30d"}))', legend: '{{channel}} {{currency}}', instant: true },
      ],
    }),
    statPanel({
      title: 'LTV : CAC',
      description: 'Mean LTV over the segments that publish one / mean CAC over the channels that publish one, per currency (recording rule kpi:ltv_to_cac:ratio; both means are unweighted, see prometheus/README.md). Rule of thumb: red below 1 (customers cost more than they bring), amber below 3, green from 3.',
      grid: [12, 32, 4, 8],
      unit: units.NoUnit,
      decimals: 1,
      steps: [['red', null], [amber, 1], ['green', 3]],
      targets: [
        { expr: 'kpi:ltv_to_cac:ratio{source=~"$source", currency=~"$currency"}', legend: '{{currency}}' },
      ],
      showName: true,
    }),
    timeSeriesPanel({
      title: 'Trial conversion and renewal',
      description: 'Trial conversion: trials whose ends_at is in the trailing 30 days that converted / those trials (kpi_trial_conversion_ratio{window="30d"}). Renewal: customers with a subscription whose committed term ended in the trailing 90 days that are paying now / those customers (kpi_renewal_rate_ratio{window="90d"}).',
      grid: [16, 32, 8, 8],
      unit: units.PercentUnit,
      decimals: 0,
      targets: [
        { expr: 'max without (instance, pod) (kpi_trial_conversion_ratio{source=~"$source", window="30d"})', legend: 'trial conversion (30d)' },
        { expr: 'max without (instance, pod) (kpi_renewal_rate_ratio{source=~"$source", window="90d"})', legend: 'renewal (90d)' },
      ],
    }),
    row('Billing and receivables', 40),
    timeSeriesPanel({
      title: 'Revenue billed (30 days)',
      description: 'Sum of invoice amounts issued in the trailing 30 days, per currency. Metric kpi_revenue_billed{currency, window="30d"}.',
      grid: [0, 41, 8, 8],
      unit: units.Short,
      money: true,
      targets: [
        { expr: 'sum by (currency) (max without (instance, pod) (kpi_revenue_billed{source=~"$source", currency=~"$currency", window="30d"}))', legend: '{{currency}}' },
      ],
    }),
    statPanel({
      title: 'Sales growth (30 days)',
      description: '(billed in the last 30 days - billed in the 30 days before) / billed in the 30 days before, per currency. Metric kpi_sales_growth_ratio{currency, window="30d"}. Red below 0.',
      grid: [8, 41, 5, 8],
      unit: units.PercentUnit,
      decimals: 1,
      steps: [['red', null], ['green', 0]],
      targets: [
        { expr: 'max without (instance, pod) (kpi_sales_growth_ratio{source=~"$source", currency=~"$currency", window="30d"})', legend: '{{currency}}' },
      ],
      showName: true,
    }),
    statPanel({
      title: 'DSO (days)',
      description: 'Days sales outstanding, in days: receivables now (invoices issued before now and not paid now) / amount billed in the last 90 days x 90, per currency. The metric kpi_dso_seconds{currency} is in seconds (Prometheus base unit); the panel divides by 86400. Lower is better: green under 45 days, amber under 60, red from 60 (the DsoTooHigh alert).',
      grid: [13, 41, 5, 8],
      unit: units.NoUnit,
      decimals: 0,
      steps: [['green', null], [amber, 45], ['red', 60]],
      targets: [
        { expr: 'max without (instance, pod) (kpi_dso_seconds{source=~"$source", currency=~"$currency"}) / 86400', legend: '{{currency}}' },
      ],
      showName: true,
    }),
    statPanel({
      title: 'Overdue receivables (90 days)',
      description: 'Invoices due in the trailing 90 days: amount not paid now / total amount, per currency. Metric kpi_overdue_receivables_ratio{currency, window="90d"}. Lower is better: green under 10%, amber under 20%, red from 20% (the OverdueReceivablesHigh alert).',
      grid: [18, 41, 6, 8],
      unit: units.PercentUnit,
      decimals: 1,
      steps: [['green', null], [amber, 0.1], ['red', 0.2]],
      targets: [
        { expr: 'max without (instance, pod) (kpi_overdue_receivables_ratio{source=~"$source", currency=~"$currency", window="90d"})', legend: '{{currency}}' },
      ],
      showName: true,
    }),
    row('Sales funnel', 49),
    timeSeriesPanel({
      title: 'Leads created (30 days)',
      description: 'Leads created in the trailing 30 days, per channel (stacked). Metric kpi_leads_created{channel, window="30d"}.',
      grid: [0, 50, 6, 8],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum by (channel) (max without (instance, pod) (kpi_leads_created{source=~"$source", window="30d"}))', legend: '{{channel}}' },
      ],
      stacked: true,
      fill: 30,
    }),
    timeSeriesPanel({
      title: 'Demo to contract (90 days)',
      description: 'Leads whose demo took place in the trailing 90 days: share that signed a contract, per lead segment. Metric kpi_lead_demo_conversion_ratio{segment, window="90d"}.',
      grid: [6, 50, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      targets: [
        { expr: 'max without (instance, pod) (kpi_lead_demo_conversion_ratio{source=~"$source", segment=~"$segment", window="90d"})', legend: '{{segment}}' },
      ],
    }),
    timeSeriesPanel({
      title: 'Visitor to trial (30 days)',
      description: 'Trials started in the trailing 30 days by customers of an acquisition channel / web visitors of that channel in the window. Metric kpi_visitor_to_trial_ratio{channel, window="30d"}.',
      grid: [12, 50, 6, 8],
      unit: units.PercentUnit,
      decimals: 2,
      targets: [
        { expr: 'max without (instance, pod) (kpi_visitor_to_trial_ratio{source=~"$source", window="30d"})', legend: '{{channel}}' },
      ],
    }),
    barGaugePanel({
      title: 'Leads lost by reason (90 days)',
      description: 'Leads lost in the trailing 90 days, per lost_reason. Metric kpi_leads_lost{reason, window="90d"}.',
      grid: [18, 50, 6, 8],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sort_desc(sum by (reason) (max without (instance, pod) (kpi_leads_lost{source=~"$source", window="90d"})))', legend: '{{reason}}', instant: true },
      ],
    }),
  ],
);

