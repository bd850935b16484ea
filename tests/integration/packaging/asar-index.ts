// Reads the file list and single files of an Electron .asar archive, so the packaging test needs
// no extra dependency. Layout: a Chromium pickle holding the header size, then a pickle holding the
// JSON header (a tree of { files } folders and { size, offset } files), then the file data.
import { readFileSync } from 'node:fs';

interface AsarNode {
  files?: Record<string, AsarNode>;
  size?: number;
  offset?: string;
}

export class AsarIndex {
  private readonly bytes: Buffer;
  private readonly root: AsarNode;
  private readonly dataStart: number;

  constructor(path: string) {
    this.bytes = readFileSync(path);
    const headerPickleSize = this.bytes.readUInt32LE(4);
    const jsonLength = this.bytes.readUInt32LE(12);
    this.root = JSON.parse(this.bytes.toString('utf8', 16, 16 + jsonLength)) as AsarNode;
    this.dataStart = 8 + headerPickleSize;
  }

  /** Every file (not folder), as a path with forward slashes and no leading slash. */
  files(): string[] {
    const out: string[] = [];
    const walk = (node: AsarNode, prefix: string) => {
      for (const [name, child] of Object.entries(node.files ?? {})) {
        if (child.files) walk(child, `${prefix}${name}/`);
        else out.push(`${prefix}${name}`);
      }
    };
    walk(this.root, '');
    return out.sort();
  }

  read(path: string): Buffer {
    let node: AsarNode | undefined = this.root;
    for (const part of path.split('/')) node = node?.files?.[part];
    if (node?.offset === undefined || node.size === undefined) throw new Error(`${path} is not in the asar`);
    const start = this.dataStart + Number(node.offset);
    return this.bytes.subarray(start, start + node.size);
  }
}
