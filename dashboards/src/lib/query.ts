// One Prometheus datasource, provisioned with a fixed uid (dashboards/provisioning/datasources).
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/dashboard';

export const datasource: DataSourceRef = { type: 'prometheus', uid: 'prometheus' };

/** A panel query: a range query for time series and sparklines, or an instant one (optionally as a table). */
export interface Target {
  expr: string;
  legend?: string;
  instant?: boolean;
  table?: boolean;
}

const refIds = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function query(target: Target, index: number): prometheus.DataqueryBuilder {
  const builder = new prometheus.DataqueryBuilder()
    .datasource(datasource)
    .refId(refIds[index]!)
    .editorMode(prometheus.QueryEditorMode.Code)
    .expr(target.expr)
    .legendFormat(target.legend ?? '');
  if (target.instant) builder.instant();
  else builder.range();
  return target.table ? builder.format(prometheus.PromQueryFormat.Table) : builder;
}

/** The PromQL of a few lines: keeps queries readable in the sources and on the board. */
export const promql = (...lines: string[]): string => lines.join('\n');

/** Course completion (completed / started, 90 days) over all categories: the exporter publishes it per category
 * only, so categories are weighted by their enrollments of the last 30 days (an approximation). */
export const courseCompletionAllCategories = [
  'sum(',
  '  max without (instance, pod) (kpi_course_completion_ratio{source=~"$source", basis="started", window="90d"})',
  '  * on (source, category) max without (instance, pod) (kpi_enrollments{source=~"$source", window="30d"})',
  ')',
  '/',
  '(',
  '  sum(',
  '    max without (instance, pod) (kpi_enrollments{source=~"$source", window="30d"})',
  '    and on (source, category) max without (instance, pod) (kpi_course_completion_ratio{source=~"$source", basis="started", window="90d"})',
  '  ) > 0',
  ')',
];
