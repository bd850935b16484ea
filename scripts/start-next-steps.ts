// What `npm start` prints once everything runs: the addresses, secrets and commands a new user
// needs, in the order they need them. Pure, so the text is tested as a user reads it.

export interface NextStepsInput {
  controlPlaneUrl: string;
  apiKey: string;
  agentId: string;
  enrollmentToken: string;
  /** How the agent host runs: the desktop app, or the headless host and its web UI address. */
  host: { kind: 'desktop' } | { kind: 'headless'; uiUrl: string };
}

export function enrollLink(controlPlaneUrl: string, token: string): string {
  const query = new URLSearchParams({ host: controlPlaneUrl, token });
  return `planasonix://enroll?${query.toString()}`;
}

/** Quotes for a POSIX shell: single quotes, with any single quote closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function nextSteps(input: NextStepsInput): string {
  const auth = shellQuote(`Authorization: Bearer ${input.apiKey}`);
  const open =
    input.host.kind === 'desktop'
      ? 'The desktop app is open (look for its tray icon).'
      : `Open the host's web UI: ${input.host.uiUrl}`;
  const sampleJob = {
    name: 'hello',
    steps: [{ name: 'say hello', run: 'echo hello from Planasonix' }],
    target: { agent_id: input.agentId },
  };
  const jobSteps = [
    '4. Submit a sample job to the agent, then see it run:',
    `   curl -fsS -X POST ${input.controlPlaneUrl}/v1/jobs -H ${auth} -H 'Content-Type: application/json' -d ${shellQuote(JSON.stringify(sampleJob))}`,
    `   curl -fsS ${input.controlPlaneUrl}/v1/jobs -H ${auth}`,
  ];
  return [
    '',
    'Planasonix is running locally.',
    `  control plane  ${input.controlPlaneUrl}`,
    `  API key        ${input.apiKey}`,
    `  agent          ${input.agentId} (registered, waiting for enrollment)`,
    '',
    'Next:',
    `1. ${open}`,
    '2. Enroll the agent: paste this token in the Enroll view (it works once):',
    `   ${input.enrollmentToken}`,
    '   or, with the desktop app installed, open the one-click link:',
    `   ${enrollLink(input.controlPlaneUrl, input.enrollmentToken)}`,
    '3. Confirm the enrollment; the status turns "Connected, idle".',
    ...jobSteps,
    '',
    'Press Ctrl-C to stop everything npm start started.',
    '',
  ].join('\n');
}
