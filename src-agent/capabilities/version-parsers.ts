/**
 * Pure parsers from a tool's version output (stdout and stderr joined: java and spark-submit print
 * theirs on stderr) to the capability name the control plane matches jobs against.
 */
export type VersionParser = (output: string) => string | null;

export const parsePython: VersionParser = (output) => {
  const m = /^Python (\d+)\.(\d+)/m.exec(output);
  return m ? `python_${m[1]}_${m[2]}` : null;
};

/**
 * `java -version` says `1.8.0_381` up to Java 8 and `17.0.8` (or just `21`) after; the capability is
 * the feature release either way. Lines such as "Picked up JAVA_TOOL_OPTIONS" may come first.
 */
export const parseJava: VersionParser = (output) => {
  const m = /^(?:openjdk|java) version "(\d+)(?:\.(\d+))?[^"]*"/m.exec(output);
  if (!m) return null;
  const major = m[1] === '1' && m[2] !== undefined ? m[2] : m[1];
  return `java_${major}`;
};

export const parseNode: VersionParser = (output) => {
  const m = /^v(\d+)\.\d+\.\d+/m.exec(output.trim());
  return m ? `node_${m[1]}` : null;
};

export const parseDocker: VersionParser = (output) =>
  /^Docker version \d+\.\d+/m.test(output) ? 'docker' : null;

/** spark-submit prints an ASCII-art banner with "version X.Y.Z" in it. */
export const parseSpark: VersionParser = (output) =>
  /\bversion \d+\.\d+\.\d+/.test(output) && /Welcome to|Spark/i.test(output) ? 'spark' : null;
