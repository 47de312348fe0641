/**
 * GNU tar's command line (argp): old-style bundles (`tar xvf f.tar`), short bundles (`-xzvf`),
 * long options with unique abbreviations (`--extr`), `--opt=value` or `--opt value`, operands
 * anywhere (argp permutes) until `--`. `-C` is positional: it applies to the operands after it.
 */

export type Operation = 'create' | 'extract' | 'list';

/** Compression programs GNU tar can filter through; layerlab decodes gzip and zstd, encodes gzip. */
export type Filter = 'gzip' | 'zstd' | 'bzip2' | 'xz' | 'lzip' | 'lzma' | 'lzop' | 'compress';

/** A name operand, or a `-T` list of names, with the directory `-C` had set when it was given. */
export type Operand = { kind: 'name'; name: string; dir: string } | { kind: 'files-from'; file: string; dir: string };

export interface TarOptions {
  operation?: Operation;
  /** `-f`; undefined means the default archive (stdin/stdout, or $TAPE). */
  archive?: string;
  verbose: number;
  filter?: Filter;
  autoCompress: boolean;
  toStdout: boolean;
  stripComponents: number;
  numericOwner: boolean;
  dereference: boolean;
  absoluteNames: boolean;
  /** `-m`: do not restore modification times. */
  touch: boolean;
  recursion: boolean;
  /** undefined: not said (GNU then warns when a member name looks like a pattern). */
  wildcards?: boolean;
  excludes: string[];
  operands: Operand[];
  /** The `-C` directory in effect after the last option ('' for the working directory). */
  finalDir: string;
  showVersion: boolean;
}

/** A command-line mistake: GNU prints it, then "Try 'tar --help'…", and exits with `status`. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly status = 64,
  ) {
    super(message);
  }
}

type Setter = (options: TarOptions, value: string) => void;

interface OptionSpec {
  /** Long names (first is canonical); short letter if any. */
  long: string[];
  short?: string;
  arg?: 'required' | 'optional';
  apply?: Setter;
}

const setOperation = (operation: Operation): Setter => (options) => {
  if (options.operation !== undefined && options.operation !== operation) {
    throw new UsageError("You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option", 2);
  }
  options.operation = operation;
};

const setFilter = (filter: Filter): Setter => (options) => {
  options.filter = filter;
};

/** Options GNU tar has that only make sense for tapes, incremental dumps or other operations. */
const UNSUPPORTED: Setter = () => {
  throw new UnsupportedOption();
};

class UnsupportedOption extends Error {}

