// The msiProjectCreated hook on project.wxs as electron-builder renders it from app-builder-lib's
// template for our electron-builder.yml, loaded the way electron-builder loads hooks. WiX itself
// cannot run here (and Debian's wixl rejects electron-builder's template), so this checks the XML.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { DOMParser } from '@xmldom/xmldom';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHECK_ACTION,
  ENROLLMENT_CONDITION,
  ENROLLMENT_PROPERTIES,
  ENROLLMENT_SCRIPT_FILE,
  WRITE_ACTION,
  addEnrollmentToWxs,
} from './msi/enrollment-wxs.mjs';
import { PROTOCOL_COMPONENT, PROTOCOL_COMPONENT_GUID, addProtocolToWxs } from './msi/protocol-wxs.mjs';
import { renderElectronBuilderWxs } from './msi/render-electron-builder-wxs.js';
import { URL_SCHEME } from './msi-project-created.mjs';
import { DEEP_LINK_SCHEME } from '../src-main/electron/deep-link.js';

const require = createRequire(import.meta.url);
const WIX = 'http://wixtoolset.org/schemas/v4/wxs';
// Windows Installer's standard InstallExecuteSequence numbers for the actions we schedule against.
const STANDARD_SEQUENCE: Record<string, number> = {
  CostFinalize: 1000,
  InstallInitialize: 1500,
  InstallFiles: 4000,
  InstallFinalize: 6600,
};

type Hook = (projectFile: string) => Promise<void>;

async function loadHookAsElectronBuilderDoes(): Promise<Hook> {
  const config = parse(readFileSync('electron-builder.yml', 'utf8')) as { msiProjectCreated?: string };
  const { resolveFunction } = require('app-builder-lib/out/util/resolve.js') as {
    resolveFunction: (type: string, executor: unknown, name: string, root: string) => Promise<Hook>;
  };
  return resolveFunction('msi', config.msiProjectCreated, 'msiProjectCreated', process.cwd());
}

function parseXml(text: string) {
  const problems: string[] = [];
  const report = (message: string) => problems.push(message);
  const doc = new DOMParser({
    errorHandler: { warning: report, error: report, fatalError: report },
  }).parseFromString(text, 'text/xml');
  if (problems.length > 0) throw new Error(`not well-formed: ${problems.join('; ')}`);
  return doc;
}

/** An MSI condition of the shape we write (NOT, AND, OR, parentheses, ~=, property truthiness). */
function evaluateCondition(condition: string, properties: Record<string, string>): boolean {
  const js = condition
    .replace(/(\w+)~="([^"]*)"/g, (_m, name: string, value: string) =>
      String((properties[name] ?? '').toLowerCase() === value.toLowerCase()),
    )
    .replace(/\bNOT\b/g, '!')
    .replace(/\bAND\b/g, '&&')
    .replace(/\bOR\b/g, '||')
    .replace(/\b[A-Z][A-Z_]+\b/g, (name) => String((properties[name] ?? '') !== ''));
  if (!/^[!&|() truefalse]*$/.test(js)) throw new Error(`unexpected condition syntax: ${js}`);
  return runInNewContext(js) === true;
}

