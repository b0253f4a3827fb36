// Executive (TV): company health at a glance on a wall screen in kiosk mode. One value per tile, coloured
// by its target (../targets.ts), the month-over-month change where a percentage means something, and a
// link from every tile to the board that explains it.
import * as units from '@grafana/grafana-foundation-sdk/units';
import { board, businessAlertAnnotations, sourceVariable, variable, withPanels } from '../lib/board';
import { statPanel, type StatSpec } from '../lib/panels';
import { courseCompletionAllCategories, promql } from '../lib/query';
import { targetSteps, targets } from '../targets';

const fresh = ' Shown only while the KPI is fresh: if its latest run failed (exporter_kpi_stale == 1) or the exporter is not scraped, the whole tile shows "No data" instead of the last good number.';
const monthOverMonth = ' The small percentage is the change over the last 30 days (month over month); the sparkline covers those 30 days.';

/** A one-query tile that a stale KPI blanks ("No data") rather than showing its last good number; its description says so. */
const freshTile = ({ kpis, expr, legend, ...spec }: Omit<StatSpec, 'targets'> & { kpis: string[]; expr: string; legend: string }) => {
  const kpi = kpis.length > 1 ? `kpi=~"${kpis.join('|')}"` : `kpi="${kpis[0]}"`;
  return statPanel({
    ...spec,
    description: spec.description + (spec.monthOverMonth ? monthOverMonth : '') + fresh,
    targets: [{ expr: promql(expr, `and on() (max(exporter_kpi_stale{${kpi}, source=~"$source"} @ end()) == 0)`), legend }],
  });
};
const revenue = { title: 'Revenue & growth', uid: 'exporter-revenue' };
const product = { title: 'Product & learning', uid: 'exporter-product' };
const reliability = { title: 'Customer experience & reliability', uid: 'exporter-sre' };
const health = { title: 'Exporter health', uid: 'exporter-health' };

