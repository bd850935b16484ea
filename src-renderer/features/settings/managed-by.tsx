import { SET_BY_ORGANIZATION, type ManagedPolicy } from '../../../src-shared/host-api/policy.js';

/** The lock beside a setting IT policy fixes; the words say it for screen readers too. */
export const LOCKED_TEXT = `🔒 ${SET_BY_ORGANIZATION}`;

export function LockedBadge() {
  return (
    <span className="locked">
      <span aria-hidden="true">🔒</span> {SET_BY_ORGANIZATION}
    </span>
  );
}

/** "Managed by …" with the organization's help link, when IT policy names them. */
export function ManagedBy({ policy }: { policy: ManagedPolicy }) {
  if (policy.OrganizationName === undefined && policy.SupportUrl === undefined) return null;
  return (
    <p className="note managed-by">
      Managed by {policy.OrganizationName ?? 'your organization'}
      {policy.SupportUrl !== undefined ? (
        <>
          {' · '}
          <a href={policy.SupportUrl} target="_blank" rel="noreferrer noopener">
            Get help
          </a>
        </>
      ) : null}
    </p>
  );
}
