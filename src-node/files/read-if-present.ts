import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { errorCode, errorMessage } from '../error-message.js';

/** A file's text, or null when there is no such file; any other failure names the file. */
export async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    return nullIfAbsent(error, path);
  }
}

/** `readIfPresent` for callers that must not yield (a record read between spawning and journaling). */
export function readIfPresentSync(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return nullIfAbsent(error, path);
  }
}

function nullIfAbsent(error: unknown, path: string): null {
  if (errorCode(error) === 'ENOENT') return null;
  throw new Error(`cannot read ${path}: ${errorMessage(error)}`, { cause: error });
}
