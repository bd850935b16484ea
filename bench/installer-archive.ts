/**
 * Installer download bench (npm run bench:installer-archive). Writes a random release package of
 * SIZE MiB (random bytes, like an already-compressed .deb/.msi/.dmg) and, in the same run, streams
 * (a) the bare file from disk: the baseline any download pays, (b) the Linux tar.gz archive,
 * (c) the Windows zip archive, each into a hashing sink. Prints MiB/s per way, each archive's
 * throughput as a ratio of the baseline (the figure), and the archive's size overhead.
 * Options: --size MiB (default 200), --rounds R (best of R, default 3).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { buildInstallerArchive } from '../src-control-plane/installer/installer-archive.js';

const { values } = parseArgs({
  options: { size: { type: 'string', default: '200' }, rounds: { type: 'string', default: '3' } },
});
const SIZE_MIB = Number(values.size);
const ROUNDS = Number(values.rounds);
const config = { apiHost: 'https://api.planasonix.example', agentId: 'agt_01jq8new01abcdefghjkmnpqrs' };

async function drain(body: Readable): Promise<number> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of body) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  hash.digest();
  return bytes;
}

async function best(run: () => Promise<number>): Promise<{ ms: number; bytes: number }> {
  let fastest = { ms: Number.POSITIVE_INFINITY, bytes: 0 };
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    const bytes = await run();
    const ms = performance.now() - started;
    if (ms < fastest.ms) fastest = { ms, bytes };
  }
  return fastest;
}

const dir = await mkdtemp(join(tmpdir(), 'planasonix-installer-bench-'));
try {
  const file = await open(join(dir, 'planasonix-agent-1.0.0-linux-x64.deb'), 'w');
  for (let mib = 0; mib < SIZE_MIB; mib += 1) await file.write(randomBytes(1024 * 1024));
  await file.close();
  await copyFile(
    join(dir, 'planasonix-agent-1.0.0-linux-x64.deb'),
    join(dir, 'planasonix-agent-1.0.0-win-x64.msi'),
  );
  await writeFile(join(dir, 'unrelated.txt'), 'x');

  const baseline = await best(() =>
    drain(createReadStream(join(dir, 'planasonix-agent-1.0.0-linux-x64.deb'))),
  );
  const linux = await best(async () =>
    drain((await buildInstallerArchive({ platform: 'linux', artifactsDir: dir, config })).body),
  );
  const windows = await best(async () =>
    drain((await buildInstallerArchive({ platform: 'windows', artifactsDir: dir, config })).body),
  );

  const packageBytes = SIZE_MIB * 1024 * 1024;
  const rate = (r: { ms: number; bytes: number }) => r.bytes / 1024 / 1024 / (r.ms / 1000);
  console.log(`package ${SIZE_MIB} MiB, best of ${ROUNDS}`);
  for (const [name, result] of [
    ['bare file (baseline)', baseline],
    ['linux tar.gz', linux],
    ['windows zip', windows],
  ] as const) {
    const overhead = ((result.bytes - packageBytes) / packageBytes) * 100;
    console.log(
      `${name.padEnd(22)} ${result.ms.toFixed(0).padStart(6)} ms  ${rate(result).toFixed(0).padStart(5)} MiB/s  ` +
        `ratio ${(rate(result) / rate(baseline)).toFixed(2)}  size +${overhead.toFixed(2)} %`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
