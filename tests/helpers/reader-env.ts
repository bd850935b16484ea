/** The environment a reader's shell has: nothing of this test run leaks into what it starts. */
export function readerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$|PLANASONIX_)/.test(name)) env[name] = value;
  }
  return { ...env, NO_COLOR: '1' };
}