export const executive = withPanels(
  board({
    uid: 'exporter-executive',
    title: 'Executive (TV)',
    description: 'Company health at a glance for a wall screen in kiosk mode: recurring revenue, customers, satisfaction, engagement, learning and uptime, one value per tile, coloured by its target. A stale KPI shows "No data", never an old number. Every tile links to the board that explains it.',
    tags: ['executive', 'tv'],
    from: 'now-7d',
    refresh: '1m',
    tv: true,
    variables: [
      sourceVariable('The datasource (database) this screen shows. One per screen: ratios of different databases cannot be combined. Set it in the kiosk URL: ?var-source=NAME.', false),
      variable({ name: 'currency', label: 'Currency', description: 'Money tiles show one currency (amounts are never converted). Kiosk URL: ?var-currency=EUR.', query: 'label_values(kpi_mrr{source=~"$source"}, currency)', multi: false }),
      variable({ name: 'respondent', label: 'NPS of', description: 'The NPS tile shows one respondent type (customer or learner). Kiosk URL: ?var-respondent=customer.', query: 'label_values(kpi_nps{source=~"$source"}, respondent)', multi: false }),
      variable({ name: 'touchpoint', label: 'CSAT of', description: 'The CSAT tile shows one touchpoint (scores of different touchpoints are not comparable). Kiosk URL: ?var-touchpoint=support.', query: 'label_values(kpi_csat_ratio{source=~"$source"}, touchpoint)', multi: false }),
    ],
    annotations: [businessAlertAnnotations()],
  }),
  [
    freshTile({
      title: 'MRR',
      description: 'Monthly recurring revenue now: sum of mrr_cents/100 of subscriptions active now (started_at <= now, ended_at NULL or later), all segments and plans, in major units of the selected currency (never converted). Metric kpi_mrr{segment, plan, currency}.',
      grid: [0, 0, 6, 8],
      unit: units.Short,
      decimals: 1,
      money: true,
      monthOverMonth: true,
      drillDown: revenue,
      kpis: ['kpi_mrr'],
      expr: 'sum by (currency) (max without (instance, pod) (kpi_mrr{source=~"$source", currency=~"$currency"}))',
      legend: 'MRR {{currency}}',
    }),
    freshTile({
      title: 'Net new MRR (30 days)',
      description: 'MRR gained minus MRR lost over the trailing 30 days: new + expansion + reactivation - contraction - churn movements (kpi_mrr_movement{window="30d"}), through the recording rule kpi:net_new_mrr:sum. Red when negative (the recurring base shrank).',
      grid: [6, 0, 6, 8],
      unit: units.Short,
      decimals: 1,
      steps: [['red', null], ['green', 0]],
      money: true,
      drillDown: revenue,
      kpis: ['kpi_mrr_movement'],
      expr: 'sum by (currency) (kpi:net_new_mrr:sum{source=~"$source", currency=~"$currency"})',
      legend: '{{currency}}',
    }),
    freshTile({
      title: 'Paying customers',
      description: 'Customers paying now (their active subscriptions sum to mrr > 0), all segments. Metric kpi_paying_customers{segment}.',
      grid: [12, 0, 6, 8],
      unit: units.Short,
      decimals: 0,
      monthOverMonth: true,
      drillDown: revenue,
      kpis: ['kpi_paying_customers'],
      expr: 'sum(max without (instance, pod) (kpi_paying_customers{source=~"$source"}))',
      legend: 'paying customers',
    }),
    freshTile({
      title: 'Customer churn (30 days)',
      description: 'Share of customers paying 30 days ago who no longer pay now (kpi_customer_churn_rate_ratio{segment, window="30d"}), all segments together. The exporter publishes the rate per segment only; the segments are combined weighting each by its paying customers now (kpi_paying_customers), which approximates the exact weighting (customers paying 30 days ago) closely while the segment mix is stable. Lower is better: green up to the 2% target, amber to 5%, red above (targets.ts); a rise over the month shows red.',
      grid: [18, 0, 6, 8],
      unit: units.PercentUnit,
      decimals: 1,
      steps: targetSteps(targets.customerChurn),
      monthOverMonth: true,
      lowerIsBetter: true,
      drillDown: revenue,
      kpis: ['kpi_customer_churn_rate_ratio', 'kpi_paying_customers'],
      expr: promql(
        'sum(',
        '  max without (instance, pod) (kpi_customer_churn_rate_ratio{source=~"$source", window="30d"})',
        '  * on (source, segment) max without (instance, pod) (kpi_paying_customers{source=~"$source"})',
        ')',
        '/',
        '(',
        '  sum(',
        '    max without (instance, pod) (kpi_paying_customers{source=~"$source"})',
        '    and on (source, segment) max without (instance, pod) (kpi_customer_churn_rate_ratio{source=~"$source", window="30d"})',
        '  ) > 0',
        ')',
      ),
      legend: 'customer churn',
    }),
    freshTile({
      title: 'Net revenue retention (12 months)',
      description: 'Cohort = customers paying 365 days ago; their MRR now / their MRR then (expansion, contraction and churn included, new customers excluded), selected currency. Metric kpi_net_revenue_retention_ratio{currency, window="365d"}. Target 100% (green), red below 90% (targets.ts).',
      grid: [0, 8, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      steps: targetSteps(targets.netRevenueRetention),
      drillDown: revenue,
      kpis: ['kpi_net_revenue_retention_ratio'],
      expr: 'max without (instance, pod) (kpi_net_revenue_retention_ratio{source=~"$source", currency=~"$currency", window="365d"})',
      legend: 'NRR {{currency}}',
    }),
    freshTile({
      title: 'NPS (30 days)',
      description: 'Net promoter score of the selected respondent type (variable "NPS of") over the trailing 30 days: 100 x (share of scores 9-10 - share of scores 0-6), -100..100. Metric kpi_nps{respondent, window="30d"}. Target 30 (green), red below 0 (targets.ts). A change in points says more than a percentage: the trend is on the reliability board, next to availability.',
      grid: [6, 8, 6, 8],
      unit: units.NoUnit,
      decimals: 0,
      min: -100,
      max: 100,
      steps: targetSteps(targets.nps),
      drillDown: reliability,
      kpis: ['kpi_nps'],
      expr: 'max without (instance, pod) (kpi_nps{source=~"$source", respondent=~"$respondent", window="30d"})',
      legend: 'NPS {{respondent}}',
    }),
    freshTile({
      title: 'CSAT (30 days)',
      description: 'Customer satisfaction at the selected touchpoint (variable "CSAT of") over the trailing 30 days: share of responses scoring 4-5 on the 1-5 scale. Metric kpi_csat_ratio{touchpoint, window="30d"}. Target 80% (green), red below 70% (targets.ts).',
      grid: [12, 8, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      steps: targetSteps(targets.csat),
      monthOverMonth: true,
      drillDown: reliability,
      kpis: ['kpi_csat_ratio'],
      expr: 'max without (instance, pod) (kpi_csat_ratio{source=~"$source", touchpoint=~"$touchpoint", window="30d"})',
      legend: 'CSAT {{touchpoint}}',
    }),
    freshTile({
      title: 'Availability (30 days)',
      description: 'Request-based availability of every service over the trailing 30 days: share of requests of the request log answered without a 5xx (recording rule all:availability:ratio_rate30d over kpi_http_requests and kpi_http_error_ratio, request-weighted). SLO and target 99.9% (green), red below 99.5% (targets.ts).',
      grid: [18, 8, 6, 8],
      unit: units.PercentUnit,
      decimals: 2,
      steps: targetSteps(targets.availability),
      drillDown: reliability,
      kpis: ['kpi_http_requests', 'kpi_http_error_ratio'],
      expr: 'all:availability:ratio_rate30d',
      legend: 'availability',
    }),
    freshTile({
      title: 'Stickiness (DAU / MAU)',
      description: 'Daily active users / monthly active users: distinct users with a session in the last day / in the last 30 days (recording rule kpi:stickiness:ratio over kpi_active_users). Target 20% (green), red below 10% (targets.ts).',
      grid: [0, 16, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      steps: targetSteps(targets.stickiness),
      monthOverMonth: true,
      drillDown: product,
      kpis: ['kpi_active_users'],
      expr: 'kpi:stickiness:ratio{source=~"$source"}',
      legend: 'DAU / MAU',
    }),
    freshTile({
      title: 'Course completion (90 days)',
      description: 'Enrollments of the trailing 90 days: completed / started, all categories (kpi_course_completion_ratio{category, basis="started", window="90d"}, the basis the CourseCompletionDropped alert uses). The exporter publishes it per category only; categories are combined weighting each by its enrollments of the last 30 days (kpi_enrollments{window="30d"}), an approximation of the exact weights (starts of the 90-day cohort). Target 50% (green), red below 30% (targets.ts).',
      grid: [6, 16, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      steps: targetSteps(targets.courseCompletion),
      monthOverMonth: true,
      drillDown: product,
      kpis: ['kpi_course_completion_ratio', 'kpi_enrollments'],
      expr: promql(...courseCompletionAllCategories),
      legend: 'completed / started',
    }),
    statPanel({
      title: 'Business alerts firing',
      description: 'Business alerts firing now (ALERTS{team="business"}: MRR drop, churn spike, signups stopped, NPS drop, course completion, DSO, receivables, support), 0 when none. Each is a ticket for the business team with a runbook (docs/runbooks.md); the analysis boards show them as annotations on their charts.',
      grid: [12, 16, 6, 8],
      unit: units.Short,
      decimals: 0,
      steps: [['green', null], ['red', 1]],
      drillDown: revenue,
      targets: [
        { expr: 'count(ALERTS{team="business", alertstate="firing"}) or vector(0)', legend: 'business alerts' },
      ],
    }),
    statPanel({
      title: 'Data as of',
      description: 'Age of the oldest KPI refresh: now - the oldest last successful run of any KPI of the selected source (recording rule exporter:kpi_age_seconds:max over exporter_kpi_last_success_timestamp_seconds). It grows while any KPI fails or the exporter stops; "No data" means Prometheus gets nothing from the exporter, so every other tile is blank too. The slowest built-in KPIs refresh hourly, so up to an hour is normal: green under 75 minutes, amber when an hourly run is late, red from 3 hours (three missed hourly runs, when KpiStale fires).',
      grid: [18, 16, 6, 8],
      unit: units.Seconds,
      decimals: 0,
      steps: targetSteps(targets.dataAge),
      drillDown: health,
      targets: [
        { expr: 'max(exporter:kpi_age_seconds:max{source=~"$source"})', legend: 'age' },
      ],
      sparkline: false,
    }),
  ],
);
