import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareVersions } from './find-artifact.js';
import { buildInstallerArchive, type InstallerArchiveRequest } from './installer-archive.js';
import {
  InvalidInstallerConfigError,
  MissingArtifactError,
  UnknownPlatformError,
} from './installer-errors.js';

const agentId = 'agt_01jq8new01abcdefghjkmnpqrs';
const config = { apiHost: 'https://api.planasonix.example/', agentId };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let root: string;
let artifactsDir: string;
let scriptsDir: string;
const fixtures = new Map<string, Buffer>();

async function fixture(name: string, size: number) {
  const bytes = randomBytes(size);
  fixtures.set(name, bytes);
  await writeFile(join(artifactsDir, name), bytes);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'planasonix-installer-'));
  artifactsDir = join(root, 'release');
  scriptsDir = join(root, 'scripts');
  await mkdir(artifactsDir);
  await mkdir(scriptsDir);
  await fixture('planasonix-agent-1.9.3-linux-x64.deb', 64 * 1024);
  await fixture('planasonix-agent-1.10.0-linux-arm64.deb', 64 * 1024);
  await fixture('planasonix-agent-1.10.0-linux-amd64.deb', 3 * 1024 * 1024 + 17);
  await fixture('planasonix-agent-1.10.0-win-x64.msi', 2 * 1024 * 1024 + 5);
  await fixture('planasonix-agent-1.10.0-mac-arm64.dmg', 1024);
  await fixture('planasonix-agent-1.10.0-mac-universal.dmg', 1024 * 1024 + 3);
  await writeFile(join(artifactsDir, 'planasonix-agent-1.10.0-linux-amd64.deb.blockmap'), 'x');
  await writeFile(join(artifactsDir, 'latest.yml'), 'version: 1.10.0\n');
  await writeFile(join(scriptsDir, 'install.sh'), '#!/bin/sh\necho linux and macos\n');
  await writeFile(join(scriptsDir, 'install.ps1'), 'Write-Output windows\n');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const request = (
  platform: string,
  extra: Partial<InstallerArchiveRequest> = {},
): InstallerArchiveRequest => ({
  platform,
  artifactsDir,
  config,
  installScriptsDir: scriptsDir,
  ...extra,
});

async function untar(gz: Buffer): Promise<Map<string, { mode: number; bytes: Buffer }>> {
  const files = new Map<string, { mode: number; bytes: Buffer }>();
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    stream.on('end', () => {
      files.set(header.name, { mode: header.mode ?? 0, bytes: Buffer.concat(chunks) });
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
    Readable.from([gunzipSync(gz)]).pipe(reader);
  });
  return files;
}

const collect = async (body: Readable) => Buffer.concat((await body.toArray()) as Buffer[]);

describe('linux installer archive', () => {
  it('is a tar.gz of the newest x64 .deb (byte-identical), install.sh and the config', async () => {
    const archive = await buildInstallerArchive(request('linux'));
    expect(archive.contentType).toBe('application/gzip');
    expect(archive.contentDisposition).toBe(
      `attachment; filename="planasonix-agent-linux-${agentId}.tar.gz"`,
    );
    expect(archive.artifact).toMatchObject({ version: '1.10.0', arch: 'amd64' });

    const files = await untar(await collect(archive.body));
    const deb = 'planasonix-agent-1.10.0-linux-amd64.deb';
    expect([...files.keys()].sort()).toEqual(['install.sh', deb, 'planasonix-agent.json']);
    expect(sha256(files.get(deb)?.bytes ?? Buffer.alloc(0))).toBe(
      sha256(fixtures.get(deb) ?? Buffer.alloc(1)),
    );
    expect(files.get('install.sh')?.mode).toBe(0o755);
    expect(JSON.parse(files.get('planasonix-agent.json')?.bytes.toString() ?? '')).toEqual({
      api_host: 'https://api.planasonix.example',
      agent_id: agentId,
    });
  });
});

describe('default install scripts', () => {
  it('come from resources/installers of this repository', async () => {
    const archive = await buildInstallerArchive({ platform: 'windows', artifactsDir, config });
    const files = unzipSync(await collect(archive.body));
    const script = await readFile(new URL('../../resources/installers/install.ps1', import.meta.url));
    expect(sha256(files['install.ps1'] ?? new Uint8Array())).toBe(sha256(script));
  });
});

