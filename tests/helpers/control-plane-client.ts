import { request as httpRequest } from 'node:http';

/**
 * A small HTTP client for control-plane tests. It speaks raw node:http so that a test can send what
 * fetch would refuse or rewrite (any body with any Content-Type, odd methods, missing headers).
 */
export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface ApiRequest {
  method?: string;
  /** Serialised as JSON with Content-Type application/json, unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** The API key to send as a bearer token; null sends no Authorization header. */
  apiKey?: string | null;
}

export function apiClient(baseUrl: string, defaultApiKey: string | null) {
  return (path: string, options: ApiRequest = {}): Promise<ApiResponse> =>
    sendRequest(baseUrl, path, {
      ...options,
      apiKey: options.apiKey === undefined ? defaultApiKey : options.apiKey,
    });
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The `data` member of a success envelope (validate it with the resource's schema). */
export function dataOf(response: ApiResponse): unknown {
  return (response.json as { data?: unknown } | undefined)?.data;
}

function sendRequest(baseUrl: string, path: string, options: ApiRequest): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  let payload: string | Buffer | undefined = options.rawBody;
  if (payload === undefined && options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (options.apiKey !== null && options.apiKey !== undefined)
    headers.authorization = `Bearer ${options.apiKey}`;
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  Object.assign(headers, options.headers);
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`request to ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