const SPECS: OptionSpec[] = [
  { long: ['create'], short: 'c', apply: setOperation('create') },
  { long: ['extract', 'get'], short: 'x', apply: setOperation('extract') },
  { long: ['list'], short: 't', apply: setOperation('list') },
  { long: ['append'], short: 'r', apply: UNSUPPORTED },
  { long: ['update'], short: 'u', apply: UNSUPPORTED },
  { long: ['catenate', 'concatenate'], short: 'A', apply: UNSUPPORTED },
  { long: ['diff', 'compare'], short: 'd', apply: UNSUPPORTED },
  { long: ['delete'], apply: UNSUPPORTED },
  { long: ['test-label'], apply: UNSUPPORTED },
  { long: ['file'], short: 'f', arg: 'required', apply: (o, v) => (o.archive = v) },
  { long: ['directory'], short: 'C', arg: 'required' }, // positional: handled by the parser
  { long: ['files-from'], short: 'T', arg: 'required' }, // positional: handled by the parser
  { long: ['verbose'], short: 'v', apply: (o) => o.verbose++ },
  { long: ['gzip', 'gunzip', 'ungzip'], short: 'z', apply: setFilter('gzip') },
  { long: ['zstd'], apply: setFilter('zstd') },
  { long: ['bzip2'], short: 'j', apply: setFilter('bzip2') },
  { long: ['xz'], short: 'J', apply: setFilter('xz') },
  { long: ['lzip'], apply: setFilter('lzip') },
  { long: ['lzma'], apply: setFilter('lzma') },
  { long: ['lzop'], apply: setFilter('lzop') },
  { long: ['compress', 'uncompress'], short: 'Z', apply: setFilter('compress') },
  { long: ['auto-compress'], short: 'a', apply: (o) => (o.autoCompress = true) },
  { long: ['no-auto-compress'], apply: (o) => (o.autoCompress = false) },
  { long: ['to-stdout'], short: 'O', apply: (o) => (o.toStdout = true) },
  {
    long: ['strip-components'],
    arg: 'required',
    apply: (o, v) => {
      if (!/^\d+$/.test(v)) throw new UsageError(`${v}: Invalid number of elements`, 2);
      o.stripComponents = Number(v);
    },
  },
  { long: ['numeric-owner'], apply: (o) => (o.numericOwner = true) },
  { long: ['dereference'], short: 'h', apply: (o) => (o.dereference = true) },
  { long: ['absolute-names'], short: 'P', apply: (o) => (o.absoluteNames = true) },
  { long: ['touch'], short: 'm', apply: (o) => (o.touch = true) },
  { long: ['no-recursion'], apply: (o) => (o.recursion = false) },
  { long: ['recursion'], apply: (o) => (o.recursion = true) },
  { long: ['wildcards'], apply: (o) => (o.wildcards = true) },
  { long: ['no-wildcards'], apply: (o) => (o.wildcards = false) },
  { long: ['exclude'], arg: 'required', apply: (o, v) => o.excludes.push(v) },
  { long: ['version'], apply: (o) => (o.showVersion = true) },
  // What root gets anyway, or what changes nothing in memory: accepted and ignored.
  { long: ['preserve-permissions', 'same-permissions'], short: 'p' },
  { long: ['same-owner'] },
  { long: ['no-same-owner'] },
  { long: ['no-same-permissions'] },
  { long: ['overwrite'] },
  { long: ['unlink-first'], short: 'U' },
  { long: ['preserve-order', 'same-order'], short: 's' },
  { long: ['blocking-factor'], short: 'b', arg: 'required', apply: (_o, v) => checkBlockingFactor(v) },
  { long: ['record-size'], arg: 'required' },
  { long: ['format'], short: 'H', arg: 'required' },
  { long: ['sort'], arg: 'required' },
  { long: ['read-full-records'], short: 'B' },
  { long: ['ignore-failed-read'] },
  { long: ['totals'], arg: 'optional', apply: UNSUPPORTED },
  { long: ['keep-old-files'], short: 'k', apply: UNSUPPORTED },
  { long: ['skip-old-files'], apply: UNSUPPORTED },
  { long: ['exclude-from'], short: 'X', arg: 'required', apply: UNSUPPORTED },
  { long: ['transform', 'xform'], arg: 'required', apply: UNSUPPORTED },
  { long: ['listed-incremental'], short: 'g', arg: 'required', apply: UNSUPPORTED },
  { long: ['incremental'], short: 'G', apply: UNSUPPORTED },
  { long: ['multi-volume'], short: 'M', apply: UNSUPPORTED },
  { long: ['label'], short: 'V', arg: 'required', apply: UNSUPPORTED },
  { long: ['use-compress-program'], short: 'I', arg: 'required', apply: UNSUPPORTED },
  { long: ['ignore-zeros'], short: 'i', apply: UNSUPPORTED },
  { long: ['interactive', 'confirmation'], short: 'w', apply: UNSUPPORTED },
  { long: ['owner'], arg: 'required', apply: UNSUPPORTED },
  { long: ['group'], arg: 'required', apply: UNSUPPORTED },
  { long: ['mode'], arg: 'required', apply: UNSUPPORTED },
  { long: ['mtime'], arg: 'required', apply: UNSUPPORTED },
  { long: ['newer', 'after-date'], short: 'N', arg: 'required', apply: UNSUPPORTED },
  { long: ['remove-files'], apply: UNSUPPORTED },
  { long: ['one-file-system'], apply: UNSUPPORTED },
  { long: ['occurrence'], arg: 'optional', apply: UNSUPPORTED },
  { long: ['null'], apply: UNSUPPORTED },
  { long: ['help'], short: '?', apply: UNSUPPORTED },
  { long: ['usage'], apply: UNSUPPORTED },
  { long: ['show-defaults'], apply: UNSUPPORTED },
];

/**
 * Every other long option of GNU tar 1.35: abbreviations are resolved against the full list,
 * so `--ver` is ambiguous here as it is there; naming one of these fails as unsupported.
 */
const OTHER_GNU_LONG_OPTIONS = (
  'acls add-file anchored atime-preserve backup block-number check-device check-links checkpoint checkpoint-action ' +
  'clamp-mtime delay-directory-restore exclude-backups exclude-caches exclude-caches-all exclude-caches-under ' +
  'exclude-ignore exclude-ignore-recursive exclude-tag exclude-tag-all exclude-tag-under exclude-vcs exclude-vcs-ignores ' +
  'force-local full-time group-map hard-dereference hole-detection ignore-case ignore-command-error index-file ' +
  'info-script keep-directory-symlink keep-newer-files level new-volume-script newer-mtime no-acls no-anchored ' +
  'no-check-device no-delay-directory-restore no-ignore-case no-ignore-command-error no-null no-overwrite-dir ' +
  'no-quote-chars no-seek no-selinux no-unquote no-verbatim-files-from no-wildcards-match-slash no-xattrs old-archive ' +
  'one-top-level overwrite-dir owner-map pax-option portability posix quote-chars quoting-style recursive-unlink ' +
  'restrict rmt-command rsh-command seek selinux show-omitted-dirs show-snapshot-field-ranges show-stored-names ' +
  'show-transformed-names sparse sparse-version starting-file suffix tape-length to-command unquote utc ' +
  'verbatim-files-from verify volno-file warning wildcards-match-slash xattrs xattrs-exclude xattrs-include'
).split(' ');

