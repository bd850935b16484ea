import {
  parseDocker,
  parseJava,
  parseNode,
  parsePython,
  parseSpark,
  type VersionParser,
} from './version-parsers.js';

export interface CapabilityProbe {
  command: string;
  args: readonly string[];
  /** Windows runs `.cmd` launchers only through the shell (Node refuses them otherwise). */
  shell: boolean;
  parse: VersionParser;
}

/**
 * Which commands reveal which capability, per OS. On Windows `python3` is usually the Microsoft
 * Store stub, so `python` is asked instead, and Spark ships `spark-submit.cmd`.
 */
export function capabilityProbes(platform: NodeJS.Platform): CapabilityProbe[] {
  const windows = platform === 'win32';
  return [
    { command: windows ? 'python' : 'python3', args: ['--version'], shell: false, parse: parsePython },
    { command: 'java', args: ['-version'], shell: false, parse: parseJava },
    { command: 'node', args: ['--version'], shell: false, parse: parseNode },
    { command: 'docker', args: ['--version'], shell: false, parse: parseDocker },
    {
      command: windows ? 'spark-submit.cmd' : 'spark-submit',
      args: ['--version'],
      shell: windows,
      parse: parseSpark,
    },
  ];
}
