import { describe, expect, it } from 'vitest';
import {
  jobLostMarker,
  parseStepEndMarker,
  stepEndMarker,
  stepErrorMarker,
  stepStartMarker,
  truncationMarker,
} from './spool-markers.js';

describe('spool markers', () => {
  it('writes the documented start line, with the name as a JSON string', () => {
    expect(stepStartMarker(1, 3, 'build')).toBe('##[planasonix] step 1/3 start name="build"\n');
    expect(stepStartMarker(2, 3, 'two\nlines "q"')).toBe(
      '##[planasonix] step 2/3 start name="two\\nlines \\"q\\""\n',
    );
  });

  it('writes an end line that reads back to the same facts', () => {
    const facts = {
      stepNumber: 2,
      stepCount: 3,
      status: 'timed_out' as const,
      exitCode: null,
      signal: 'SIGKILL',
      outputBytes: 1234,
      durationMs: 56,
    };
    const line = stepEndMarker({ ...facts, durationMs: 56.4 });
    expect(line).toBe(
      '##[planasonix] step 2/3 end status=timed_out exit_code=null signal=SIGKILL output_bytes=1234 duration_ms=56\n',
    );
    expect(parseStepEndMarker(line.trimEnd())).toEqual(facts);
    expect(parseStepEndMarker('##[planasonix] step 1/1 start name="x"')).toBeNull();
  });

  it('keeps every marker on one line', () => {
    for (const line of [truncationMarker(10), jobLostMarker('a\nb'), stepErrorMarker(1, 1, 'no\r\nshell')]) {
      expect(line.startsWith('##[planasonix] ')).toBe(true);
      expect(line.indexOf('\n')).toBe(line.length - 1);
    }
  });
});
