import { NO_POLICY, type PolicyView } from '../../../src-shared/host-api/policy.js';
import type { Clock, TimerHandle } from '../clock.js';
import { errorMessage } from '../../../src-node/error-message.js';
import type { PolicySource } from './policy-source.js';
import { resolvePolicy } from './resolve-policy.js';

/** How often the policy store is read again: management tools write it whenever they like. */
export const POLICY_POLL_MS = 30_000;

export interface PolicyMonitorDeps {
  source: PolicySource;
  clock: Clock;
  pollMs?: number;
  /** The effective policy changed (values, sources or warnings). */
  onChange(view: PolicyView): void;
  log(level: 'info' | 'warn', msg: string): void;
}

/**
 * Reads policy at start and again every `pollMs`, and reports each change. Nothing here throws: a
 * store that cannot be read is a warning, and the host runs on with what it could read.
 */
export class PolicyMonitor {
  private view: PolicyView = NO_POLICY;
  private timer: TimerHandle | null = null;
  private stopped = false;

  constructor(private readonly deps: PolicyMonitorDeps) {}

  current(): PolicyView {
    return this.view;
  }

  /** The first read (awaited, so the host starts with its policy), then polling. */
  async start(): Promise<PolicyView> {
    await this.refresh();
    this.arm();
    return this.view;
  }

  /** Reads the store now; reports a change. */
  async refresh(): Promise<void> {
    const read = await this.deps.source.read().catch((error: unknown) => ({
      source: 'policy store',
      entries: {},
      problems: [`policy could not be read: ${errorMessage(error)}`],
    }));
    if (this.stopped) return;
    const next = resolvePolicy(read);
    if (JSON.stringify(next) === JSON.stringify(this.view)) return;
    for (const warning of next.warnings)
      if (!this.view.warnings.includes(warning)) this.deps.log('warn', warning);
    const keys = Object.keys(next.values);
    this.deps.log(
      'info',
      keys.length === 0
        ? 'no IT policy in force'
        : `IT policy in force from ${read.source}: ${keys.join(', ')}`,
    );
    this.view = next;
    this.deps.onChange(next);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimeout(() => {
      void this.refresh().finally(() => this.arm());
    }, this.deps.pollMs ?? POLICY_POLL_MS);
  }
}