describe('zip installer archives', () => {
  it('windows: the .msi byte-identical, install.ps1 and the config', async () => {
    const archive = await buildInstallerArchive(request('windows'));
    expect(archive.contentType).toBe('application/zip');
    expect(archive.contentDisposition).toBe(`attachment; filename="planasonix-agent-windows-${agentId}.zip"`);
    const files = unzipSync(await collect(archive.body));
    const msi = 'planasonix-agent-1.10.0-win-x64.msi';
    expect(Object.keys(files).sort()).toEqual(['install.ps1', msi, 'planasonix-agent.json']);
    expect(sha256(files[msi] ?? new Uint8Array())).toBe(sha256(fixtures.get(msi) ?? Buffer.alloc(1)));
    expect(Buffer.from(files['install.ps1'] ?? []).toString()).toBe('Write-Output windows\n');
  });

  it('macos: prefers the universal .dmg and ships install.sh', async () => {
    const archive = await buildInstallerArchive(request('macos'));
    const files = unzipSync(await collect(archive.body));
    const dmg = 'planasonix-agent-1.10.0-mac-universal.dmg';
    expect(Object.keys(files).sort()).toEqual(['install.sh', dmg, 'planasonix-agent.json']);
    expect(sha256(files[dmg] ?? new Uint8Array())).toBe(sha256(fixtures.get(dmg) ?? Buffer.alloc(1)));
    expect(Buffer.from(files['install.sh'] ?? []).toString()).toContain('echo linux and macos');
  });
});

describe('errors', () => {
  it('rejects an unknown platform by name', async () => {
    for (const platform of ['freebsd', '', 'Linux', '../linux']) {
      const error = await buildInstallerArchive(request(platform)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnknownPlatformError);
      expect((error as Error).message).toContain('linux, windows, macos');
    }
  });

  it('names the package it looked for when the release has none for the platform', async () => {
    const empty = join(root, 'empty');
    await mkdir(empty, { recursive: true });
    const error = await buildInstallerArchive(request('windows', { artifactsDir: empty })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MissingArtifactError);
    expect((error as Error).message).toContain('planasonix-agent-<version>-win-<arch>.msi');
    const gone = await buildInstallerArchive(request('linux', { artifactsDir: join(root, 'nope') })).catch(
      (e: unknown) => e,
    );
    expect((gone as Error).message).toContain('planasonix-agent-<version>-linux-<arch>.deb');
  });

  it('names a missing install script', async () => {
    const error = await buildInstallerArchive(
      request('linux', { installScriptsDir: join(root, 'nope') }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingArtifactError);
    expect((error as Error).message).toContain('install.sh');
  });

  it('refuses an unusable API host or agent id before reading anything', async () => {
    const cases = [
      { apiHost: 'api.planasonix.example', agentId },
      { apiHost: 'ftp://api.planasonix.example', agentId },
      { apiHost: 'https://user:pw@api.planasonix.example', agentId },
      { apiHost: 'https://api.planasonix.example', agentId: 'agt_"; rm -rf /' },
    ];
    for (const bad of cases) {
      await expect(buildInstallerArchive(request('linux', { config: bad }))).rejects.toBeInstanceOf(
        InvalidInstallerConfigError,
      );
    }
  });

  it('fails the stream, rather than hanging, when the package vanishes after the archive was planned and before its bytes are read', async () => {
    const dir = join(root, 'vanishing');
    await mkdir(dir, { recursive: true });
    const name = 'planasonix-agent-2.0.0-linux-x64.deb';
    await writeFile(join(dir, name), randomBytes(1024));
    const archive = await buildInstallerArchive(request('linux', { artifactsDir: dir }));
    await unlink(join(dir, name));
    await expect(collect(archive.body)).rejects.toThrow(/ENOENT/);
  });
});

describe('compareVersions', () => {
  it('orders numerically, with pre-releases below their release', () => {
    const sorted = ['1.9.0', '1.10.0-beta.2', '1.10.0', '1.10.0-beta.10', '0.9.9'].sort(compareVersions);
    expect(sorted).toEqual(['0.9.9', '1.9.0', '1.10.0-beta.2', '1.10.0-beta.10', '1.10.0']);
  });
});
