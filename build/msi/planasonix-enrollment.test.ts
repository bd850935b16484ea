// The MSI's enrollment custom actions, run in a Node VM against stand-ins for Windows Installer's
// script host (WiX, msiexec and JScript itself run only on Windows).
import { readFileSync } from 'node:fs';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import {
  ERROR,
  FakeFileSystem,
  FakeShell,
  INFO,
  SCRIPT_SOURCE,
  runScript,
} from './enrollment-script-harness.js';

const TOKEN = 'plnx_enroll_' + 'Ab9_-'.repeat(8) + 'xyz';
const USER_SID = 'S-1-5-21-1004336348-1177238915-682003330-1001';
const base = {
  PLANASONIX_API_HOST: 'https://api.planasonix.com',
  PLANASONIX_AGENT_ID: 'agt_01jq8new01abcdefghjkmnpqrs',
  CommonAppDataFolder: 'C:\\ProgramData\\',
  UserSID: USER_SID,
};
const DIR = 'C:\\ProgramData\\Planasonix Agent';

function errorsOf(run: { messages: { kind: number; text: string }[] }): string[] {
  return run.messages.filter((m) => m.kind === ERROR).map((m) => m.text);
}

/** Check, then hand its CustomActionData to the deferred write, as the installer does. */
function install(properties: Record<string, string>, fs = new FakeFileSystem(), shell = new FakeShell(fs)) {
  const check = runScript('checkEnrollment', properties, fs);
  expect(errorsOf(check)).toEqual([]);
  const data = check.setProperties.PlanasonixWriteEnrollment ?? '';
  return { check, write: runScript('writeEnrollment', { CustomActionData: data }, fs, shell), fs, shell };
}