const LONG_NAMES: [string, OptionSpec | undefined][] = [
  ...SPECS.flatMap((spec) => spec.long.map((name): [string, OptionSpec] => [name, spec])),
  ...OTHER_GNU_LONG_OPTIONS.map((name): [string, undefined] => [name, undefined]),
];

const SHORT = new Map(SPECS.filter((s) => s.short).map((s) => [s.short!, s]));

function checkBlockingFactor(value: string): void {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${value}: Invalid blocking factor`, 2);
}

function findLong(name: string): { canonical: string; spec: OptionSpec | undefined } {
  const exact = LONG_NAMES.find(([n]) => n === name);
  if (exact) return { canonical: exact[0], spec: exact[1] };
  const matches = LONG_NAMES.filter(([n]) => n.startsWith(name));
  const specs = new Set(matches.map(([n, s]) => s ?? n));
  if (matches.length === 0) throw new UsageError(`unrecognized option '--${name}'`);
  if (specs.size > 1) {
    throw new UsageError(`option '--${name}' is ambiguous; possibilities:${matches.map(([n]) => ` '--${n}'`).join('')}`);
  }
  return { canonical: matches[0]![0], spec: matches[0]![1] };
}

/** Turn `tar cvf a.tar d` into `tar -c -v -f a.tar d`: each letter that takes a value takes the next word. */
function expandOldStyle(args: readonly string[]): string[] {
  const first = args[0];
  if (first === undefined || first.startsWith('-')) return [...args];
  const out: string[] = [];
  let next = 1;
  for (const letter of first) {
    const spec = SHORT.get(letter);
    out.push(`-${letter}`);
    if (spec?.arg === 'required') {
      if (next >= args.length) throw new UsageError(`option requires an argument -- '${letter}'`);
      out.push(args[next++]!);
    }
  }
  return [...out, ...args.slice(next)];
}

export function parseTarArgs(args: readonly string[]): TarOptions {
  const options: TarOptions = {
    verbose: 0,
    autoCompress: false,
    toStdout: false,
    stripComponents: 0,
    numericOwner: false,
    dereference: false,
    absoluteNames: false,
    touch: false,
    recursion: true,
    excludes: [],
    operands: [],
    finalDir: '',
    showVersion: false,
  };
  let dir = '';
  const words = expandOldStyle(args);
  const apply = (spec: OptionSpec, shown: string, value: string) => {
    const canonical = spec.long[0];
    if (canonical === 'directory') dir = dir === '' || value.startsWith('/') ? value : `${dir}/${value}`;
    else if (canonical === 'files-from') options.operands.push({ kind: 'files-from', file: value, dir });
    else {
      try {
        spec.apply?.(options, value);
      } catch (err) {
        if (err instanceof UnsupportedOption) throw new UsageError(`option '${shown}' is not supported by this tar`, 2);
        throw err;
      }
    }
  };
  let onlyOperands = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (onlyOperands || word === '-' || !word.startsWith('-')) {
      options.operands.push({ kind: 'name', name: word, dir });
      continue;
    }
    if (word === '--') {
      onlyOperands = true;
      continue;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      const { canonical, spec } = findLong(name);
      if (spec === undefined) throw new UsageError(`option '--${canonical}' is not supported by this tar`, 2);
      let value = eq < 0 ? undefined : word.slice(eq + 1);
      if (spec.arg === undefined && value !== undefined) throw new UsageError(`option '--${canonical}' doesn't allow an argument`);
      if (spec.arg === 'required' && value === undefined) {
        if (i + 1 >= words.length) throw new UsageError(`option '--${canonical}' requires an argument`);
        value = words[++i]!;
      }
      apply(spec, `--${canonical}`, value ?? '');
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const letter = word[j]!;
      const spec = SHORT.get(letter);
      if (spec === undefined) throw new UsageError(`invalid option -- '${letter}'`);
      if (spec.arg === 'required') {
        let value = word.slice(j + 1);
        if (value === '') {
          if (i + 1 >= words.length) throw new UsageError(`option requires an argument -- '${letter}'`);
          value = words[++i]!;
        }
        apply(spec, `-${letter}`, value);
        break;
      }
      apply(spec, `-${letter}`, '');
    }
  }
  options.finalDir = dir;
  return options;
}
