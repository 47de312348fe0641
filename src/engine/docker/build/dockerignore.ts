/**
 * `.dockerignore` (moby/patternmatcher): one pattern a line, `#` comments, Go `filepath.Match`
 * syntax plus `**` for any number of directories, `!` to re-include. The last pattern that
 * matches a path — or one of its parent directories — decides.
 */
import { normalize } from './copy.ts';

interface Pattern {
  regex: RegExp;
  exclusion: boolean;
}

export class DockerIgnore {
  private readonly patterns: Pattern[];

  constructor(text: string) {
    this.patterns = [];
    for (const raw of text.split(/\r?\n/)) {
      let line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const exclusion = line.startsWith('!');
      if (exclusion) line = line.slice(1).trim();
      line = cleanPath(line);
      if (line === '') continue;
      this.patterns.push({ regex: patternRegex(line), exclusion });
    }
  }

  /** Whether `path` (relative to the context, `/`-separated) is left out of the build context. */
  ignores(path: string): boolean {
    const parts = cleanPath(path).split('/');
    let ignored = false;
    for (const pattern of this.patterns) {
      let matched = false;
      for (let n = parts.length; n >= 1 && !matched; n--) matched = pattern.regex.test(parts.slice(0, n).join('/'));
      if (matched) ignored = !pattern.exclusion;
    }
    return ignored;
  }
}

/** Go's `filepath.Clean` of a relative pattern, leading `/` dropped. */
const cleanPath = normalize;

function patternRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // `**/` matches zero or more directories; a trailing `**` anything beneath.
        if (pattern[i + 1] === '/') {
          i++;
          source += '(?:.*/)?';
        } else source += '.*';
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) {
        source += '\\[';
        continue;
      }
      let set = pattern.slice(i + 1, end);
      if (set.startsWith('^') || set.startsWith('!')) set = `^${set.slice(1)}`;
      source += `[${set.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (ch === '\\' && i + 1 < pattern.length) {
      source += escapeRegex(pattern[++i]!);
    } else source += escapeRegex(ch);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