describe('checkEnrollment (immediate)', () => {
  it('does nothing when no enrollment property is given', () => {
    const run = runScript('checkEnrollment', { CommonAppDataFolder: 'C:\\ProgramData\\', UserSID: USER_SID });
    expect(run.result).toBe(1);
    expect(run.setProperties).toEqual({});
    expect(run.messages).toEqual([]);
  });

  it('hands the values to the deferred action, defaulting the folder and the tray user', () => {
    const run = runScript('checkEnrollment', { ...base, PLANASONIX_ENROLLMENT_TOKEN: TOKEN });
    expect(run.result).toBe(1);
    expect(run.call('decodeValues', run.setProperties.PlanasonixWriteEnrollment)).toEqual({
      api_host: base.PLANASONIX_API_HOST,
      agent_id: base.PLANASONIX_AGENT_ID,
      config_dir: DIR,
      agent_user: USER_SID,
      token: TOKEN,
    });
    expect(run.messages.map((m) => m.kind)).toEqual([INFO]);
    expect(run.messages[0]?.text).toContain(`${DIR}\\planasonix-agent.json`);
    expect(JSON.stringify(run.messages)).not.toContain(TOKEN);
  });

  it('reads the token file (UTF-16 with BOM, UTF-8 with BOM, trailing newline) as the installing user', () => {
    const utf16 = '\u00ff\u00fe' + [...`${TOKEN}\r\n`].map((c) => `${c}\u0000`).join('');
    for (const text of [utf16, `\u00ef\u00bb\u00bf${TOKEN}\n`, `  ${TOKEN}  \r\nsecond line`]) {
      const fs = new FakeFileSystem();
      fs.addFile('C:\\secure\\token.txt', text);
      const run = runScript(
        'checkEnrollment',
        { ...base, PLANASONIX_ENROLLMENT_TOKEN_FILE: 'C:\\secure\\token.txt' },
        fs,
      );
      expect(errorsOf(run)).toEqual([]);
      expect(run.call('decodeValues', run.setProperties.PlanasonixWriteEnrollment)).toMatchObject({
        token: TOKEN,
      });
    }
  });

  it('accepts API host and agent id alone (install.ps1 writes the token itself)', () => {
    const run = runScript('checkEnrollment', base);
    expect(run.result).toBe(1);
    expect(run.call('decodeValues', run.setProperties.PlanasonixWriteEnrollment)).toMatchObject({
      token: '',
    });
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    [
      'bad URL',
      { ...base, PLANASONIX_API_HOST: 'https://a.example" X="1' },
      /^Planasonix Agent: PLANASONIX_API_HOST is not valid/,
    ],
    ['file URL', { ...base, PLANASONIX_API_HOST: 'file:///C:/Windows' }, /PLANASONIX_API_HOST is not valid/],
    ['bad agent id', { ...base, PLANASONIX_AGENT_ID: 'agt_X' }, /PLANASONIX_AGENT_ID is not valid/],
    [
      'missing host',
      { ...base, PLANASONIX_API_HOST: '', PLANASONIX_ENROLLMENT_TOKEN: TOKEN },
      /PLANASONIX_API_HOST is missing/,
    ],
    ['missing agent id', { ...base, PLANASONIX_AGENT_ID: '' }, /PLANASONIX_AGENT_ID is missing/],
    [
      'short token',
      { ...base, PLANASONIX_ENROLLMENT_TOKEN: TOKEN.slice(0, -1) },
      /PLANASONIX_ENROLLMENT_TOKEN is malformed/,
    ],
    [
      'both token forms',
      { ...base, PLANASONIX_ENROLLMENT_TOKEN: TOKEN, PLANASONIX_ENROLLMENT_TOKEN_FILE: 'C:\\t' },
      /either PLANASONIX_ENROLLMENT_TOKEN_FILE/,
    ],
    [
      'relative token file',
      { ...base, PLANASONIX_ENROLLMENT_TOKEN_FILE: 'token.txt' },
      /PLANASONIX_ENROLLMENT_TOKEN_FILE is not valid/,
    ],
    [
      'absent token file',
      { ...base, PLANASONIX_ENROLLMENT_TOKEN_FILE: 'C:\\nope.txt' },
      /PLANASONIX_ENROLLMENT_TOKEN_FILE names "C:\\nope.txt", which does not exist/,
    ],
    [
      'relative config dir',
      { ...base, PLANASONIX_CONFIG_DIR: 'Planasonix' },
      /PLANASONIX_CONFIG_DIR is not valid/,
    ],
    [
      'drive root config dir',
      { ...base, PLANASONIX_CONFIG_DIR: 'C:\\' },
      /PLANASONIX_CONFIG_DIR is not valid/,
    ],
    [
      'bad agent user',
      { ...base, PLANASONIX_ENROLLMENT_TOKEN: TOKEN, PLANASONIX_AGENT_USER: 'a" /grant x' },
      /PLANASONIX_AGENT_USER is not valid/,
    ],
    [
      'SYSTEM install without a tray user',
      { ...base, UserSID: 'S-1-5-18', PLANASONIX_ENROLLMENT_TOKEN: TOKEN },
      /PLANASONIX_AGENT_USER is required when the install runs as SYSTEM/,
    ],
  ];

  it.each(refusals)(
    'refuses %s, naming the property, changing nothing, never echoing the token',
    (_name, properties, message) => {
      const run = runScript('checkEnrollment', properties);
      expect(run.result).toBe(3);
      expect(run.setProperties).toEqual({});
      const errors = errorsOf(run);
      expect(errors).toEqual([expect.stringMatching(message)]);
      if (!/missing|either/.test(errors[0] ?? '')) expect(errors[0]).not.toContain(TOKEN.slice(12));
    },
  );

  it('names the token file when its content is not a token, without showing it', () => {
    const fs = new FakeFileSystem();
    fs.addFile('C:\\t.txt', 'plnx_enroll_short\n');
    const run = runScript('checkEnrollment', { ...base, PLANASONIX_ENROLLMENT_TOKEN_FILE: 'C:\\t.txt' }, fs);
    expect(errorsOf(run)).toEqual([
      expect.stringMatching(
        /the file named by PLANASONIX_ENROLLMENT_TOKEN_FILE \(C:\\t\.txt\) is malformed.*value not shown/,
      ),
    ]);
    expect(errorsOf(run)[0]).not.toContain('short');
  });

  it('takes an explicit tray user (name or SID) over the installing account', () => {
    for (const user of ['CONTOSO\\jdoe', 'NT AUTHORITY\\SYSTEM', USER_SID]) {
      const run = runScript('checkEnrollment', {
        ...base,
        UserSID: 'S-1-5-18',
        PLANASONIX_ENROLLMENT_TOKEN: TOKEN,
        PLANASONIX_AGENT_USER: user,
      });
      expect(run.call('decodeValues', run.setProperties.PlanasonixWriteEnrollment)).toMatchObject({
        agent_user: user,
      });
    }
  });
});

describe('writeEnrollment (deferred, as SYSTEM)', () => {
  it('writes planasonix-agent.json and a token that exists only under the locked ACL', () => {
    const { write, fs, shell } = install({ ...base, PLANASONIX_ENROLLMENT_TOKEN: TOKEN });
    expect(write.result).toBe(1);
    expect(errorsOf(write)).toEqual([]);
    expect(JSON.parse(fs.text(`${DIR}\\planasonix-agent.json`) ?? '')).toEqual({
      api_host: base.PLANASONIX_API_HOST,
      agent_id: base.PLANASONIX_AGENT_ID,
    });
    expect(fs.text(`${DIR}\\enrollment\\token`)).toBe(`${TOKEN}\n`);

    const icacls = '"C:\\Windows\\System32\\icacls.exe"';
    expect(shell.commands).toEqual([
      `${icacls} "${DIR}" /setowner *S-1-5-32-544 /T /C /L /Q`,
      `${icacls} "${DIR}" /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" "*S-1-5-32-545:(OI)(CI)RX" /L /Q`,
      `${icacls} "${DIR}\\enrollment" /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" "*${USER_SID}:(OI)(CI)F" /Q`,
      `${icacls} "${DIR}\\enrollment\\token" /inheritance:r /grant:r "*S-1-5-18:F" "*S-1-5-32-544:F" "*${USER_SID}:F" /Q`,
    ]);
    const tokenEvents = fs.events.filter((e) => e.includes('enrollment'));
    expect(tokenEvents).toEqual([
      `mkdir ${DIR}\\enrollment`,
      `run ${shell.commands[2]}`,
      `create ${DIR}\\enrollment\\token`,
      `run ${shell.commands[3]}`,
      `write ${DIR}\\enrollment\\token (${TOKEN.length + 1} chars)`,
    ]);
    // The folder is locked before the config is written into it.
    expect(fs.events.indexOf(`run ${shell.commands[1]}`)).toBeLessThan(
      fs.events.indexOf(`create ${DIR}\\planasonix-agent.json`),
    );
    expect(JSON.stringify([...shell.commands, ...write.messages])).not.toContain(TOKEN);
  });

  it('without a token writes only the config and leaves any enrollment folder alone', () => {
    const fs = new FakeFileSystem(['C:\\', 'D:\\']);
    const { write, shell } = install({ ...base, PLANASONIX_CONFIG_DIR: 'D:\\Agent\\config\\' }, fs);
    expect(write.result).toBe(1);
    expect(fs.text('D:\\Agent\\config\\planasonix-agent.json')).toContain(
      '"agent_id": "agt_01jq8new01abcdefghjkmnpqrs"',
    );
    expect(fs.FolderExists('D:\\Agent\\config\\enrollment')).toBe(false);
    expect(shell.commands).toHaveLength(2);
    expect(fs.events.filter((e) => e.startsWith('mkdir'))).toEqual([
      'mkdir D:\\Agent',
      'mkdir D:\\Agent\\config',
    ]);
  });

  it('replaces a token file someone planted instead of writing into it', () => {
    const fs = new FakeFileSystem();
    fs.addFolder(DIR);
    fs.addFolder(`${DIR}\\enrollment`);
    fs.addFile(`${DIR}\\enrollment\\token`, 'old');
    const { write } = install({ ...base, PLANASONIX_ENROLLMENT_TOKEN: TOKEN }, fs);
    expect(write.result).toBe(1);
    expect(fs.events).toContain(`delete ${DIR}\\enrollment\\token`);
    expect(fs.text(`${DIR}\\enrollment\\token`)).toBe(`${TOKEN}\n`);
  });

  it('refuses to write through a link (reparse point)', () => {
    for (const plant of [
      (fs: FakeFileSystem) => fs.addFolder(DIR, true),
      (fs: FakeFileSystem) => fs.addFolder('C:\\ProgramData', true),
      (fs: FakeFileSystem) => (fs.addFolder(DIR), fs.addFolder(`${DIR}\\enrollment`, true)),
      (fs: FakeFileSystem) => (fs.addFolder(DIR), fs.addFile(`${DIR}\\planasonix-agent.json`, '', true)),
    ]) {
      const fs = new FakeFileSystem();
      plant(fs);
      const { write } = install({ ...base, PLANASONIX_ENROLLMENT_TOKEN: TOKEN }, fs);
      expect(write.result).toBe(3);
      expect(errorsOf(write)).toEqual([expect.stringMatching(/is a link \(reparse point\).*rolled back/)]);
      expect(fs.text(`${DIR}\\enrollment\\token`)).not.toBe(`${TOKEN}\n`);
    }
  });

  it('looks again once the folder is locked, so a link swapped in before that is caught', () => {
    const fs = new FakeFileSystem();
    const shell = new FakeShell(fs, (command) => {
      if (command.includes('/setowner')) fs.addFolder(DIR, true);
      return 0;
    });
    const { write } = install({ ...base, PLANASONIX_ENROLLMENT_TOKEN: TOKEN }, fs, shell);
    expect(write.result).toBe(3);
    expect(fs.events.filter((e) => e.startsWith('create'))).toEqual([]);
  });

  it('fails, and never writes the token, when its ACL cannot be set', () => {
    const fs = new FakeFileSystem();
    const shell = new FakeShell(fs, (command) => (command.includes('\\token"') ? 1332 : 0));
    const { write } = install(
      { ...base, PLANASONIX_ENROLLMENT_TOKEN: TOKEN, PLANASONIX_AGENT_USER: 'CONTOSO\\gone' },
      fs,
      shell,
    );
    expect(write.result).toBe(3);
    expect(errorsOf(write)).toEqual([
      expect.stringMatching(
        /icacls could not set the permissions of .*token \(exit code 1332\): check that CONTOSO\\gone/,
      ),
    ]);
    expect(fs.text(`${DIR}\\enrollment\\token`)).toBe('');
    expect(shell.commands[3]).toContain('"CONTOSO\\gone:F"');
  });

  it('re-checks its CustomActionData', () => {
    const write = runScript('writeEnrollment', {
      CustomActionData: 'api_host=https%3A//x&agent_id=agt_1&config_dir=C%3A%5CP&agent_user=u&token=nope',
    });
    expect(write.result).toBe(3);
    expect(errorsOf(write)).toEqual([expect.stringContaining('malformed')]);
  });
});

describe('planasonix-enrollment.jscript as a JScript file', () => {
  const installPs1 = readFileSync(new URL('../../resources/installers/install.ps1', import.meta.url), 'utf8');
  const plan = JSON.parse(
    /# <msiexec-plan>[\s\S]*?@'\r?\n([\s\S]*?)\r?\n'@/.exec(installPs1)?.[1] ?? '{}',
  ) as {
    properties: { from: string; pattern: string }[];
  };
  const patterns = runScript('checkEnrollment', {}).evaluate('PATTERNS') as Record<string, RegExp>;
  const psPattern = (from: string) => plan.properties.find((p) => p.from === from)?.pattern;

  it('validates with install.ps1’s patterns', () => {
    expect(patterns.apiHost?.source.replaceAll('\\/', '/')).toBe(psPattern('api_host'));
    expect(patterns.agentId?.source).toBe(psPattern('agent_id'));
    expect(installPs1).toContain(`-notmatch '${patterns.token?.source}'`);
    const configDir = new RegExp(psPattern('config_dir') ?? '^$');
    for (const value of [
      'C:\\ProgramData\\Planasonix Agent',
      'relative\\dir',
      'C:\\a"b',
      '\\\\server\\share',
    ]) {
      expect(patterns.configDir?.test(value)).toBe(configDir.test(value));
    }
  });

  it('is ES3, which the installer’s JScript engine runs', () => {
    // JScript's COM property assignment (`Session.Property(n) = v`) is not JavaScript: made a
    // plain call for the parser, in the two helpers the tests replace and nowhere else.
    const assignments = /(\.(?:Property|StringData)\([^()]*\)) = /g;
    expect(SCRIPT_SOURCE.match(assignments)).toHaveLength(3);
    expect(SCRIPT_SOURCE).toContain(
      'function setSessionProperty(name, value) {\n  Session.Property(name) = value;\n}',
    );
    expect(() => parse(SCRIPT_SOURCE.replace(assignments, '$1; '), { ecmaVersion: 3 })).not.toThrow();
    expect(SCRIPT_SOURCE).not.toMatch(
      /\bJSON\.|new Error\(|\.(trim|forEach|map|filter|some|every|reduce|bind)\(|Object\.keys|Array\.isArray|Date\.now/,
    );
  });
});
