import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ControlPlaneMetrics } from './control-plane-metrics.js';
import { METRICS_MEDIA_TYPE } from './metrics-routes.js';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` without a key, on an address of its own (--metrics-listen), for a scraper on a
 * private network: it serves nothing else, so the API's keys never have to be handed to it.
 */
export async function startMetricsServer(
  metrics: ControlPlaneMetrics,
  listen: { host: string; port: number },
  log: Pick<Logger, 'warn'>,
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics') return answer(response, 404, 'route_not_found', 'only /metrics is served here');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return answer(
        response,
        405,
        'method_not_allowed',
        `${request.method ?? ''} is not allowed here; use GET`,
      );
    }
    metrics.text().then(
      (text) => {
        response.writeHead(200, { 'content-type': METRICS_MEDIA_TYPE });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        log.warn({ err: error }, 'collecting metrics failed');
        answer(response, 500, 'internal_error', 'collecting the metrics failed');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : listen.port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ error: { code, message } }));
}
