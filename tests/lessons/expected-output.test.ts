import { describe, expect, it } from 'vitest';
import { compareOutput } from '../../src/lessons/expected-output.ts';

describe('expected output, doctest-style', () => {
  it('matches text as written, ignoring trailing spaces and trailing blank lines', () => {
    expect(compareOutput('hello\nworld', 'hello  \nworld\n\n')).toBeUndefined();
    expect(compareOutput('hello', 'Hello')).toEqual({ expectedLine: 1, expected: 'hello', actualLine: 1, actual: 'Hello' });
  });

  it('reports missing and extra output at the line where it starts', () => {
    expect(compareOutput('a\nb\nc', 'a\nb')).toEqual({ expectedLine: 3, expected: 'c', actualLine: 3, actual: undefined });
    expect(compareOutput('a', 'a\nextra')).toEqual({ expectedLine: 2, expected: undefined, actualLine: 2, actual: 'extra' });
  });

  it('a `...` line matches any number of lines, none included', () => {
    const expected = 'latest: Pulling from library/busybox\n...\nStatus: Downloaded newer image for busybox:latest';
    expect(compareOutput(expected, 'latest: Pulling from library/busybox\nx: Pull complete\ny: Pull complete\nStatus: Downloaded newer image for busybox:latest')).toBeUndefined();
    expect(compareOutput(expected, 'latest: Pulling from library/busybox\nStatus: Downloaded newer image for busybox:latest')).toBeUndefined();
    expect(compareOutput('a\n...\nz', 'a\nb\nc')?.expected).toBe('z');
    // Backtracking: the first `z` is not necessarily the one that matches.
    expect(compareOutput('a\n...\nz\nend', 'a\nz\nq\nz\nend')).toBeUndefined();
  });

  it('`...` inside a line matches any text on that line only', () => {
    expect(compareOutput('Loaded image: ...', 'Loaded image: busybox:latest')).toBeUndefined();
    expect(compareOutput('a...z', 'a\nz')).toBeDefined();
  });

  it('placeholders match the values that change between builds and clocks', () => {
    const images = 'REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\nbusybox      latest    <id>   <date>   <size>';
    expect(compareOutput(images, 'REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\nbusybox      latest    2279f72855a4   2 years ago   4.26MB')).toBeUndefined();
    expect(compareOutput(images, 'REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\nbusybox      latest    2279f72855   2 years ago   4.26MB')).toBeDefined();
    expect(compareOutput('sha256:<digest>', `sha256:${'ab'.repeat(32)}`)).toBeUndefined();
    expect(compareOutput('<digest>/layer.tar', `${'0f'.repeat(32)}/layer.tar`)).toBeUndefined();
    expect(compareOutput('-rw-r--r-- 0/0 <size> <date> manifest.json', '-rw-r--r-- 0/0 203 1970-01-01 01:00 manifest.json')).toBeUndefined();
    expect(compareOutput('<date>', 'About a minute ago')).toBeUndefined();
    expect(compareOutput('<date>', 'Jan 10  2018')).toBeUndefined();
    expect(compareOutput('<size>\t/', '516.0K\t/')).toBeUndefined();
    expect(compareOutput('<n> files', '12 files')).toBeUndefined();
    expect(compareOutput('<name>', 'quirky_turing')).toBeUndefined();
  });

  it('an unknown <word> is literal text, and regex characters are literal', () => {
    expect(compareOutput('docker run <image>', 'docker run <image>')).toBeUndefined();
    expect(compareOutput('a.b (c) [d] $e', 'a.b (c) [d] $e')).toBeUndefined();
    expect(compareOutput('a.b', 'axb')).toBeDefined();
  });

  it('a run of two or more spaces matches any run of spaces (columns move), a single space is exact', () => {
    expect(compareOutput('NAME    SIZE', 'NAME  SIZE')).toBeUndefined();
    expect(compareOutput('a b', 'a  b')).toBeDefined();
  });
});
