/** Partial lines kept per job at most; a longer unterminated line is shown in pieces of this size. */
const MAX_PARTIAL = 16 * 1024;

/**
 * Turns the worker's `job_output` text chunks into whole lines for the per-job log. A chunk may end
 * mid-line; the rest of that line comes with the next chunk, so the partial waits here (bounded)
 * until its newline arrives or the job ends.
 */
export class JobOutputLines {
  private readonly partial = new Map<string, string>();

  push(jobId: string, text: string, skippedBytes: number): string[] {
    const lines: string[] = [];
    let pending = this.partial.get(jobId) ?? '';
    if (skippedBytes > 0) {
      if (pending !== '') lines.push(pending);
      lines.push(
        `… ${skippedBytes} bytes of output not shown live (the job's full log is on the control plane)`,
      );
      pending = '';
    }
    const parts = (pending + text).split('\n');
    let rest = parts.pop() ?? '';
    for (const part of parts) lines.push(part.replace(/\r$/, ''));
    while (rest.length > MAX_PARTIAL) {
      lines.push(rest.slice(0, MAX_PARTIAL));
      rest = rest.slice(MAX_PARTIAL);
    }
    if (rest === '') this.partial.delete(jobId);
    else this.partial.set(jobId, rest);
    return lines;
  }

  /** The job ended: its last line, if it had no newline. */
  end(jobId: string): string[] {
    const rest = this.partial.get(jobId);
    this.partial.delete(jobId);
    return rest === undefined ? [] : [rest];
  }
}
