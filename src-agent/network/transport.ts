import type { Agent } from 'node:http';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { proxyFor, type ProxyEnv, type ProxySettings } from './proxy-for.js';
import { errorMessage } from '../../src-node/error-message.js';

export interface NetworkSettings extends ProxySettings {
  /** A PEM bundle trusted in addition to the system roots (a TLS-inspecting proxy's CA, say). */
  caFile?: string | null;
}

/** What every outgoing HTTPS request and WSS upgrade is given: the same proxy rules, the same trust. */
export interface RequestOptions {
  agent?: Agent;
  ca?: string[];
}

/**
 * Proxy and TLS trust for every connection the agent makes, so HTTP requests (enroll, healthz) and
 * the session WebSocket can never disagree about how to reach the control plane.
 */
export class Transport {
  private readonly agents = new Map<string, Agent>();

  private constructor(
    private readonly settings: NetworkSettings,
    private readonly env: ProxyEnv,
    private readonly ca: string[] | undefined,
  ) {}

  static async create(settings: NetworkSettings, env: ProxyEnv): Promise<Transport> {
    let ca: string[] | undefined;
    if (settings.caFile) {
      let pem: string;
      try {
        pem = await readFile(settings.caFile, 'utf8');
      } catch (error) {
        throw new Error(`cannot read the CA bundle ${settings.caFile}: ${errorMessage(error)}`);
      }
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        throw new Error(`the CA bundle ${settings.caFile} holds no PEM certificate`);
      }
      // Node's `ca` replaces the default roots; keep them so only the extra CA is added.
      ca = [...rootCertificates, pem];
    }
    return new Transport(settings, env, ca);
  }

  proxyFor(url: string): string | null {
    return proxyFor(url, this.env, this.settings);
  }

  get extraCa(): string[] | undefined {
    return this.ca;
  }

  optionsFor(url: string): RequestOptions {
    const proxy = this.proxyFor(url);
    const options: RequestOptions = this.ca ? { ca: this.ca } : {};
    if (proxy === null) return options;
    let agent = this.agents.get(proxy);
    if (!agent) {
      agent = new HttpsProxyAgent(proxy, this.ca ? { ca: this.ca } : {});
      this.agents.set(proxy, agent);
    }
    return { ...options, agent };
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

/** A proxy URL fit for a log line or a preflight detail: credentials masked. */
export function displayProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    if (url.username || url.password) {
      url.username = '***';
      url.password = '';
    }
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable proxy URL)';
  }
}
