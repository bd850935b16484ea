// Test support: runs build/msi/planasonix-enrollment.jscript in a Node VM against stand-ins for what
// Windows Installer's JScript host offers (Session, Scripting.FileSystemObject, WScript.Shell). The
// stand-in file system keeps Windows paths in memory and logs, in order, every change and command,
// so tests can see what existed when.
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';

export const SCRIPT_SOURCE = readFileSync(
  new URL('./planasonix-enrollment.jscript', import.meta.url),
  'utf8',
);

export const INFO = 0x04000000;
export const ERROR = 0x01000000;

interface Entry {
  kind: 'file' | 'folder';
  text: string;
  link: boolean;
}

/** An in-memory Windows file system with FileSystemObject's method names. */
export class FakeFileSystem {
  readonly entries = new Map<string, Entry>();
  readonly events: string[] = [];

  constructor(folders: string[] = ['C:\\', 'C:\\ProgramData', 'C:\\Windows']) {
    for (const folder of folders)
      this.entries.set(folder.toLowerCase(), { kind: 'folder', text: '', link: false });
  }

  private get(path: string): Entry | undefined {
    return this.entries.get(path.toLowerCase());
  }

  text(path: string): string | undefined {
    return this.get(path)?.text;
  }

  addFile(path: string, text: string, link = false): void {
    this.entries.set(path.toLowerCase(), { kind: 'file', text, link });
  }

  addFolder(path: string, link = false): void {
    this.entries.set(path.toLowerCase(), { kind: 'folder', text: '', link });
  }

  FileExists = (path: string) => this.get(path)?.kind === 'file';
  FolderExists = (path: string) => this.get(path)?.kind === 'folder';
  GetParentFolderName = (path: string) => {
    if (/^[A-Za-z]:\\?$/.test(path)) return '';
    const at = path.lastIndexOf('\\');
    return at === 2 ? path.slice(0, 3) : path.slice(0, at);
  };
  GetFile = (path: string) => this.attributes(path, 'file');
  GetFolder = (path: string) => this.attributes(path, 'folder');
  CreateFolder = (path: string) => {
    if (this.get(path)) throw new Error(`file already exists: ${path}`);
    if (!this.FolderExists(this.GetParentFolderName(path))) throw new Error(`path not found: ${path}`);
    this.addFolder(path);
    this.events.push(`mkdir ${path}`);
  };
  DeleteFile = (path: string, force: boolean) => {
    if (!force || !this.FileExists(path)) throw new Error(`cannot delete ${path}`);
    this.entries.delete(path.toLowerCase());
    this.events.push(`delete ${path}`);
  };
  CreateTextFile = (path: string, overwrite: boolean, unicode: boolean) => {
    if (unicode) throw new Error('the script writes ASCII');
    if (this.get(path) && !overwrite) throw new Error(`file already exists: ${path}`);
    this.addFile(path, '');
    this.events.push(`create ${path}`);
    return this.stream(path);
  };
  OpenTextFile = (path: string, mode: 1 | 2, create: boolean, format: number) => {
    if (!this.FileExists(path) && !create) throw new Error(`file not found: ${path}`);
    if (format !== 0) throw new Error('the script reads and writes ASCII');
    if (mode === 2) this.addFile(path, '');
    return this.stream(path);
  };

  private attributes(path: string, kind: Entry['kind']) {
    const entry = this.get(path);
    if (entry?.kind !== kind) throw new Error(`${kind} not found: ${path}`);
    return { Attributes: (entry.link ? 1024 : 0) | (kind === 'folder' ? 16 : 32) };
  }

  private stream(path: string) {
    let position = 0;
    const entry = () => this.get(path) ?? { kind: 'file', text: '', link: false };
    return {
      get AtEndOfStream() {
        return position >= entry().text.length;
      },
      Read: (count: number) => {
        const chunk = entry().text.slice(position, position + count);
        position += chunk.length;
        return chunk;
      },
      Write: (text: string) => {
        this.addFile(path, entry().text + text);
        this.events.push(`write ${path} (${text.length} chars)`);
      },
      Close: () => undefined,
    };
  }
}

/** WScript.Shell: records each command; `exitCode` decides what a command returns. */
export class FakeShell {
  readonly commands: string[] = [];
  constructor(
    private readonly fs: FakeFileSystem,
    private readonly exitCode: (command: string) => number = () => 0,
  ) {}
  ExpandEnvironmentStrings = (text: string) => text.replace('%SystemRoot%', 'C:\\Windows');
  Run = (command: string, windowStyle: number, wait: boolean) => {
    if (windowStyle !== 0 || !wait) throw new Error('commands must run hidden and be waited for');
    this.commands.push(command);
    this.fs.events.push(`run ${command}`);
    return this.exitCode(command);
  };
}

export interface ScriptRun {
  result: number;
  messages: { kind: number; text: string }[];
  setProperties: Record<string, string>;
  /** Runs another of the script's functions in the same context. */
  call: (name: string, ...args: unknown[]) => unknown;
  /** Evaluates an expression in the script's context, such as one of its globals. */
  evaluate: (expression: string) => unknown;
}

/** Loads the script with these session properties and calls `entry` (checkEnrollment or writeEnrollment). */
export function runScript(
  entry: 'checkEnrollment' | 'writeEnrollment',
  properties: Record<string, string>,
  fs = new FakeFileSystem(),
  shell = new FakeShell(fs),
): ScriptRun {
  const messages: ScriptRun['messages'] = [];
  const setProperties: Record<string, string> = {};
  const context = createContext({
    Session: { Property: (name: string) => properties[name] ?? '' },
    ActiveXObject: function ActiveXObject(progId: string) {
      if (progId === 'Scripting.FileSystemObject') return fs;
      if (progId === 'WScript.Shell') return shell;
      throw new Error(`no ActiveX object ${progId} in the stand-in`);
    },
  }) as Record<string, unknown>;
  runInContext(SCRIPT_SOURCE, context, { filename: 'planasonix-enrollment.jscript' });
  context.setSessionProperty = (name: string, value: string) => {
    setProperties[name] = value;
  };
  context.sendMessage = (kind: number, text: string) => {
    messages.push({ kind, text });
  };
  const call = (name: string, ...args: unknown[]) => (context[name] as (...a: unknown[]) => unknown)(...args);
  const evaluate = (expression: string): unknown => runInContext(expression, context) as unknown;
  return { result: call(entry) as number, messages, setProperties, call, evaluate };
}
