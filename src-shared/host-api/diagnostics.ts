import { z } from 'zod';

export const DiagnosticsEntry = z.object({
  /** Path inside the zip, e.g. `logs/host.log`. */
  name: z.string(),
  bytes: z.number().int().nonnegative(),
  /** How many secrets (tokens, keys, PEM blocks) were replaced by a marker in this entry. */
  redactions: z.number().int().nonnegative(),
  /** The start of the (already redacted) content, for the user to read before saving. */
  preview: z.string(),
});
export type DiagnosticsEntry = z.infer<typeof DiagnosticsEntry>;

export const DiagnosticsPreview = z.object({
  entries: z.array(DiagnosticsEntry),
  totalBytes: z.number().int().nonnegative(),
});
export type DiagnosticsPreview = z.infer<typeof DiagnosticsPreview>;

export const DiagnosticsExport = z.object({
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  /** The zip itself, base64: the UI saves it (browser download, or the shell's save dialog). */
  zipBase64: z.string(),
});
export type DiagnosticsExport = z.infer<typeof DiagnosticsExport>;
