import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Transport } from './transport.js';

export interface JsonRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

export interface JsonResponse {
  status: number;
  /** The parsed body, or null when it was empty or not JSON. */
  body: unknown;
}

/** Larger answers from the control plane mean something is wrong in between (a captive portal, say). */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** One HTTP(S) request with a JSON body and answer, through the transport's proxy and trust settings. */
export function requestJson(transport: Transport, req: JsonRequest): Promise<JsonResponse> {
  const url = new URL(req.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  return new Promise((resolve, reject) => {
    const r = send(
      url,
      {
        method: req.method,
        ...transport.optionsFor(req.url),
        headers: {
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...req.headers,
        },
        timeout: req.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            res.destroy(
              new Error(`the answer from ${url.origin} is larger than ${MAX_RESPONSE_BYTES} bytes`),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = null;
          try {
            body = text === '' ? null : JSON.parse(text);
          } catch {
            body = null;
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    r.on('timeout', () => r.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
    r.on('error', reject);
    r.end(payload);
  });
}
