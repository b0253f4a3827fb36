// Targets of the company KPIs: the ONE place they are configured. The TV tiles are coloured by them
// (green from the target, amber in between, red past the alarm level) and the analysis boards draw them
// as dashed lines on the KPI's time series. Change a number here, run `npm run build`, commit.
import type { Steps } from './lib/fields';
import { amber } from './lib/fields';

/** A KPI target: `target` is where green starts, `alarm` where red starts. */
export interface Target {
  target: number;
  alarm: number;
  /** Churn, DSO, data age: lower is better, so the colours run the other way. */
  lowerIsBetter?: boolean;
}

export const targets = {
  /** Customer churn over 30 days. */
  customerChurn: { target: 0.02, alarm: 0.05, lowerIsBetter: true },
  /** Net revenue retention over 12 months. */
  netRevenueRetention: { target: 1.0, alarm: 0.9 },
  /** NPS (-100..100). */
  nps: { target: 30, alarm: 0 },
  /** CSAT: share of scores 4-5. */
  csat: { target: 0.8, alarm: 0.7 },
  /** Request-based availability: the SLO (prometheus/rules/slo.rules.yml) and its 5x budget. */
  availability: { target: 0.999, alarm: 0.995 },
  /** p95 latency of a service, seconds: the latency SLO's threshold. */
  latencyP95: { target: 0.5, alarm: 1.0, lowerIsBetter: true },
  /** DAU / MAU. */
  stickiness: { target: 0.2, alarm: 0.1 },
  /** Course completion of started enrollments over 90 days. */
  courseCompletion: { target: 0.5, alarm: 0.3 },
  /** Age of the oldest KPI refresh, seconds: an hourly run late, three missed (KpiStale). */
  dataAge: { target: 4500, alarm: 10800, lowerIsBetter: true },
} satisfies Record<string, Target>;

/** Threshold steps that colour a value by its target. */
export function targetSteps(t: Target): Steps {
  return t.lowerIsBetter
    ? [['green', null], [amber, t.target], ['red', t.alarm]]
    : [['red', null], [amber, t.alarm], ['green', t.target]];
}

/** One dashed line at the target on a time series (Grafana draws thresholds from the second step on). */
export function targetLine(t: Target): Steps {
  return [['transparent', null], [t.lowerIsBetter ? 'red' : 'green', t.target]];
}
