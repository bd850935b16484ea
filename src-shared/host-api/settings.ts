import { z } from 'zod';
import { LogLevel } from './logs.js';

const ProxyUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2048)
  .nullable();

export const NotificationSettings = z.object({
  enrolled: z.boolean(),
  revoked: z.boolean(),
  jobFailed: z.boolean(),
});

/** The host's settings: the one schema behind every settings store (conf headless, electron-store). */
export const HostSettings = z.object({
  startAtLogin: z.boolean(),
  notifications: NotificationSettings,
  logLevel: LogLevel,
  /** Proxy for the worker's HTTPS and WSS traffic; null = environment (HTTPS_PROXY...) or none. */
  proxyUrl: ProxyUrl,
  /** Extra CA bundle (PEM) the worker trusts, for TLS-inspecting proxies. */
  caBundlePath: z.string().min(1).max(4096).nullable(),
  /** Seconds running jobs get to finish when the host pauses to quit. */
  quitGraceSeconds: z.number().int().min(0).max(3600),
  /** Size cap of each log file before it rotates, in bytes. */
  logFileMaxBytes: z
    .number()
    .int()
    .min(64 * 1024)
    .max(256 * 1024 * 1024),
  /** Rotated files kept per log, beside the live one. */
  logFilesKept: z.number().int().min(1).max(20),
  /** Keep the machine from sleeping while a job runs. */
  keepAwakeWhileJobsRun: z.boolean(),
  /** Take no new jobs while the machine runs on battery; resume on AC power. */
  pauseOnBattery: z.boolean(),
});
export type HostSettings = z.infer<typeof HostSettings>;

export const DEFAULT_HOST_SETTINGS: HostSettings = {
  startAtLogin: true,
  notifications: { enrolled: true, revoked: true, jobFailed: true },
  logLevel: 'info',
  proxyUrl: null,
  caBundlePath: null,
  quitGraceSeconds: 60,
  logFileMaxBytes: 5 * 1024 * 1024,
  logFilesKept: 3,
  keepAwakeWhileJobsRun: true,
  pauseOnBattery: false,
};

/** What `updateSettings` accepts: any subset of fields (unknown ones refused by name). */
export const HostSettingsPatch = HostSettings.extend({
  notifications: NotificationSettings.partial().strict(),
})
  .partial()
  .strict();
export type HostSettingsPatch = z.infer<typeof HostSettingsPatch>;

export function applySettingsPatch(settings: HostSettings, patch: HostSettingsPatch): HostSettings {
  const { notifications, ...rest } = patch;
  return HostSettings.parse({
    ...settings,
    ...rest,
    notifications: { ...settings.notifications, ...notifications },
  });
}
