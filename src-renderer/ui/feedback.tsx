import type { UiError } from '../store/slice-api.js';

/** A spinner is never shown alone: the label says what is being waited for. */
export function Busy({ label }: { label: string }) {
  return (
    <span className="busy" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </span>
  );
}

export function ErrorNote({ error, prefix }: { error: UiError; prefix?: string }) {
  return (
    <p className="note note-error" role="alert">
      {prefix ? `${prefix}: ` : ''}
      {error.message}
    </p>
  );
}
