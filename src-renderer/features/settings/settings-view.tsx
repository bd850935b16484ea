import { useEffect, useId, useState, type FormEvent } from 'react';
import { lockedSettings, NO_POLICY } from '../../../src-shared/host-api/policy.js';
import type { HostSettings } from '../../../src-shared/host-api/settings.js';
import { useApp } from '../../store/store-context.js';
import { Busy, ErrorNote } from '../../ui/feedback.js';
import { RelativeTime } from '../../ui/relative-time.js';
import { TextField } from '../../ui/text-field.js';
import { DiagnosticsPanel } from './diagnostics-panel.js';
import { LOCKED_TEXT, LockedBadge, ManagedBy } from './managed-by.js';
import { draftOf, patchOf, type SettingsDraft } from './settings-draft.js';

export function SettingsView() {
  const settings = useApp((s) => s.settings);
  const settingsError = useApp((s) => s.settingsError);
  const loadSettings = useApp((s) => s.loadSettings);
  const policy = useApp((s) => s.snapshot?.policy.values ?? NO_POLICY.values);
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);
  return (
    <section aria-labelledby="settings-title" className="view">
      <h1 id="settings-title">Settings</h1>
      <ManagedBy policy={policy} />
      <AgentFacts />
      {settings !== null ? (
        <SettingsForm key={JSON.stringify(settings)} settings={settings} />
      ) : settingsError ? (
        <ErrorNote error={settingsError} prefix="Could not read the settings" />
      ) : (
        <Busy label="Reading the settings…" />
      )}
      <DiagnosticsPanel />
    </section>
  );
}

/** What enrollment fixed: shown here so it is easy to find, changed by enrolling again. */
function AgentFacts() {
  const enrollment = useApp((s) => s.snapshot?.enrollment ?? null);
  const policyApiHost = useApp((s) => s.snapshot?.policy.values.ApiHost ?? null);
  const slots = useApp((s) => s.snapshot?.worker?.slots ?? null);
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>Agent</h2>
      <dl className="details">
        <div className="details-row">
          <dt>API host</dt>
          <dd className="mono">
            {policyApiHost ?? enrollment?.apiHost ?? 'not enrolled'}
            {policyApiHost !== null ? (
              <>
                {' '}
                <LockedBadge />
              </>
            ) : null}
          </dd>
        </div>
        <div className="details-row">
          <dt>Label</dt>
          <dd>{enrollment?.label ?? '—'}</dd>
        </div>
        <div className="details-row">
          <dt>Job slots</dt>
          <dd>{slots ?? 'reported once the agent runs'}</dd>
        </div>
      </dl>
      <p className="muted">
        The API host, label and tags are set when enrolling (Enroll → Re-enroll changes them); the agent
        reports its job slots.
      </p>
    </section>
  );
}

const NOTIFICATIONS: [keyof SettingsDraft['notifications'], string][] = [
  ['enrolled', 'Notify when enrolled'],
  ['revoked', 'Notify when access is revoked'],
  ['jobFailed', 'Notify when a job fails'],
];

function CheckField(props: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  onCheck: (checked: boolean) => void;
}) {
  return (
    <label className="check-field">
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onCheck(e.target.checked)}
      />
      {props.label}
    </label>
  );
}

function SettingsForm({ settings }: { settings: HostSettings }) {
  const saveSettings = useApp((s) => s.saveSettings);
  const saving = useApp((s) => s.saving);
  const saveError = useApp((s) => s.saveError);
  const savedAt = useApp((s) => s.savedAt);
  const locked = lockedSettings(useApp((s) => s.snapshot?.policy.values ?? NO_POLICY.values));
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(settings));
  const [tried, setTried] = useState(false);
  const ids = { level: useId(), title: useId() };
  const { patch, changed, problems } = patchOf(settings, draft);
  const hasProblems = Object.keys(problems).length > 0;
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const notify = (key: keyof SettingsDraft['notifications'], value: boolean) =>
    setDraft((d) => ({ ...d, notifications: { ...d.notifications, [key]: value } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (hasProblems || !changed) return;
    void saveSettings(patch);
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby={ids.title}>
      <h2 id={ids.title}>Host</h2>
      <TextField
        label="Proxy"
        type="url"
        mono
        placeholder="http://proxy.example.com:3128"
        value={draft.proxyUrl}
        onValue={(value) => set('proxyUrl', value)}
        problem={problems.proxyUrl ? `The proxy ${problems.proxyUrl}.` : null}
        disabled={locked.has('proxyUrl')}
        help={
          locked.has('proxyUrl')
            ? LOCKED_TEXT
            : 'For the agent’s connection to Planasonix. Empty: use HTTPS_PROXY from the environment, or none.'
        }
      />
      <TextField
        label="Extra CA bundle (PEM file)"
        mono
        placeholder="/etc/ssl/certs/corporate-proxy.pem"
        value={draft.caBundlePath}
        onValue={(value) => set('caBundlePath', value)}
        problem={problems.caBundlePath ?? null}
        disabled={locked.has('caBundlePath')}
        help={
          locked.has('caBundlePath')
            ? LOCKED_TEXT
            : 'Path of a certificate file to trust, for proxies that inspect TLS.'
        }
      />
      <div className="field">
        <label htmlFor={ids.level}>Log detail</label>
        <select
          id={ids.level}
          className="input"
          value={draft.logLevel}
          onChange={(e) => set('logLevel', e.target.value as SettingsDraft['logLevel'])}
        >
          <option value="debug">debug (most detail)</option>
          <option value="info">info</option>
          <option value="warn">warnings</option>
          <option value="error">errors only</option>
        </select>
      </div>
      <fieldset className="fieldset">
        <legend>Start, power and notify</legend>
        <CheckField
          label="Start at login"
          checked={draft.startAtLogin}
          disabled={locked.has('startAtLogin')}
          onCheck={(v) => set('startAtLogin', v)}
        />
        {locked.has('startAtLogin') ? <LockedBadge /> : null}
        <CheckField
          label="Keep the computer awake while jobs run"
          checked={draft.keepAwakeWhileJobsRun}
          onCheck={(v) => set('keepAwakeWhileJobsRun', v)}
        />
        <CheckField
          label="Pause while on battery"
          checked={draft.pauseOnBattery}
          onCheck={(v) => set('pauseOnBattery', v)}
        />
        {NOTIFICATIONS.map(([key, text]) => (
          <CheckField
            key={key}
            label={text}
            checked={draft.notifications[key]}
            onCheck={(v) => notify(key, v)}
          />
        ))}
      </fieldset>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={saving || !changed}>
          Save settings
        </button>
        <button
          type="button"
          className="button"
          disabled={saving || !changed}
          onClick={() => setDraft(draftOf(settings))}
        >
          Undo changes
        </button>
        {saving ? <Busy label="Saving…" /> : null}
        {!saving && !changed && savedAt !== null ? (
          <span role="status">
            Saved <RelativeTime at={savedAt} />
          </span>
        ) : null}
      </div>
      {tried && hasProblems ? (
        <p className="note note-error" role="alert">
          Fix the fields marked above first.
        </p>
      ) : null}
      {saveError ? <ErrorNote error={saveError} prefix="Not saved" /> : null}
    </form>
  );
}
