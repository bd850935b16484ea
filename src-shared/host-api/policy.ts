import { z } from 'zod';
import type { HostSettings } from './settings.js';

/** Tray menu entries IT can hide with `HiddenTrayItems`. */
export const HIDEABLE_TRAY_ITEMS = [
  'pause',
  'logs',
  'enroll',
  'diagnostics',
  'startAtLogin',
  'quit',
] as const;
export type HideableTrayItem = (typeof HIDEABLE_TRAY_ITEMS)[number];

const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2048);

/**
 * Every IT policy key the host reads, with the form each management tool stores it in (`kind`: a
 * registry DWORD for booleans and integers, a string, a multi-string list) and what a value must be.
 * The one list: the readers, the ADMX/ADML template, the .mobileconfig example and the JSON schema
 * in resources/policy/ are all checked against it.
 */
export const POLICY_KEYS = {
  ApiHost: {
    kind: 'string',
    schema: HttpUrl,
    description: 'Control plane address; the host enrolls and connects only there.',
  },
  EnrollmentLocked: {
    kind: 'boolean',
    schema: z.boolean(),
    description: 'When true, the UI can neither unenroll nor enroll again.',
  },
  AutoUpdate: {
    kind: 'boolean',
    schema: z.boolean(),
    description: 'When false, the host never updates itself.',
  },
  UpdateChannel: {
    kind: 'string',
    schema: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a channel name such as "stable"'),
    description: 'Release channel the host updates from (for example stable or beta).',
  },
  MaxJobSlots: {
    kind: 'integer',
    schema: z.number().int().min(1).max(256),
    description: 'Most jobs this host runs at once (1 to 256).',
  },
  ProxyUrl: {
    kind: 'string',
    schema: HttpUrl,
    description: "Proxy for the agent's HTTPS and WebSocket traffic; locks the proxy setting.",
  },
  ProxyCaFile: {
    kind: 'string',
    schema: z.string().min(1).max(4096),
    description: 'Path of an extra CA bundle (PEM) to trust; locks the CA setting.',
  },
  StartAtLogin: {
    kind: 'boolean',
    schema: z.boolean(),
    description: 'Forces start at login on (true) or off (false).',
  },
  AllowPause: {
    kind: 'boolean',
    schema: z.boolean(),
    description: 'When false, nobody can pause job intake from the tray or the UI.',
  },
  OrganizationName: {
    kind: 'string',
    schema: z.string().min(1).max(200),
    description: 'Shown as "Managed by …" in the UI.',
  },
  SupportUrl: {
    kind: 'string',
    schema: HttpUrl,
    description: 'Link shown beside "Managed by …" for help.',
  },
  HiddenTrayItems: {
    kind: 'list',
    schema: z.array(z.enum(HIDEABLE_TRAY_ITEMS)).max(HIDEABLE_TRAY_ITEMS.length),
    description: `Tray menu items to hide: ${HIDEABLE_TRAY_ITEMS.join(', ')}.`,
  },
} as const;

export type PolicyKey = keyof typeof POLICY_KEYS;
export type PolicyKind = (typeof POLICY_KEYS)[PolicyKey]['kind'];
export const POLICY_KEY_NAMES = Object.keys(POLICY_KEYS) as PolicyKey[];

/** The values in force: each key present only when a policy sets it to a valid value. */
export const ManagedPolicy = z
  .object(
    Object.fromEntries(POLICY_KEY_NAMES.map((key) => [key, POLICY_KEYS[key].schema.optional()])) as {
      [K in PolicyKey]: z.ZodOptional<(typeof POLICY_KEYS)[K]['schema']>;
    },
  )
  .strict();
export type ManagedPolicy = z.infer<typeof ManagedPolicy>;

/** The effective policy, where each value came from, and what was skipped and why. */
export const PolicyView = z.object({
  values: ManagedPolicy,
  /** Per key set: the place it was read from (a file path, a registry key, a managed domain). */
  sources: z.record(z.string(), z.string()),
  /** Values, keys or files skipped, in plain words (never the value itself: it may hold a password). */
  warnings: z.array(z.string()),
});
export type PolicyView = z.infer<typeof PolicyView>;

export const NO_POLICY: PolicyView = { values: {}, sources: {}, warnings: [] };

/** What the UI shows beside a locked setting. */
export const SET_BY_ORGANIZATION = 'Set by your organization';

/** The settings a policy key locks: the host refuses changing them, the UI shows them locked. */
export const POLICY_LOCKED_SETTINGS = {
  ProxyUrl: 'proxyUrl',
  ProxyCaFile: 'caBundlePath',
  StartAtLogin: 'startAtLogin',
} as const satisfies Partial<Record<PolicyKey, keyof HostSettings>>;

type LockedSetting = (typeof POLICY_LOCKED_SETTINGS)[keyof typeof POLICY_LOCKED_SETTINGS];

/** The settings this policy locks, each with the key that locks it. */
export function lockedSettings(policy: ManagedPolicy): Map<LockedSetting, PolicyKey> {
  const locked = new Map<LockedSetting, PolicyKey>();
  for (const [key, setting] of Object.entries(POLICY_LOCKED_SETTINGS) as [PolicyKey, LockedSetting][])
    if (policy[key] !== undefined) locked.set(setting, key);
  return locked;
}

/** The settings in force: what the user chose, with what policy sets laid over it. */
export function settingsUnderPolicy(settings: HostSettings, policy: ManagedPolicy): HostSettings {
  return {
    ...settings,
    proxyUrl: policy.ProxyUrl ?? settings.proxyUrl,
    caBundlePath: policy.ProxyCaFile ?? settings.caBundlePath,
    startAtLogin: policy.StartAtLogin ?? settings.startAtLogin,
  };
}
