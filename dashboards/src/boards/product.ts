// Product & learning: Are learners coming back and learning: active users, stickiness, devices and countries, feature adoption, activation and retention, course engagement, completion, certificates, quiz scores and content.
import * as units from '@grafana/grafana-foundation-sdk/units';
import { board, sourceVariable, withPanels, row, businessAlertAnnotations } from '../lib/board';
import { amber } from '../lib/fields';
import { barGaugePanel, statPanel, timeSeriesPanel, staleKpisPanel } from '../lib/panels';
import { courseCompletionAllCategories, promql } from '../lib/query';

const activeUsers = [
  { expr: 'sum(max without (instance, pod) (kpi_active_users{source=~"$source", window="1d"}))', legend: 'DAU' },
  { expr: 'sum(max without (instance, pod) (kpi_active_users{source=~"$source", window="7d"}))', legend: 'WAU' },
  { expr: 'sum(max without (instance, pod) (kpi_active_users{source=~"$source", window="30d"}))', legend: 'MAU' },
];

// The KPIs of this board's panels, checked by its stale-KPIs tile.
const kpis = [
  'kpi_activation_ratio', 'kpi_active_users', 'kpi_active_users_by_country', 'kpi_active_users_by_device',
  'kpi_certificates_issued', 'kpi_content_freshness_ratio', 'kpi_content_published', 'kpi_content_rating_mean',
  'kpi_content_social_actions', 'kpi_course_completion_ratio', 'kpi_course_engagement_ratio',
  'kpi_enrollments', 'kpi_feature_adoption_ratio', 'kpi_quiz_score_mean_ratio', 'kpi_sessions_per_active_user',
  'kpi_signups', 'kpi_time_to_activation_seconds', 'kpi_user_retention_ratio',
];

