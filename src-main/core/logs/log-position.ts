/** Where a line sits: file generation (rotation count) and byte offset of the line in that file. */
export interface LogPosition {
  gen: number;
  offset: number;
}

export function encodeCursor({ gen, offset }: LogPosition): string {
  return `${gen.toString(36)}.${offset.toString(36)}`;
}

/** Null when the cursor is not one we issued. */
export function decodeCursor(cursor: string): LogPosition | null {
  const match = /^([0-9a-z]{1,10})\.([0-9a-z]{1,10})$/.exec(cursor);
  if (match === null) return null;
  return { gen: parseInt(match[1]!, 36), offset: parseInt(match[2]!, 36) };
}

export function comparePositions(a: LogPosition, b: LogPosition): number {
  return a.gen - b.gen || a.offset - b.offset;
}
