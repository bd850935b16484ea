import { homedir } from 'node:os';
import packageJson from '../../package.json' with { type: 'json' };
import { parseCli, USAGE } from './parse-cli.js';
import { runAgent } from './run-command.js';
import { formatStatus, readStatus } from './status-command.js';
import { errorMessage } from '../../src-node/error-message.js';

const parsed = parseCli(process.argv.slice(2), {
  env: process.env,
  platform: process.platform,
  homeDir: homedir(),
});

switch (parsed.command) {
  case 'help':
    process.stdout.write(`${USAGE}\n`);
    break;
  case 'error':
    process.stderr.write(`planasonix-agent: ${parsed.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    break;
  case 'status': {
    try {
      const status = await readStatus(parsed.dataDir);
      process.stdout.write(`${parsed.json ? JSON.stringify(status, null, 2) : formatStatus(status)}\n`);
    } catch (error) {
      process.stderr.write(`planasonix-agent: ${errorMessage(error)}\n`);
      process.exitCode = 1;
    }
    break;
  }
  case 'run':
    await runAgent(parsed.options, packageJson.version);
    break;
}