export const product = withPanels(
  board({
    uid: 'exporter-product',
    title: 'Product & learning',
    description: 'Are learners coming back and learning: active users, stickiness, devices and countries, feature adoption, activation and retention, course engagement, completion, certificates, quiz scores and content.',
    tags: ['product', 'learning', 'business'],
    from: 'now-30d',
    refresh: '5m',
    variables: [
      sourceVariable('Datasources (databases). Counts are summed over sources; ratios per source.'),
    ],
    annotations: [businessAlertAnnotations()],
  }),
  [
    row('Users and engagement', 0),
    statPanel({
      title: 'Active users',
      description: 'Distinct users with a session started in the trailing day (DAU), 7 days (WAU) and 30 days (MAU), summed over the selected sources. Metric kpi_active_users{window="1d" / "7d" / "30d"}.',
      grid: [0, 1, 7, 5],
      unit: units.Short,
      decimals: 0,
      targets: activeUsers,
      color: 'value',
      showName: true,
    }),
    statPanel({
      title: 'Stickiness (DAU / MAU)',
      description: 'Daily active users / monthly active users, per source (recording rule kpi:stickiness:ratio). Red below 10%, amber below 20%, green from 20%.',
      grid: [7, 1, 4, 5],
      unit: units.PercentUnit,
      decimals: 0,
      steps: [['red', null], [amber, 0.1], ['green', 0.2]],
      targets: [
        { expr: 'kpi:stickiness:ratio{source=~"$source"}', legend: '{{source}}' },
      ],
    }),
    statPanel({
      title: 'Sessions per active user (7 days)',
      description: 'Sessions started in the trailing 7 days / distinct users with a session in that window. Metric kpi_sessions_per_active_user{window="7d"}.',
      grid: [11, 1, 4, 5],
      unit: units.NoUnit,
      decimals: 1,
      targets: [
        { expr: 'max without (instance, pod) (kpi_sessions_per_active_user{source=~"$source", window="7d"})', legend: '{{source}}' },
      ],
    }),
    statPanel({
      title: 'Signups',
      description: 'Users created in the trailing day and 30 days. Metric kpi_signups{window="1d" / "30d"}.',
      grid: [15, 1, 5, 5],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum(max without (instance, pod) (kpi_signups{source=~"$source", window="1d"}))', legend: '1 day' },
        { expr: 'sum(max without (instance, pod) (kpi_signups{source=~"$source", window="30d"}))', legend: '30 days' },
      ],
      color: 'value',
      showName: true,
    }),
    staleKpisPanel({ grid: [20, 1, 4, 5], kpis }),
    timeSeriesPanel({
      title: 'DAU, WAU, MAU',
      description: 'Distinct users with a session in the trailing 1, 7 and 30 days, summed over the selected sources. Metric kpi_active_users{window}.',
      grid: [0, 6, 12, 8],
      unit: units.Short,
      decimals: 0,
      targets: activeUsers,
    }),
    statPanel({
      title: 'Activation (users created 7-37 days ago)',
      description: 'Users created in [now - 37d, now - 7d): share activated within 7 days of signing up (activated_at <= created_at + 7 days). Metric kpi_activation_ratio{window="30d"}. Red below 20%, amber below 40%, green from 40%.',
      grid: [12, 6, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      steps: [['red', null], [amber, 0.2], ['green', 0.4]],
      targets: [
        { expr: 'max without (instance, pod) (kpi_activation_ratio{source=~"$source", window="30d"})', legend: '{{source}}' },
      ],
    }),
    timeSeriesPanel({
      title: 'Time to activation (30 days)',
      description: 'Users activated in the trailing 30 days: mean and median of activated_at - created_at. Metric kpi_time_to_activation_seconds{stat="mean" / "median", window="30d"}.',
      grid: [18, 6, 6, 8],
      unit: units.Seconds,
      targets: [
        { expr: 'max without (instance, pod) (kpi_time_to_activation_seconds{source=~"$source", window="30d"})', legend: '{{stat}}' },
      ],
    }),
    barGaugePanel({
      title: 'Active users by device (30 days)',
      description: 'Distinct users with a session in the trailing 30 days per device (a user on two devices counts in both). Metric kpi_active_users_by_device{device, window="30d"}.',
      grid: [0, 14, 6, 8],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sort_desc(sum by (device) (max without (instance, pod) (kpi_active_users_by_device{source=~"$source", window="30d"})))', legend: '{{device}}', instant: true },
      ],
    }),
    barGaugePanel({
      title: 'Active users by country (30 days, top 10)',
      description: 'Distinct users with a session in the trailing 30 days per session country (ISO alpha-2), the ten largest. Metric kpi_active_users_by_country{country, window="30d"}.',
      grid: [6, 14, 6, 8],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sort_desc(topk(10, sum by (country) (max without (instance, pod) (kpi_active_users_by_country{source=~"$source", window="30d"}))))', legend: '{{country}}', instant: true },
      ],
    }),
    barGaugePanel({
      title: 'Feature adoption (30 days)',
      description: 'Distinct users with an activity event of the feature in the trailing 30 days / monthly active users (kpi_active_users{window="30d"}). Metric kpi_feature_adoption_ratio{feature, window="30d"}.',
      grid: [12, 14, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      min: 0,
      max: 1,
      targets: [
        { expr: 'sort_desc(max without (instance, pod) (kpi_feature_adoption_ratio{source=~"$source", window="30d"}))', legend: '{{feature}}', instant: true },
      ],
    }),
    barGaugePanel({
      title: 'User retention',
      description: 'Cohort = users created in [now - days - 7d, now - days); share of them with a session in the last 7 days, for days = 7, 30, 90. Metric kpi_user_retention_ratio{days}.',
      grid: [18, 14, 6, 8],
      unit: units.PercentUnit,
      decimals: 0,
      min: 0,
      max: 1,
      steps: [['red', null], [amber, 0.2], ['green', 0.4]],
      targets: [
        { expr: 'max without (instance, pod) (kpi_user_retention_ratio{source=~"$source", days="7"})', legend: 'after 7 days', instant: true },
        { expr: 'max without (instance, pod) (kpi_user_retention_ratio{source=~"$source", days="30"})', legend: 'after 30 days', instant: true },
        { expr: 'max without (instance, pod) (kpi_user_retention_ratio{source=~"$source", days="90"})', legend: 'after 90 days', instant: true },
      ],
    }),
    row('Learning', 22),
    statPanel({
      title: 'Enrollments (30 days)',
      description: 'Enrollments with enrolled_at in the trailing 30 days, all categories. Metric kpi_enrollments{category, window="30d"}.',
      grid: [0, 23, 4, 5],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum(max without (instance, pod) (kpi_enrollments{source=~"$source", window="30d"}))', legend: 'enrollments' },
      ],
    }),
    statPanel({
      title: 'Certificates issued (30 days)',
      description: 'Enrollments whose certificate was issued in the trailing 30 days. Metric kpi_certificates_issued{window="30d"}.',
      grid: [4, 23, 4, 5],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum(max without (instance, pod) (kpi_certificates_issued{source=~"$source", window="30d"}))', legend: 'certificates' },
      ],
    }),
    statPanel({
      title: 'Content published (30 days)',
      description: 'Courses and modules with published_at in the trailing 30 days. Metric kpi_content_published{kind="course" / "module", window="30d"}.',
      grid: [8, 23, 4, 5],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum by (kind) (max without (instance, pod) (kpi_content_published{source=~"$source", window="30d"}))', legend: '{{kind}}' },
      ],
      color: 'value',
      showName: true,
    }),
    statPanel({
      title: 'Content freshness (180 days)',
      description: 'Published modules: share updated in the trailing 180 days. Metric kpi_content_freshness_ratio{window="180d"}. Red below 30%, amber below 60%, green from 60%.',
      grid: [12, 23, 4, 5],
      unit: units.PercentUnit,
      decimals: 0,
      steps: [['red', null], [amber, 0.3], ['green', 0.6]],
      targets: [
        { expr: 'max without (instance, pod) (kpi_content_freshness_ratio{source=~"$source", window="180d"})', legend: '{{source}}' },
      ],
    }),
    statPanel({
      title: 'Content rating (90 days)',
      description: 'Mean rating (1-5) of rating feedback in the trailing 90 days. Metric kpi_content_rating_mean{window="90d"}. Red below 3.5, amber below 4, green from 4.',
      grid: [16, 23, 4, 5],
      unit: units.NoUnit,
      decimals: 2,
      min: 1,
      max: 5,
      steps: [['red', null], [amber, 3.5], ['green', 4]],
      targets: [
        { expr: 'max without (instance, pod) (kpi_content_rating_mean{source=~"$source", window="90d"})', legend: '{{source}}' },
      ],
    }),
    statPanel({
      title: 'Course completion (90 days, all categories)',
      description: 'Completed / started for enrollments of the trailing 90 days, all categories combined, weighting each category by its enrollments of the last 30 days (the exporter publishes completion per category only; the same approximation as on the Executive board). Metric kpi_course_completion_ratio{basis="started", window="90d"} and kpi_enrollments{window="30d"}.',
      grid: [20, 23, 4, 5],
      unit: units.PercentUnit,
      decimals: 0,
      steps: [['red', null], [amber, 0.3], ['green', 0.5]],
      targets: [
        { expr: promql(...courseCompletionAllCategories), legend: 'completed / started' },
      ],
    }),
    timeSeriesPanel({
      title: 'Enrollments by category (30 days)',
      description: 'Enrollments with enrolled_at in the trailing 30 days per course category (stacked). Metric kpi_enrollments{category, window="30d"}.',
      grid: [0, 28, 8, 8],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum by (category) (max without (instance, pod) (kpi_enrollments{source=~"$source", window="30d"}))', legend: '{{category}}' },
      ],
      stacked: true,
      fill: 30,
    }),
    barGaugePanel({
      title: 'Course engagement by category (90 days)',
      description: 'Enrollments enrolled in the trailing 90 days: share that started the course, per category. Metric kpi_course_engagement_ratio{category, window="90d"}.',
      grid: [8, 28, 8, 8],
      unit: units.PercentUnit,
      decimals: 0,
      min: 0,
      max: 1,
      steps: [['red', null], [amber, 0.4], ['green', 0.6]],
      targets: [
        { expr: 'sort_desc(max without (instance, pod) (kpi_course_engagement_ratio{source=~"$source", window="90d"}))', legend: '{{category}}', instant: true },
      ],
    }),
    barGaugePanel({
      title: 'Course completion by category (90 days)',
      description: 'Enrollments enrolled in the trailing 90 days: completed / started and completed / enrolled, per category. Metric kpi_course_completion_ratio{category, basis, window="90d"}.',
      grid: [16, 28, 8, 8],
      unit: units.PercentUnit,
      decimals: 0,
      min: 0,
      max: 1,
      steps: [['red', null], [amber, 0.3], ['green', 0.5]],
      targets: [
        { expr: 'sort_desc(max without (instance, pod) (kpi_course_completion_ratio{source=~"$source", basis="started", window="90d"}))', legend: '{{category}} (of started)', instant: true },
        { expr: 'sort_desc(max without (instance, pod) (kpi_course_completion_ratio{source=~"$source", basis="enrolled", window="90d"}))', legend: '{{category}} (of enrolled)', instant: true },
      ],
    }),
    timeSeriesPanel({
      title: 'Course completion over time (90 days, of started)',
      description: 'Completed / started for enrollments of the trailing 90 days, per category, over time. Metric kpi_course_completion_ratio{category, basis="started", window="90d"}.',
      grid: [0, 36, 8, 8],
      unit: units.PercentUnit,
      decimals: 0,
      targets: [
        { expr: 'max without (instance, pod) (kpi_course_completion_ratio{source=~"$source", basis="started", window="90d"})', legend: '{{category}}' },
      ],
    }),
    barGaugePanel({
      title: 'Quiz score by category (30 days)',
      description: 'Mean score_ratio (0..1) of quiz attempts in the trailing 30 days, per course category. Metric kpi_quiz_score_mean_ratio{category, window="30d"}.',
      grid: [8, 36, 8, 8],
      unit: units.PercentUnit,
      decimals: 0,
      min: 0,
      max: 1,
      steps: [['red', null], [amber, 0.5], ['green', 0.7]],
      targets: [
        { expr: 'sort_desc(max without (instance, pod) (kpi_quiz_score_mean_ratio{source=~"$source", window="30d"}))', legend: '{{category}}', instant: true },
      ],
    }),
    timeSeriesPanel({
      title: 'Content social actions (30 days)',
      description: 'Content feedback rows (ratings, shares, comments) in the trailing 30 days per kind. Metric kpi_content_social_actions{kind, window="30d"}.',
      grid: [16, 36, 8, 8],
      unit: units.Short,
      decimals: 0,
      targets: [
        { expr: 'sum by (kind) (max without (instance, pod) (kpi_content_social_actions{source=~"$source", window="30d"}))', legend: '{{kind}}' },
      ],
    }),
  ],
);

