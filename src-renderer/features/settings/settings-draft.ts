import { HostSettingsPatch, type HostSettings } from '../../../src-shared/host-api/settings.js';

/** The editable fields as the form holds them (text fields as typed). */
export interface SettingsDraft {
  proxyUrl: string;
  caBundlePath: string;
  startAtLogin: boolean;
  keepAwakeWhileJobsRun: boolean;
  pauseOnBattery: boolean;
  logLevel: HostSettings['logLevel'];
  notifications: HostSettings['notifications'];
}

export function draftOf(settings: HostSettings): SettingsDraft {
  return {
    proxyUrl: settings.proxyUrl ?? '',
    caBundlePath: settings.caBundlePath ?? '',
    startAtLogin: settings.startAtLogin,
    keepAwakeWhileJobsRun: settings.keepAwakeWhileJobsRun,
    pauseOnBattery: settings.pauseOnBattery,
    logLevel: settings.logLevel,
    notifications: { ...settings.notifications },
  };
}

/**
 * Only what changed, validated by the same schema the host applies; problems keyed by field so each
 * shows under its own input.
 */
export function patchOf(
  settings: HostSettings,
  draft: SettingsDraft,
): { patch: HostSettingsPatch; changed: boolean; problems: Partial<Record<keyof SettingsDraft, string>> } {
  const candidate: Record<string, unknown> = {};
  const proxyUrl = draft.proxyUrl.trim() === '' ? null : draft.proxyUrl.trim();
  const caBundlePath = draft.caBundlePath.trim() === '' ? null : draft.caBundlePath.trim();
  if (proxyUrl !== settings.proxyUrl) candidate.proxyUrl = proxyUrl;
  if (caBundlePath !== settings.caBundlePath) candidate.caBundlePath = caBundlePath;
  for (const key of ['startAtLogin', 'keepAwakeWhileJobsRun', 'pauseOnBattery'] as const)
    if (draft[key] !== settings[key]) candidate[key] = draft[key];
  if (draft.logLevel !== settings.logLevel) candidate.logLevel = draft.logLevel;
  const notifications = Object.fromEntries(
    (Object.keys(draft.notifications) as (keyof SettingsDraft['notifications'])[])
      .filter((k) => draft.notifications[k] !== settings.notifications[k])
      .map((k) => [k, draft.notifications[k]]),
  );
  if (Object.keys(notifications).length > 0) candidate.notifications = notifications;
  const changed = Object.keys(candidate).length > 0;
  const parsed = HostSettingsPatch.safeParse(candidate);
  if (parsed.success) return { patch: parsed.data, changed, problems: {} };
  const problems: Partial<Record<keyof SettingsDraft, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]) as keyof SettingsDraft;
    problems[field] ??= issue.message;
  }
  return { patch: {}, changed, problems };
}
