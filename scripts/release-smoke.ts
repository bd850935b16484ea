// Release smoke test: installs a built package the way IT would, against a control plane started
// here, and checks that the installed app enrolls and connects. Run by .github/workflows/release.yml
// on the OS the package is for (it changes the machine: run it on a throwaway CI runner only).
//
//   npx tsx scripts/release-smoke.ts windows release/planasonix-agent-X-win-x64.msi
//       msiexec /i … /qn with the enrollment properties; the scheme is registered machine-wide; the
//       started app is `active` over REST; msiexec /x removes the app and the scheme.
//   npx tsx scripts/release-smoke.ts macos release/planasonix-agent-X-mac-universal.dmg
//       install.sh (mounts the DMG, copies the app to /Applications, writes the enrollment);
//       signature verified when the build was signed; launched; `active` over REST.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startControlPlaneForAgents } from '../tests/helpers/control-plane-for-agents.js';
import type { ControlPlaneForAgents } from '../tests/helpers/control-plane-for-agents.js';
import { dataOf } from '../tests/helpers/control-plane-client.js';
import { waitUntil } from '../tests/helpers/wait-until.js';
import { errorMessage } from '../src-node/error-message.js';

interface Enrollment {
  plane: ControlPlaneForAgents;
  agentId: string;
  tokenFile: string;
  workDir: string;
}

const WINDOWS_APP_DIR = 'C:\\Program Files\\Planasonix Agent';
const MAC_APP = '/Applications/Planasonix Agent.app';
const SCHEME_KEY = 'HKLM\\Software\\Classes\\planasonix';

function say(line: string): void {
  console.log(`release-smoke: ${line}`);
}

/** Runs a program to its end; throws with its output unless it exits with one of `okCodes`. */
function run(command: string, args: string[], okCodes: number[] = [0]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error !== undefined) throw result.error;
  if (!okCodes.includes(result.status ?? -1)) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${output}`);
  }
  return output;
}

async function agentStatus(plane: ControlPlaneForAgents, agentId: string): Promise<string> {
  return (dataOf(await plane.api(`/api/agents/${agentId}`)) as { status: string }).status;
}

async function waitActive({ plane, agentId }: Enrollment): Promise<void> {
  await waitUntil(() => agentStatus(plane, agentId), {
    until: (status) => status === 'active',
    message: `agent ${agentId} active`,
    timeoutMs: 180_000,
  });
  await waitUntil(async () => (await plane.connected()).some((agent) => agent.id === agentId), {
    message: `agent ${agentId} connected`,
    timeoutMs: 60_000,
  });
  say(`the installed app enrolled and connected as ${agentId}`);
}

async function smokeMsi(msi: string, enrollment: Enrollment): Promise<void> {
  const log = join(enrollment.workDir, 'install.log');
  run('msiexec.exe', [
    '/i',
    msi,
    '/qn',
    '/l*v',
    log,
    `PLANASONIX_API_HOST=${enrollment.plane.cp.url}`,
    `PLANASONIX_AGENT_ID=${enrollment.agentId}`,
    `PLANASONIX_ENROLLMENT_TOKEN_FILE=${enrollment.tokenFile}`,
  ]);
  const exe = join(WINDOWS_APP_DIR, 'Planasonix Agent.exe');
  if (!existsSync(exe)) throw new Error(`msiexec installed no ${exe}`);
  const command = run('reg.exe', ['query', `${SCHEME_KEY}\\shell\\open\\command`, '/ve']);
  if (!command.includes(`"${exe}" "%1"`)) throw new Error(`planasonix:// does not open ${exe}:\n${command}`);
  say('msiexec /qn installed the app and registered planasonix:// for the machine');

  const app = spawn(exe, [], { detached: true, stdio: 'ignore' });
  app.unref();
  await waitActive(enrollment);
  run('taskkill.exe', ['/IM', 'Planasonix Agent.exe', '/T', '/F'], [0, 128]);

  run('msiexec.exe', ['/x', msi, '/qn', '/l*v', join(enrollment.workDir, 'uninstall.log')]);
  // reg query exits 1 when the key does not exist.
  run('reg.exe', ['query', SCHEME_KEY], [1]);
  run('reg.exe', ['query', 'HKCU\\Software\\Classes\\planasonix'], [1]);
  if (existsSync(exe)) throw new Error(`msiexec /x left ${exe}`);
  say('msiexec /x removed the app and the planasonix:// scheme; no per-user keys were written');
}

async function smokeDmg(dmg: string, enrollment: Enrollment): Promise<void> {
  run('sudo', [
    'env',
    `PLANASONIX_API_HOST=${enrollment.plane.cp.url}`,
    `PLANASONIX_AGENT_ID=${enrollment.agentId}`,
    resolve('resources/installers/install.sh'),
    '--package',
    resolve(dmg),
    '--token-file',
    enrollment.tokenFile,
  ]);
  if (!existsSync(MAC_APP)) throw new Error(`install.sh put no ${MAC_APP}`);
  say(`install.sh mounted the DMG and copied the app to ${MAC_APP}`);
  if (process.env.PLANASONIX_EXPECT_SIGNED === '1') {
    run('codesign', ['--verify', '--deep', '--strict', '--verbose=2', MAC_APP]);
    say('the app is signed with its Developer ID');
    if (process.env.PLANASONIX_EXPECT_NOTARIZED === '1') {
      run('spctl', ['--assess', '--type', 'execute', '--verbose', MAC_APP]);
      say('Gatekeeper accepts it (notarized)');
    }
  } else {
    say('unsigned build (no Developer ID in the secrets): the signature is not verified');
  }
  const plist = run('plutil', ['-p', join(MAC_APP, 'Contents', 'Info.plist')]);
  if (!/"planasonix"/.test(plist)) throw new Error('Info.plist declares no planasonix:// scheme');

  run('open', [MAC_APP]);
  await waitActive(enrollment);
  run('osascript', ['-e', 'quit app "Planasonix Agent"']);
}

async function main(): Promise<void> {
  const [target, pkg] = process.argv.slice(2);
  if ((target !== 'windows' && target !== 'macos') || pkg === undefined) {
    throw new Error('usage: release-smoke.ts windows|macos PACKAGE');
  }
  const plane = await startControlPlaneForAgents({ heartbeatSeconds: 1 });
  try {
    const { id, token } = await plane.register(`release-smoke-${target}`);
    const workDir = mkdtempSync(join(tmpdir(), 'planasonix-release-smoke-'));
    const tokenFile = join(workDir, 'enrollment-token');
    writeFileSync(tokenFile, token, { mode: 0o600 });
    const enrollment = { plane, agentId: id, tokenFile, workDir };
    if (target === 'windows') await smokeMsi(resolve(pkg), enrollment);
    else await smokeDmg(pkg, enrollment);
  } finally {
    await plane.cp.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`release-smoke: ${errorMessage(error)}`);
  process.exitCode = 1;
});
