import { z } from 'zod';
import { defineRoute, type Route } from '../http/route-table.js';
import type { ControlPlaneMetrics } from './control-plane-metrics.js';

/** Prometheus text exposition format 0.0.4, what prom-client writes. */
export const METRICS_MEDIA_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** `GET /metrics` on the API listener, for a scraper holding a `metrics:read` key. */
export function metricsRoutes(metrics: ControlPlaneMetrics): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/metrics',
      summary: 'Prometheus metrics',
      description:
        'Prometheus text format. Also served without a key on --metrics-listen, an address of its own. ' +
        'docs/operations.md lists every metric with what to alert on.',
      auth: { scope: 'metrics:read' },
      text: METRICS_MEDIA_TYPE,
      success: { status: 200, description: 'The metrics of this replica.', schema: z.string() },
      errors: [],
      handle: () => metrics.text(),
    }),
  ];
}
