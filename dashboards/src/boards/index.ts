// Every board and the file it is written to (uids are stable: links and bookmarks rely on them).
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { breakdowns } from './breakdowns';
import { executive } from './executive';
import { exporterHealth } from './exporter-health';
import { marketplace } from './marketplace';
import { product } from './product';
import { revenue } from './revenue';
import { sre } from './sre';

export const boards: Record<string, DashboardBuilder> = {
  'breakdowns.json': breakdowns,
  'executive.json': executive,
  'exporter-health.json': exporterHealth,
  'marketplace.json': marketplace,
  'product.json': product,
  'revenue.json': revenue,
  'sre.json': sre,
};
