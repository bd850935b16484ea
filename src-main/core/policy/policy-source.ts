/** What one read of a policy store found: raw entries by key, and what could not be read at all. */
export interface PolicyRead {
  /** Where the values came from, as an admin would name it (a path, a registry key, a domain). */
  source: string;
  /** Values as stored (already in JSON types); empty when the store holds nothing. */
  entries: Record<string, unknown>;
  /** Why the store (or an entry) could not be read, in plain words. */
  problems: string[];
}

/** One OS's policy store. `read` never throws: an unreadable store is a problem in the result. */
export interface PolicySource {
  read(): Promise<PolicyRead>;
}
