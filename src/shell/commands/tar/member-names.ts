/**
 * What GNU tar does to member names: strip what would escape the target directory
 * (`safer_name_suffix` in src/names.c), `--strip-components`, the `..` check on extraction,
 * and matching names given on the command line and `--exclude` patterns against members.
 */
import { quoteName } from '../../../engine/tar/verbose-listing.ts';

/** A name in a message, as GNU's `quotearg_colon` shows it: escaped, with `:` escaped too. */
export function messageName(name: string): string {
  return quoteName(name).replace(/:/g, '\\:');
}

/**
 * Removes leading `/` and everything up to the last `..` component, warning once per distinct
 * prefix, as GNU tar does for member names and (separately) for hard link targets.
 */
export class NameSanitizer {
  private readonly seen = [new Set<string>(), new Set<string>()];

  constructor(
    private readonly warn: (message: string) => void,
    private readonly absoluteNames: boolean,
  ) {}

  safer(name: string, linkTarget = false): string {
    if (this.absoluteNames) return name;
    let prefixLength = 0;
    for (let p = 0; p < name.length; ) {
      if (name.startsWith('..', p) && (name[p + 2] === '/' || p + 2 === name.length)) prefixLength = p + 2;
      const slash = name.indexOf('/', p);
      if (slash < 0) break;
      p = slash + 1;
    }
    while (name[prefixLength] === '/') prefixLength++;
    if (prefixLength > 0) {
      const prefix = name.slice(0, prefixLength);
      const seen = this.seen[linkTarget ? 1 : 0]!;
      if (!seen.has(prefix)) {
        seen.add(prefix);
        this.warn(`Removing leading \`${prefix}' from ${linkTarget ? 'hard link targets' : 'member names'}`);
      }
    }
    const rest = name.slice(prefixLength);
    if (rest === '') {
      if (prefixLength === 0) this.warn(`Substituting \`.' for empty ${linkTarget ? 'hard link target' : 'member name'}`);
      return '.';
    }
    return rest;
  }
}

/** `name` without its first `count` components (GNU's `stripped_prefix_len`); '' when it has too few. */
export function stripComponents(name: string, count: number): string {
  if (count === 0) return name;
  let p = 0;
  while (name[p] === '/') p++;
  let left = count;
  while (p < name.length) {
    const slash = name[p] === '/';
    p++;
    if (slash) {
      if (--left === 0) return name.slice(p);
      while (name[p] === '/') p++;
    }
  }
  return '';
}

/** True when a component of `name` is `..` (GNU's `contains_dot_dot`). */
export function containsDotDot(name: string): boolean {
  return name.split('/').includes('..');
}

const PATTERN_CHARS = /[*?[\\]/;

export function looksLikePattern(name: string): boolean {
  return PATTERN_CHARS.test(name);
}

/**
 * fnmatch(3) with FNM_LEADING_DIR and without FNM_PATHNAME (GNU tar's defaults: `*` matches
 * `/` too, and a pattern matching a directory matches everything beneath it).
 */
export function fnmatchLeadingDir(pattern: string, text: string): boolean {
  const match = (pi: number, ti: number): boolean => {
    while (pi < pattern.length) {
      const c = pattern[pi]!;
      if (c === '*') {
        while (pattern[pi] === '*') pi++;
        if (pi === pattern.length) return true;
        for (let t = ti; t <= text.length; t++) if (match(pi, t)) return true;
        return false;
      }
      if (ti >= text.length) return false;
      if (c === '?') {
        pi++;
        ti++;
        continue;
      }
      if (c === '[') {
        const end = classEnd(pattern, pi);
        if (end > 0) {
          if (!classMatches(pattern.slice(pi + 1, end), text[ti]!)) return false;
          pi = end + 1;
          ti++;
          continue;
        }
      }
      const literal = c === '\\' && pi + 1 < pattern.length ? pattern[++pi]! : c;
      if (literal !== text[ti]) return false;
      pi++;
      ti++;
    }
    return ti === text.length || text[ti] === '/';
  };
  return match(0, 0);
}

/** Index of the `]` closing the bracket expression at `start`, or -1 when it is not one. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  const end = pattern.indexOf(']', i);
  return end;
}

function classMatches(body: string, ch: string): boolean {
  const negate = body[0] === '!' || body[0] === '^';
  const set = negate ? body.slice(1) : body;
  let found = false;
  for (let i = 0; i < set.length; i++) {
    if (set[i + 1] === '-' && i + 2 < set.length) {
      if (ch >= set[i]! && ch <= set[i + 2]!) found = true;
      i += 2;
    } else if (set[i] === ch) found = true;
  }
  return found !== negate;
}

const withoutTrailingSlashes = (name: string) => (/^\/+$/.test(name) ? '/' : name.replace(/\/+$/, ''));

/** A member name matches a name given on the command line: the same, or beneath it. */
export function memberMatches(given: string, member: string, wildcards: boolean): boolean {
  const pattern = withoutTrailingSlashes(given);
  const name = withoutTrailingSlashes(member);
  if (wildcards) return fnmatchLeadingDir(pattern, name);
  return name === pattern || (name.startsWith(pattern) && name[pattern.length] === '/');
}

/** `--exclude`: a pattern matches the name or any of its trailing parts (GNU's unanchored default). */
export function isExcluded(patterns: readonly string[], member: string): boolean {
  if (patterns.length === 0) return false;
  const name = withoutTrailingSlashes(member);
  for (const pattern of patterns) {
    const bare = withoutTrailingSlashes(pattern);
    for (let at = 0; ; ) {
      if (fnmatchLeadingDir(bare, name.slice(at))) return true;
      const slash = name.indexOf('/', at);
      if (slash < 0) break;
      at = slash + 1;
    }
  }
  return false;
}

/** The names given on the command line, each counting the members it matched. */
export class MemberSelection {
  private readonly found: number[];

  constructor(
    readonly names: readonly string[],
    private readonly wildcards: boolean,
  ) {
    this.found = names.map(() => 0);
  }

  /**
   * Whether `member` is selected: the index of the name that selects it (the first that
   * matches gets the credit, as in GNU), -1 when no names were given, false when none matches.
   */
  select(member: string): number | false {
    if (this.names.length === 0) return -1;
    const i = this.names.findIndex((name) => memberMatches(name, member, this.wildcards));
    if (i < 0) return false;
    this.found[i]!++;
    return i;
  }

  notFound(): string[] {
    return this.names.filter((_, i) => this.found[i] === 0);
  }
}