describe('msiProjectCreated hook on electron-builder’s project.wxs', () => {
  let workDir: string;
  let original: string;
  let result: string;
  let doc: ReturnType<typeof parseXml>;
  const byTag = (tag: string) => Array.from(doc.getElementsByTagNameNS(WIX, tag));
  const byId = (tag: string, id: string) => byTag(tag).find((e) => e.getAttribute('Id') === id);

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'msi-hook-'));
    original = await renderElectronBuilderWxs(workDir);
    const projectFile = join(workDir, 'project.wxs');
    writeFileSync(projectFile, original);
    await (
      await loadHookAsElectronBuilderDoes()
    )(projectFile);
    result = readFileSync(projectFile, 'utf8');
    doc = parseXml(result);
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('leaves a well-formed project whose template part is unchanged', () => {
    expect(() => parseXml(original)).not.toThrow();
    expect(result).not.toBe(original);
    expect(
      result
        .replace(/ {4}<!-- planasonix-enrollment -->[\s\S]*?(?= {2}<\/Product>)/, '')
        .replace(/ {6}<!-- planasonix-protocol -->[\s\S]*?<\/Component>\n/, ''),
    ).toBe(original);
    expect(byTag('Product')).toHaveLength(1);
  });

  it('registers planasonix:// machine-wide (HKLM classes) to open the installed executable', () => {
    expect(URL_SCHEME).toBe(DEEP_LINK_SCHEME);
    const config = parse(readFileSync('electron-builder.yml', 'utf8')) as {
      protocols: { schemes: string[] }[];
    };
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual([URL_SCHEME]);
    const key = byTag('RegistryKey').find(
      (k) => k.getAttribute('Key') === `Software\\Classes\\${URL_SCHEME}`,
    );
    expect(key?.getAttribute('Root')).toBe('HKLM');
    const values = (element: Element | undefined) =>
      Array.from(element?.childNodes ?? [])
        .filter((node): node is Element => node.nodeName === 'RegistryValue')
        .map((value) => [
          value.getAttribute('Name'),
          value.getAttribute('Value'),
          value.getAttribute('Type'),
        ]);
    expect(values(key)).toEqual([
      ['', 'URL:Planasonix Agent', 'string'],
      ['URL Protocol', '', 'string'],
    ]);
    const sub = (name: string) =>
      Array.from(key?.childNodes ?? []).find(
        (node): node is Element =>
          node.nodeName === 'RegistryKey' && (node as Element).getAttribute('Key') === name,
      );
    expect(values(sub('shell\\open\\command'))).toEqual([['', '"[#mainExecutable]" "%1"', 'string']]);
    expect(values(sub('DefaultIcon'))).toEqual([['', '"[#mainExecutable]",0', 'string']]);
    // [#mainExecutable] resolves only if electron-builder's main File carries that Id.
    expect(byTag('File').filter((f) => f.getAttribute('Id') === 'mainExecutable')).toHaveLength(1);
  });

  it('installs the scheme with the product and removes it on uninstall', () => {
    const component = byId('Component', PROTOCOL_COMPONENT);
    // In the one feature's component group: installed and removed with the product.
    expect(component?.parentNode).toBe(byId('ComponentGroup', 'ProductComponents'));
    expect(byTag('ComponentGroupRef').map((ref) => ref.getAttribute('Id'))).toContain('ProductComponents');
    expect(component?.getAttribute('Guid')).toBe(PROTOCOL_COMPONENT_GUID);
    const keyPaths = Array.from(component?.getElementsByTagNameNS(WIX, 'RegistryValue') ?? []).filter(
      (value) => value.getAttribute('KeyPath') === 'yes',
    );
    expect(keyPaths).toHaveLength(1);
    const top = component?.getElementsByTagNameNS(WIX, 'RegistryKey')[0];
    expect(top?.getAttribute('ForceDeleteOnUninstall')).toBe('yes');
  });

  it('declares the enrollment properties public and Secure, the token (and its carrier) Hidden', () => {
    for (const id of ENROLLMENT_PROPERTIES) {
      const property = byId('Property', id);
      expect(property?.parentNode?.nodeName).toBe('Product');
      expect(property?.getAttribute('Secure')).toBe('yes');
      expect(property?.hasAttribute('Value')).toBe(false);
      expect(property?.getAttribute('Hidden')).toBe(id === 'PLANASONIX_ENROLLMENT_TOKEN' ? 'yes' : '');
    }
    expect(ENROLLMENT_PROPERTIES).toEqual(
      expect.arrayContaining([
        'PLANASONIX_API_HOST',
        'PLANASONIX_AGENT_ID',
        'PLANASONIX_ENROLLMENT_TOKEN',
        'PLANASONIX_ENROLLMENT_TOKEN_FILE',
      ]),
    );
    expect(byId('Property', WRITE_ACTION)?.getAttribute('Hidden')).toBe('yes');
  });

  it('embeds the script, which the hook put beside project.wxs where WiX runs', () => {
    const binary = byId('Binary', 'PlanasonixEnrollmentScript');
    expect(binary?.getAttribute('SourceFile')).toBe(ENROLLMENT_SCRIPT_FILE);
    const copied = readFileSync(join(workDir, ENROLLMENT_SCRIPT_FILE), 'utf8');
    expect(copied).toBe(readFileSync(new URL(`./msi/${ENROLLMENT_SCRIPT_FILE}`, import.meta.url), 'utf8'));
    for (const action of byTag('CustomAction').filter((a) =>
      a.getAttribute('Id')?.startsWith('Planasonix'),
    )) {
      expect(action.getAttribute('BinaryKey')).toBe('PlanasonixEnrollmentScript');
      expect(copied).toContain(`function ${action.getAttribute('JScriptCall')}() {`);
    }
  });

  it('checks immediately, as the installing user, before anything is installed', () => {
    const check = byId('CustomAction', CHECK_ACTION);
    expect(check?.getAttribute('Execute')).toBe('immediate');
    expect(check?.getAttribute('Impersonate')).toBe('');
    expect(check?.getAttribute('Return')).toBe('check');
    const scheduled = byTag('Custom').find((c) => c.getAttribute('Action') === CHECK_ACTION);
    const after = STANDARD_SEQUENCE[scheduled?.getAttribute('After') ?? ''] ?? NaN;
    expect(after).toBeLessThan(STANDARD_SEQUENCE.InstallInitialize ?? 0);
  });

  it('writes deferred, as SYSTEM, after InstallFiles, its data never logged', () => {
    const write = byId('CustomAction', WRITE_ACTION);
    expect(write?.getAttribute('Execute')).toBe('deferred');
    expect(write?.getAttribute('Impersonate')).toBe('no');
    expect(write?.getAttribute('HideTarget')).toBe('yes');
    expect(write?.getAttribute('Return')).toBe('check');
    const scheduled = byTag('Custom').find((c) => c.getAttribute('Action') === WRITE_ACTION);
    expect(scheduled?.parentNode?.nodeName).toBe('InstallExecuteSequence');
    expect(scheduled?.getAttribute('Before')).toBe('InstallFinalize');
    expect(STANDARD_SEQUENCE.InstallFiles).toBeLessThan(STANDARD_SEQUENCE.InstallFinalize ?? 0);
  });

  it('runs both only when an enrollment value is given, and never on uninstall', () => {
    const conditions = byTag('Custom')
      .filter((c) => c.getAttribute('Action')?.startsWith('Planasonix'))
      .map((c) => c.textContent);
    expect(conditions).toEqual([ENROLLMENT_CONDITION, ENROLLMENT_CONDITION]);
    const host = { PLANASONIX_API_HOST: 'https://api.planasonix.com' };
    expect(evaluateCondition(ENROLLMENT_CONDITION, {})).toBe(false);
    expect(evaluateCondition(ENROLLMENT_CONDITION, { REMOVE: '' })).toBe(false);
    expect(evaluateCondition(ENROLLMENT_CONDITION, host)).toBe(true);
    expect(evaluateCondition(ENROLLMENT_CONDITION, { PLANASONIX_ENROLLMENT_TOKEN_FILE: 'C:\\t' })).toBe(true);
    expect(evaluateCondition(ENROLLMENT_CONDITION, { ...host, REMOVE: 'ProductFeature' })).toBe(true);
    expect(evaluateCondition(ENROLLMENT_CONDITION, { ...host, REMOVE: 'ALL' })).toBe(false);
    expect(evaluateCondition(ENROLLMENT_CONDITION, { ...host, REMOVE: 'all' })).toBe(false);
  });
});

