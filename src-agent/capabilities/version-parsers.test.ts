import { describe, expect, it } from 'vitest';
import { parseDocker, parseJava, parseNode, parsePython, parseSpark } from './version-parsers.js';

const SPARK_BANNER = `Welcome to
      ____              __
     / __/__  ___ _____/ /__
    _\\ \\/ _ \\/ _ \`/ __/  '_/
   /___/ .__/\\_,_/_/ /_/\\_\\   version 3.5.1
      /_/

Using Scala version 2.12.18, OpenJDK 64-Bit Server VM, 17.0.10
Branch HEAD
Compiled by user heartsavior on 2024-02-15T11:24:58Z
Type --help for more information.
`;

describe('capability parsers', () => {
  it.each([
    ['Python 3.11.4\n', 'python_3_11'],
    ['Python 3.12.0rc1', 'python_3_12'],
    ['Python 2.7.18\n', 'python_2_7'],
    ['Python was not found; run without arguments to install from the Microsoft Store', null],
    ['xcode-select: note: No developer tools were found, requesting install.', null],
    ['', null],
  ])('python %j → %s', (out, cap) => expect(parsePython(out)).toBe(cap));

  it.each([
    [
      'openjdk version "17.0.8" 2023-07-18\nOpenJDK Runtime Environment (build 17.0.8+7-Debian-1deb12u1)\nOpenJDK 64-Bit Server VM (build 17.0.8+7-Debian-1deb12u1, mixed mode, sharing)',
      'java_17',
    ],
    ['java version "1.8.0_381"\nJava(TM) SE Runtime Environment (build 1.8.0_381-b09)', 'java_8'],
    ['openjdk version "21" 2023-09-19\nOpenJDK Runtime Environment (build 21+35-2513)', 'java_21'],
    ['openjdk version "11.0.20.1" 2023-08-24', 'java_11'],
    ['Picked up JAVA_TOOL_OPTIONS: -Xmx512m\nopenjdk version "17.0.2" 2022-01-18', 'java_17'],
    ['The operation couldn’t be completed. Unable to locate a Java Runtime.', null],
  ])('java %j → %s', (out, cap) => expect(parseJava(out)).toBe(cap));

  it.each([
    ['v20.19.0\n', 'node_20'],
    ['v18.20.4', 'node_18'],
    ['20.19.0', null],
  ])('node %j → %s', (out, cap) => expect(parseNode(out)).toBe(cap));

  it.each([
    ['Docker version 24.0.5, build ced0996\n', 'docker'],
    ['Docker version 20.10.24+dfsg1, build 297e128', 'docker'],
    ['podman version 4.3.1', null],
    ['docker: command not found', null],
  ])('docker %j → %s', (out, cap) => expect(parseDocker(out)).toBe(cap));

  it.each([
    [SPARK_BANNER, 'spark'],
    ['spark-submit: command not found', null],
  ])('spark %j → %s', (out, cap) => expect(parseSpark(out)).toBe(cap));
});
