// Executive (TV): Company health at a glance for a wall screen in kiosk mode: recurring revenue, customers, satisfaction, engagement, learning and uptime. A stale KPI shows "No data", never an old number.
import * as units from '@grafana/grafana-foundation-sdk/units';
import { board, sourceVariable, withPanels, variable } from '../lib/board';
import { amber } from '../lib/fields';
import { statPanel } from '../lib/panels';
import { promql } from '../lib/query';

export const executive = withPanels(
  board({
    uid: "exporter-executive",
    title: "Executive (TV)",
    description: "Company health at a glance for a wall screen in kiosk mode: recurring revenue, customers, satisfaction, engagement, learning and uptime. A stale KPI shows \"No data\", never an old number.",
    tags: ["executive", "tv"],
    from: "now-7d",
    refresh: "1m",
    tv: true,
    variables: [
      sourceVariable("The datasource (database) this screen shows. One per screen: ratios of different databases cannot be combined. Set it in the kiosk URL: ?var-source=NAME.", false),
      variable({ name: "currency", label: "Currency", description: "Money tiles show one currency (amounts are never converted). Kiosk URL: ?var-currency=EUR.", query: "label_values(kpi_mrr{source=~\"$source\"}, currency)", multi: false }),
    ],
  }),
  [
    statPanel({
      title: "MRR",
      description: "Monthly recurring revenue now: sum of mrr_cents/100 of subscriptions active now (started_at <= now, ended_at NULL or later), all segments and plans, in major units of the selected currency (never converted). Metric kpi_mrr{segment, plan, currency}. Shown only while the KPI is fresh: if its latest run failed (exporter_kpi_stale == 1) or the exporter is not scraped, the whole tile shows \"No data\" instead of the last good number.",
      grid: [0, 0, 6, 8],
      unit: units.Short,
      decimals: 1,
      money: true,
      targets: [
        { expr: promql(
          "sum by (currency) (kpi_mrr{source=~\"$source\", currency=~\"$currency\"})",
          "and on() (max(exporter_kpi_stale{kpi=\"kpi_mrr\", source=~\"$source\"} @ end()) == 0)",
        ), legend: "{{currency}}" },
      ],
      showName: true,
    }),
    statPanel({
      title: "ARR",
      description: "Annual recurring revenue now: 12 x MRR, all segments, selected currency. Metric kpi_arr{segment, currency}. Shown only while the KPI is fresh: if its latest run failed (exporter_kpi_stale == 1) or the exporter is not scraped, the whole tile shows \"No data\" instead of the last good number.",
      grid: [6, 0, 6, 8],
      unit: units.Short,
      decimals: 1,
      money: true,
      targets: [
        { expr: promql(
          "sum by (currency) (kpi_arr{source=~\"$source\", currency=~\"$currency\"})",
          "and on() (max(exporter_kpi_stale{kpi=\"kpi_arr\", source=~\"$source\"} @ end()) == 0)",
        ), legend: "{{currency}}" },
      ],
      showName: true,
    }),
    statPanel({
      title: "Net new MRR (30 days)",
      description: "MRR gained minus MRR lost over the trailing 30 days: new + expansion + reactivation - contraction - churn movements (kpi_mrr_movement{window=\"30d\"}), through the recording rule kpi:net_new_mrr:sum. Red when negative (the recurring base shrank). Shown only while the KPI is fresh: if its latest run failed (exporter_kpi_stale == 1) or the exporter is not scraped, the whole tile shows \"No data\" instead of the last good number.",
      grid: [12, 0, 6, 8],
      unit: units.Short,
      decimals: 1,
      steps: [["red", null], ["green", 0]],
      money: true,
      targets: [
        { expr: promql(
          "sum by (currency) (kpi:net_new_mrr:sum{source=~\"$source\", currency=~\"$currency\"})",
          "and on() (max(exporter_kpi_stale{kpi=\"kpi_mrr_movement\", source=~\"$source\"} @ end()) == 0)",
        ), legend: "{{currency}}" },
      ],
      showName: true,
    }),
    statPanel({
      title: "Paying customers",
      description: "Customers paying now (their active subscriptions sum to mrr > 0), all segments. Metric kpi_paying_customers{segment}. Shown only while the KPI is fresh: if its latest run failed (exporter_kpi_stale == 1) or the exporter is not scraped, the whole tile shows \"No data\" instead of the last good number.",
      grid: [18, 0, 6, 8],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: promql(
          "sum(kpi_paying_customers{source=~\"$source\"})",
          "and on() (max(exporter_kpi_stale{kpi=\"kpi_paying_customers\", source=~\"$source\"} @ end()) == 0)",
        ), legend: "paying customers" },
      ],
    }),
    statPanel({
      title: "Customer churn (30 days)",
      description: "Share of customers paying 30 days ago who no longer pay now (kpi_customer_churn_rate_ratio{segment, window=\"30d\"}), all segments together. The exporter publishes the rate per segment only; the segments are combined weighting each by its paying customers now (kpi_paying_customers), which approximates the exact weighting (customers paying 30 days ago) closely while the segment mix is stable. Lower is better: green below 2%, amber to 5%, red above. Shown only while the KPI is fresh: if its latest run failed (exporter_kpi_stale == 1) or the exporter is not scraped, the whole tile shows \"No data\" instead of the last good number.",
      grid: [0, 8, 6, 8],
      unit: units.PercentUnit,
      decimals: 1,
      steps: [["green", null], [amber, 0.02], ["red", 0.05]],
      targets: [
        { expr: promql(
          "sum(",
          "  kpi_customer_churn_rate_ratio{source=~\"$source\", window=\"30d\"}",
          "  * on (source, segment) kpi_paying_customers{source=~\"$source\"}",
          ")",
          "/",
          "(",
          "  sum(",
          "    kpi_paying_customers{source=~\"$source\"}",
          "    and on (source, segment) kpi_customer_churn_rate_ratio{source=~\"$source\", window=\"30d\"}",
          "  ) > 0",
          ")",
          "and on() (max(exporter_kpi_stale{kpi=~\"kpi_customer_churn_rate_ratio|kpi_paying_customers\", source=~\"$source\"} @ end()) == 0)",
        ), legend: "customer churn" },
      ],
    }),
    statPanel({
      title: "Net revenue retention (12 months)",
      description: "Cohort = customers paying 365 days ago; their MRR now / their MRR then (expansion, contraction and churn included, new customers excluded), selected currency. Metric kpi_net_revenue_retention_ratio{currency, window=\"365d\"}. Red below 90%, amber below 100%, green from 100%. Shown only while the KPI is fresh: if its latest run failed (exporter_kpi_stale == 1) or the exporter is not scraped, the whole tile shows \"No data\" instead of the last good number.",
      grid: [6, 8, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      steps: [["red", null], [amber, 0.9], ["green", 1.0]],
      targets: [
        { expr: promql(
          "kpi_net_revenue_retention_ratio{source=~\"$source\", currency=~\"$currency\", window=\"365d\"}",
          "and on() (max(exporter_kpi_stale{kpi=\"kpi_net_revenue_retention_ratio\", source=~\"$source\"} @ end()) == 0)",
        ), legend: "{{currency}}" },
      ],
      showName: true,
    }),
    statPanel({
      title: "NPS (90 days)",
      description: "Net promoter score per respondent type (customers, learners) over the trailing 90 days: 100 x (share of scores 9-10 - share of scores 0-6), -100..100. Metric kpi_nps{respondent, window=\"90d\"}. Red below 0, amber below 30, green from 30. Shown only while the KPI is fresh: if its latest run failed (exporter_kpi_stale == 1) or the exporter is not scraped, the whole tile shows \"No data\" instead of the last good number.",
      grid: [12, 8, 6, 8],
      unit: units.NoUnit,
      decimals: 0,
      min: -100,
      max: 100,
      steps: [["red", null], [amber, 0], ["green", 30]],
      targets: [
        { expr: promql(
          "kpi_nps{source=~\"$source\", window=\"90d\"}",
          "and on() (max(exporter_kpi_stale{kpi=\"kpi_nps\", source=~\"$source\"} @ end()) == 0)",
        ), legend: "{{respondent}}" },
      ],
      showName: true,
    }),
    statPanel({
      title: "CSAT (90 days)",
      description: "Customer satisfaction per touchpoint over the trailing 90 days: share of responses scoring 4-5 on the 1-5 scale. Metric kpi_csat_ratio{touchpoint, window=\"90d\"}. Red below 70%, amber below 80%, green from 80%. Shown only while the KPI is fresh: if its latest run failed (exporter_kpi_stale == 1) or the exporter is not scraped, the whole tile shows \"No data\" instead of the last good number.",
      grid: [18, 8, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      steps: [["red", null], [amber, 0.7], ["green", 0.8]],
      targets: [
        { expr: promql(
          "kpi_csat_ratio{source=~\"$source\", window=\"90d\"}",
          "and on() (max(exporter_kpi_stale{kpi=\"kpi_csat_ratio\", source=~\"$source\"} @ end()) == 0)",
        ), legend: "{{touchpoint}}" },
      ],
      showName: true,
    }),
    statPanel({
      title: "Stickiness (DAU / MAU)",
      description: "Daily active users / monthly active users: distinct users with a session in the last day / in the last 30 days (recording rule kpi:stickiness:ratio over kpi_active_users). Red below 10%, amber below 20%, green from 20%. Shown only while the KPI is fresh: if its latest run failed (exporter_kpi_stale == 1) or the exporter is not scraped, the whole tile shows \"No data\" instead of the last good number.",
      grid: [0, 16, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      steps: [["red", null], [amber, 0.1], ["green", 0.2]],
      targets: [
        { expr: promql(
          "kpi:stickiness:ratio{source=~\"$source\"}",
          "and on() (max(exporter_kpi_stale{kpi=\"kpi_active_users\", source=~\"$source\"} @ end()) == 0)",
        ), legend: "DAU / MAU" },
      ],
    }),
    statPanel({
      title: "Course completion (90 days)",
      description: "Enrollments of the trailing 90 days: completed / started, all categories (kpi_course_completion_ratio{category, basis=\"started\", window=\"90d\"}, the basis the CourseCompletionDropped alert uses). The exporter publishes it per category only; categories are combined weighting each by its enrollments of the last 30 days (kpi_enrollments{window=\"30d\"}), an approximation of the exact weights (starts of the 90-day cohort). Red below 30%, amber below 50%, green from 50%. Shown only while the KPI is fresh: if its latest run failed (exporter_kpi_stale == 1) or the exporter is not scraped, the whole tile shows \"No data\" instead of the last good number.",
      grid: [6, 16, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      steps: [["red", null], [amber, 0.3], ["green", 0.5]],
      targets: [
        { expr: promql(
          "sum(",
          "  kpi_course_completion_ratio{source=~\"$source\", basis=\"started\", window=\"90d\"}",
          "  * on (source, category) kpi_enrollments{source=~\"$source\", window=\"30d\"}",
          ")",
          "/",
          "(",
          "  sum(",
          "    kpi_enrollments{source=~\"$source\", window=\"30d\"}",
          "    and on (source, category) kpi_course_completion_ratio{source=~\"$source\", basis=\"started\", window=\"90d\"}",
          "  ) > 0",
          ")",
          "and on() (max(exporter_kpi_stale{kpi=~\"kpi_course_completion_ratio|kpi_enrollments\", source=~\"$source\"} @ end()) == 0)",
        ), legend: "completed / started" },
      ],
    }),
    statPanel({
      title: "Uptime (30 days, worst probe)",
      description: "Availability of the least available HTTP probe over the trailing 30 days: 1 - probe:sli_error:ratio_rate30d (share of scraped samples in which the probe's last check succeeded). SLO 99.9%: red below 99.5%, amber below 99.9%, green from 99.9%. Shown only while probes report now (kpi_probe_success present at the end of the range); otherwise \"No data\".",
      grid: [12, 16, 6, 8],
      unit: units.PercentUnit,
      decimals: 2,
      steps: [["red", null], [amber, 0.995], ["green", 0.999]],
      targets: [
        { expr: promql(
          "min(1 - probe:sli_error:ratio_rate30d)",
          "and on() count(kpi_probe_success @ end())",
        ), legend: "uptime" },
      ],
    }),
    statPanel({
      title: "Data as of",
      description: "Age of the oldest KPI refresh: now - the oldest last successful run of any KPI of the selected source (recording rule exporter:kpi_age_seconds:max over exporter_kpi_last_success_timestamp_seconds). It grows while any KPI fails or the exporter stops; \"No data\" means Prometheus gets nothing from the exporter, so every other tile is blank too. The slowest built-in KPIs refresh hourly, so up to an hour is normal: green under 75 minutes, amber when an hourly run is late, red from 3 hours (three missed hourly runs, when KpiStale fires).",
      grid: [18, 16, 6, 8],
      unit: units.Seconds,
      decimals: 0,
      steps: [["green", null], [amber, 4500], ["red", 10800]],
      targets: [
        { expr: "max(exporter:kpi_age_seconds:max{source=~\"$source\"})", legend: "age" },
      ],
      sparkline: false,
    }),
  ],
);