describe('addProtocolToWxs', () => {
  const group =
    '<Wix><Product><File Id="mainExecutable"/><ComponentGroup Id="ProductComponents">\n</ComponentGroup></Product></Wix>';
  const protocol = { scheme: 'planasonix', productName: 'Planasonix Agent' };

  it('refuses a project it has already changed, one without the main executable, or a bad scheme', () => {
    expect(() => addProtocolToWxs(addProtocolToWxs(group, protocol), protocol)).toThrow(/already registers/);
    expect(() => addProtocolToWxs(group.replace('mainExecutable', 'other'), protocol)).toThrow(
      /no mainExecutable/,
    );
    expect(() => addProtocolToWxs('<Wix><File Id="mainExecutable"/></Wix>', protocol)).toThrow(
      /one ProductComponents group; found 0/,
    );
    expect(() => addProtocolToWxs(group, { ...protocol, scheme: 'planasonix" x="' })).toThrow(
      /not a URL scheme/,
    );
  });

  it('escapes the product name for XML', () => {
    expect(addProtocolToWxs(group, { ...protocol, productName: 'A & "B"' })).toContain(
      'Value="URL:A &amp; &quot;B&quot;"',
    );
  });
});

describe('addEnrollmentToWxs', () => {
  it('refuses a project it has already changed, or one without exactly one Product', () => {
    const wxs = '<Wix><Product></Product></Wix>';
    expect(() => addEnrollmentToWxs(addEnrollmentToWxs(wxs))).toThrow(
      /already has the Planasonix enrollment/,
    );
    expect(() => addEnrollmentToWxs('<Wix><Package/></Wix>')).toThrow(/exactly one <Product>; found 0/);
  });
});
