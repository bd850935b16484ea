import { HostApiError } from '../../../src-shared/host-api/envelope.js';
import { lockedSettings, type ManagedPolicy } from '../../../src-shared/host-api/policy.js';
import type { HostSettings, HostSettingsPatch } from '../../../src-shared/host-api/settings.js';

/** A change someone asked for that IT policy may forbid. */
export type PolicyGuardedChange =
  | { type: 'enroll'; apiHost: string; byInstaller?: boolean }
  | { type: 'unenroll' }
  | { type: 'pause' }
  | { type: 'settings'; patch: HostSettingsPatch; current: HostSettings };

/**
 * Throws the host API's `policy_locked` error, naming the policy key, when policy forbids the change;
 * returns when it is allowed. A settings patch that only repeats a locked value is allowed, so a form
 * that sends every field still saves the others.
 */
export function refuseUnderPolicy(policy: ManagedPolicy, change: PolicyGuardedChange): void {
  const refuse = (message: string): never => {
    throw new HostApiError('policy_locked', message);
  };
  switch (change.type) {
    case 'enroll':
      if (policy.EnrollmentLocked === true && change.byInstaller !== true)
        refuse('enrollment is locked by your organization (policy EnrollmentLocked)');
      if (policy.ApiHost !== undefined && sameUrl(policy.ApiHost, change.apiHost) === false)
        refuse(
          `the control plane address is set by your organization (policy ApiHost): use ${policy.ApiHost}`,
        );
      return;
    case 'unenroll':
      if (policy.EnrollmentLocked === true)
        refuse('enrollment is locked by your organization (policy EnrollmentLocked)');
      return;
    case 'pause':
      if (policy.AllowPause === false)
        refuse('pausing is turned off by your organization (policy AllowPause)');
      return;
    case 'settings':
      for (const [setting, key] of lockedSettings(policy)) {
        const asked = change.patch[setting];
        if (asked !== undefined && asked !== change.current[setting])
          refuse(`${setting} is set by your organization (policy ${key}) and cannot be changed here`);
      }
      return;
  }
}

/** Same address, whatever the trailing slash or letter case of the host name. */
function sameUrl(a: string, b: string): boolean {
  const normal = (url: string) => new URL(url).href.replace(/\/+$/, '');
  return normal(a) === normal(b);
}
