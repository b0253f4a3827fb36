// The settings every board shares: tags and links between the boards, time settings, variables, annotations.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import { datasource } from './query';

export interface BoardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  from: string;
  refresh: '1m' | '5m';
  /** TV boards: not editable, no time picker, one value per variable. */
  tv?: boolean;
  variables: Builder<dashboard.VariableModel>[];
  annotations?: Builder<dashboard.AnnotationQuery>[];
}

/** Every board carries the `exporter` tag, and a drop-down linking every other board with that tag. */
export function board(spec: BoardSpec): dashboard.DashboardBuilder {
  let b = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['exporter', ...spec.tags])
    .timezone('browser')
    .editable()
    .tooltip(spec.tv ? dashboard.DashboardCursorSync.Off : dashboard.DashboardCursorSync.Crosshair)
    .time({ from: spec.from, to: 'now' })
    .timepicker(new dashboard.TimePickerBuilder().hidden(spec.tv === true).refreshIntervals(['1m', '5m', '15m', '1h']))
    .refresh(spec.refresh)
    .link(new dashboard.DashboardLinkBuilder('Exporter boards')
      .type(dashboard.DashboardLinkType.Dashboards)
      .tags(['exporter'])
      .asDropdown(true)
      .icon('external link')
      .tooltip('Other Exporter boards')
      .includeVars(false)
      .keepTime(true)
      .targetBlank(false))
    .annotation(builtInAnnotations());
  if (spec.tv) b = b.readonly();
  spec.variables.forEach((v) => (b = b.withVariable(v)));
  (spec.annotations ?? []).forEach((a) => (b = b.annotation(a)));
  return b;
}

function builtInAnnotations(): Builder<dashboard.AnnotationQuery> {
  return {
    build: () => ({
      builtIn: 1,
      datasource: { type: 'grafana', uid: '-- Grafana --' },
      enable: true,
      hide: true,
      iconColor: 'rgba(0, 211, 255, 1)',
      name: 'Annotations & Alerts',
      type: 'dashboard',
    }),
  };
}

/** Fired alerts as annotations: the ALERTS series of the named alerts while they fire. */
export function alertAnnotations(name: string, alertnames: string[], color: string, text: string): Builder<dashboard.AnnotationQuery> {
  return {
    build: () => {
      const annotation: dashboard.AnnotationQuery & Record<string, unknown> = {
        name,
        datasource,
        enable: true,
        hide: false,
        iconColor: color,
        expr: `ALERTS{alertname=~"${alertnames.join('|')}", alertstate="firing"}`,
        step: '1m',
        titleFormat: '{{alertname}} ({{severity}})',
        textFormat: text,
        tagKeys: 'alertname,severity',
        useValueForTime: false,
      };
      return annotation;
    },
  };
}

export interface VariableSpec {
  name: string;
  label: string;
  description: string;
  /** A label_values(...) query. */
  query: string;
  /** Several values and "All" (analysis boards), or exactly one (TV boards). */
  multi: boolean;
}

export function variable(spec: VariableSpec): dashboard.QueryVariableBuilder {
  let b = new dashboard.QueryVariableBuilder(spec.name)
    .label(spec.label)
    .description(spec.description)
    .datasource(datasource)
    .query(spec.query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(spec.multi)
    .includeAll(spec.multi);
  if (spec.multi) b = b.allValue('.*').current({ selected: true, text: 'All', value: '$__all' });
  return b;
}

/** Source of the SQL KPIs: every board has it. */
export const sourceVariable = (description: string, multi = true): dashboard.QueryVariableBuilder =>
  variable({ name: 'source', label: 'Source', description, query: 'label_values(exporter_kpi_up, source)', multi });

/** A panel builder of any kind (they all have id()). */
export interface PanelLike extends Builder<dashboard.Panel> {
  id(id: number): this;
}

/** A full-width row header at line y. */
export const row = (title: string, y: number): dashboard.RowBuilder =>
  new dashboard.RowBuilder(title).gridPos({ x: 0, y, w: 24, h: 1 });

/** Adds panels and rows in order, numbering them 1, 2, ... (ids are unique within a board). */
export function withPanels(b: dashboard.DashboardBuilder, items: (PanelLike | dashboard.RowBuilder)[]): dashboard.DashboardBuilder {
  items.forEach((item, index) => {
    if (item instanceof dashboard.RowBuilder) b = b.withRow(item.id(index + 1));
    else b = b.withPanel(item.id(index + 1));
  });
  return b;
}

/** The business alerts (prometheus/rules/business.alerts.yml), shown as annotations where they explain a chart. */
export const businessAlerts = [
  'MrrDroppedSharply', 'ChurnSpike', 'SignupsStopped', 'NpsDropped', 'CourseCompletionDropped',
  'DsoRising', 'OverdueReceivablesHigh', 'SupportFirstResponseSlow', 'SupportBacklogGrowing',
];

export const businessAlertAnnotations = (): Builder<dashboard.AnnotationQuery> =>
  alertAnnotations('Business alerts', businessAlerts, 'purple', '{{source}}: see the runbook linked from the alert');
