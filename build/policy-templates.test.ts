import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { Ajv } from 'ajv';
import plist from 'plist';
import { describe, expect, it } from 'vitest';
import { POLICY_KEY_NAMES, POLICY_KEYS, type PolicyKind } from '../src-shared/host-api/policy.js';
import { POLICY_REGISTRY_KEY } from '../src-main/core/policy/registry-policy-source.js';
import { resolvePolicy } from '../src-main/core/policy/resolve-policy.js';

// The templates an admin deploys must name exactly the keys the code reads, each in the form its
// reader expects: one source of truth (POLICY_KEYS), checked here against every template.
const resources = fileURLToPath(new URL('../resources/policy/', import.meta.url));
const fixtures = fileURLToPath(new URL('../tests/fixtures/policy/', import.meta.url));
const text = (path: string) => readFile(path, 'utf8');

function xml(source: string) {
  const errors: string[] = [];
  const report = (message: string) => void errors.push(message);
  const doc = new DOMParser({
    errorHandler: { warning: report, error: report, fatalError: report },
  }).parseFromString(source, 'text/xml');
  expect(errors).toEqual([]);
  return doc;
}

const sorted = (names: Iterable<string>) => [...names].sort();

/** The elements of a tag (xmldom's node lists are not iterable). */
function all(
  node: { getElementsByTagName(tag: string): { length: number; item(i: number): Element | null } },
  tag: string,
) {
  const list = node.getElementsByTagName(tag);
  return Array.from({ length: list.length }, (_, i) => list.item(i)!);
}

describe('Group Policy template (ADMX and its en-US ADML)', () => {
  it('has one machine policy per key, writing the key as its reader reads it', async () => {
    const admx = xml(await text(`${resources}planasonix-agent.admx`));
    const policies = all(admx, 'policy');
    expect(sorted(policies.map((p) => p.getAttribute('name') ?? ''))).toEqual(sorted(POLICY_KEY_NAMES));
    for (const policy of policies) {
      const name = policy.getAttribute('name') as keyof typeof POLICY_KEYS;
      expect(`HKLM\\${policy.getAttribute('key')}`).toBe(POLICY_REGISTRY_KEY);
      expect(policy.getAttribute('class')).toBe('Machine');
      expect(registryForm(policy), name).toEqual(expectedForm(name, POLICY_KEYS[name].kind));
    }
  });

  it('has every string and presentation the ADMX refers to in the ADML', async () => {
    const admxText = await text(`${resources}planasonix-agent.admx`);
    const adml = xml(await text(`${resources}en-US/planasonix-agent.adml`));
    const strings = new Set(all(adml, 'string').map((s) => s.getAttribute('id')));
    const presentations = new Set(all(adml, 'presentation').map((p) => p.getAttribute('id')));
    for (const [, id] of admxText.matchAll(/\$\(string\.([^)]+)\)/g)) expect(strings.has(id!), id).toBe(true);
    for (const [, id] of admxText.matchAll(/\$\(presentation\.([^)]+)\)/g))
      expect(presentations.has(id!), id).toBe(true);
  });
});

/** How a policy writes its value: a DWORD 1/0 toggle, or the element type of its one value. */
function registryForm(policy: Element): string {
  if (all(policy, 'enabledValue').length > 0) return `toggle ${policy.getAttribute('valueName')}`;
  const children = all(policy, 'elements')[0]!.childNodes;
  const element = Array.from({ length: children.length }, (_, i) => children.item(i)).find(
    (node): node is Element => node.nodeType === 1,
  )!;
  return `${element.tagName} ${element.getAttribute('valueName')}`;
}

function expectedForm(name: string, kind: PolicyKind): string {
  const tag = { boolean: 'toggle', integer: 'decimal', string: 'text', list: 'multiText' }[kind];
  return `${tag} ${name}`;
}

describe('macOS configuration profile example', () => {
  it('sets every key for the com.planasonix.agent domain, each with a value the host accepts', async () => {
    const profile = plist.parse(await text(`${resources}com.planasonix.agent.mobileconfig`)) as {
      PayloadContent: Record<string, unknown>[];
    };
    const payload = profile.PayloadContent.find((p) => p.PayloadType === 'com.planasonix.agent')!;
    const entries = Object.fromEntries(Object.entries(payload).filter(([key]) => !key.startsWith('Payload')));
    expect(sorted(Object.keys(entries))).toEqual(sorted(POLICY_KEY_NAMES));
    const view = resolvePolicy({ source: 'mobileconfig', entries, problems: [] });
    expect(view.warnings).toEqual([]);
  });
});

describe('JSON schema of the Linux policy file', () => {
  const schemaType = { boolean: 'boolean', integer: 'integer', string: 'string', list: 'array' };

  it('describes exactly the keys (plus $schema), each with the JSON type its kind needs', async () => {
    const schema = JSON.parse(await text(`${resources}policy.schema.json`)) as {
      additionalProperties: boolean;
      properties: Record<string, { type: string }>;
    };
    expect(schema.additionalProperties).toBe(false);
    const { $schema: _hint, ...keys } = schema.properties;
    expect(sorted(Object.keys(keys))).toEqual(sorted(POLICY_KEY_NAMES));
    for (const name of POLICY_KEY_NAMES)
      expect(keys[name]!.type, name).toBe(schemaType[POLICY_KEYS[name].kind]);
  });

  it('accepts the good fixture and refuses the bad one, as the host does', async () => {
    const validate = new Ajv({ strict: false }).compile(
      JSON.parse(await text(`${resources}policy.schema.json`)),
    );
    expect(validate(JSON.parse(await text(`${fixtures}policy.json`)))).toBe(true);
    expect(validate(JSON.parse(await text(`${fixtures}policy-bad.json`)))).toBe(false);
  });
});
