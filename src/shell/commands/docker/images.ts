/**
 * `docker images` / `docker image ls`: the daemon's image list (newest first, `reference` and
 * `dangling` filters as moby applies them) printed by docker/cli's image formatter — one row per
 * repository and tag, `<none>` for dangling images, the table through Go's tabwriter.
 * https://github.com/docker/cli/blob/v27.5.1/cli/command/formatter/image.go
 */
import type { ExecResult } from 'just-bash';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import { parseNormalizedNamed } from '../../../engine/docker/reference.ts';
import type { StoredImage } from '../../../engine/docker/types.ts';
import { humanDuration, humanSize, humanSizeWithPrecision } from '../../../engine/docker/units.ts';
import { errorResult, fail, flagBool, flagString, LIST_FORMAT_FLAG, ok, parseDockerFlags, type CommandSpec } from './cli.ts';
import { filterArgs, filterBool, filterMatchLabels, timestampOf, validateFilters, type FilterArgs } from './filters.ts';
import { goString, goValue, isTemplateError, mapOf, parseTemplate, type GoType } from './go-template.ts';
import { tabwrite } from './history.ts';

const FLAGS: CommandSpec['flags'] = [
  { long: 'all', short: 'a', kind: 'bool', help: 'Show all images (default hides intermediate images)' },
  { long: 'digests', kind: 'bool', help: 'Show digests' },
  { long: 'filter', short: 'f', kind: 'list', value: 'filter', help: 'Filter output based on conditions provided' },
  LIST_FORMAT_FLAG,
  { long: 'no-trunc', kind: 'bool', help: "Don't truncate output" },
  { long: 'quiet', short: 'q', kind: 'bool', help: 'Only show image IDs' },
];

export const IMAGES: CommandSpec = {
  path: 'docker images',
  use: 'images [OPTIONS] [REPOSITORY[:TAG]]',
  short: 'List images',
  aliases: 'docker image ls, docker image list, docker images',
  flags: FLAGS,
  args: { min: 0, max: 1 },
};
export const IMAGE_LS: CommandSpec = { ...IMAGES, path: 'docker image ls', use: 'image ls [OPTIONS] [REPOSITORY[:TAG]]' };

const DEFAULT_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';
const DIGEST_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';
const HEADERS: Record<string, string> = {
  ID: 'IMAGE ID',
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Digest: 'DIGEST',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Containers: 'CONTAINERS',
  VirtualSize: 'SIZE',
  SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE',
};
/** The formatter's imageContext: its methods are what a template may name; `json` prints them all, sorted. */
const IMAGE_CONTEXT: GoType = {
  kind: 'struct',
  name: '*formatter.imageContext',
  fields: Object.keys(HEADERS).map((name) => ({ name, type: goString })),
  marshalJSON: (fields) => {
    const record = fields as Record<string, string>;
    return JSON.stringify(Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]])));
  },
};

interface Row {
  image: StoredImage;
  repo: string;
  tag: string;
  digest: string;
}

/** `tableMinWidth`: docker/cli's tabwriter minwidth, 20 before Docker 20.10. */
export function dockerImages(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[], tableMinWidth = 10): ExecResult {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const filters = filterArgs(spec, parsed);
  if ('exitCode' in filters) return filters;
  const references = [...(filters.get('reference') ?? [])];
  if (parsed.positional[0] !== undefined) references.push(parsed.positional[0]);
  let dangling: boolean | undefined;
  let window: { before: number; since: number };
  try {
    validateFilters(filters, IMAGE_FILTERS);
    dangling = filterBool(filters, 'dangling');
    window = createdWindow(daemon, filters);
  } catch (err) {
    return errorResult(err);
  }
  // moby's Images: created strictly between since and before, with every label asked for.
  const images = daemon.list().filter((image) => {
    const created = createdMs(image);
    if (created >= window.before || created <= window.since) return false;
    return !filters.has('label') || filterMatchLabels(filters, 'label', image.image.configFile.config?.Labels);
  });
  const digests = flagBool(parsed, 'digests');
  const format = flagString(parsed, 'format') ?? '';
  const quiet = flagBool(parsed, 'quiet');
  const rows = imageRows(images, references, dangling, digests || format.includes('{{.Digest}}'), digests);
  const now = daemon.now();
  const fieldsOf = (row: Row): Record<string, string> => {
    const created = Math.floor((Date.parse(String(row.image.image.configFile.created ?? '')) || 0) / 1000);
    const size = row.image.layerSizes.reduce((a, b) => a + b, 0);
    return {
      ID: flagBool(parsed, 'no-trunc') ? row.image.id : row.image.id.slice('sha256:'.length, 'sha256:'.length + 12),
      Repository: row.repo,
      Tag: row.tag,
      Digest: row.digest,
      CreatedSince: `${humanDuration(now - created * 1000)} ago`,
      CreatedAt: goTimeString(created),
      Size: humanSizeWithPrecision(size, 3),
      Containers: 'N/A',
      VirtualSize: humanSize(size),
      SharedSize: 'N/A',
      UniqueSize: 'N/A',
    };
  };
  let source = format === '' || format === 'table' ? (quiet ? '{{.ID}}' : digests ? DIGEST_TABLE : DEFAULT_TABLE) : format === 'json' ? '{{json .}}' : format;
  if (quiet && source.startsWith('table')) source = '{{.ID}}';
  return renderRows(source, rows.map(fieldsOf), HEADERS, IMAGE_CONTEXT, undefined, tableMinWidth);
}

/** moby's acceptedImageFilterTags. */
const IMAGE_FILTERS = ['dangling', 'label', 'before', 'since', 'reference', 'until'];

const createdMs = (image: StoredImage) => Date.parse(String(image.image.configFile.created ?? '')) || 0;

/** The `before`/`until` and `since` filters as a window of creation times (ms, exclusive). */
function createdWindow(daemon: DockerDaemon, filters: FilterArgs): { before: number; since: number } {
  let before = Infinity;
  let since = -Infinity;
  for (const name of filters.get('before') ?? []) before = createdMs(daemon.getImage(name));
  for (const value of filters.get('until') ?? []) before = Math.min(before, timestampOf(value, daemon.now()));
  for (const name of filters.get('since') ?? []) since = createdMs(daemon.getImage(name));
  return { before, since };
}

/**
 * Rows through a docker/cli format: a Go template per row, `table …` adds the header and aligns
 * (tabwriter padding 3, minwidth 10; Docker before 20.10 had minwidth 20).
 */
export function renderRows(source: string, rows: Record<string, string>[], headers: Record<string, string>, context: GoType, headerContext: GoType = mapOf(goString), tableMinWidth = 10): ExecResult {
  const isTable = source.startsWith('table');
  const body = (isTable ? source.slice('table'.length) : source).replace(/^ +| +$/g, '').replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  try {
    const template = parseTemplate(body);
    let out = rows.map((fields) => template.execute(goValue(context, fields)) + '\n').join('');
    if (isTable) out = tabwrite(template.execute(goValue(headerContext, headers), { headerFunctions: true }) + '\n' + out, tableMinWidth, 3);
    return ok(out);
  } catch (err) {
    if (!isTemplateError(err)) throw err;
    return fail(`template parsing error: ${err.message}\n`);
  }
}

/** `time.Unix(s, 0).String()` in UTC: `2018-01-10 01:27:56 +0000 UTC`. */
function goTimeString(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/** What the daemon's `Images` returns, expanded into rows as imageFormatTaggedAndDigest does. */
function imageRows(images: readonly StoredImage[], references: readonly string[], dangling: boolean | undefined, needDigest: boolean, showDigestRows: boolean): Row[] {
  const rows: Row[] = [];
  for (const image of images) {
    const match = (ref: string) => references.length === 0 || references.some((pattern) => familiarMatch(pattern, ref));
    const repoTags = image.repoTags.filter(match);
    const repoDigests = image.repoDigests.filter(match);
    if (repoTags.length === 0 && repoDigests.length === 0) {
      // Untagged: listed as <none> unless a filter asks for references or for non-dangling images.
      if (references.length > 0 || dangling === false) continue;
      if (image.repoTags.length > 0 || image.repoDigests.length > 0) continue;
      rows.push({ image, repo: '<none>', tag: '<none>', digest: '<none>' });
      continue;
    }
    if (dangling === true && repoTags.length > 0) continue;
    const tagsByRepo = new Map<string, string[]>();
    for (const ref of repoTags) {
      const colon = ref.lastIndexOf(':');
      const repo = ref.slice(0, colon);
      tagsByRepo.set(repo, [...(tagsByRepo.get(repo) ?? []), ref.slice(colon + 1)]);
    }
    const digestsByRepo = new Map<string, string[]>();
    for (const ref of repoDigests) {
      const at = ref.indexOf('@');
      const repo = ref.slice(0, at);
      digestsByRepo.set(repo, [...(digestsByRepo.get(repo) ?? []), ref.slice(at + 1)]);
    }
    for (const [repo, tags] of tagsByRepo) {
      const repoDigestsHere = needDigest ? (digestsByRepo.get(repo) ?? []) : [];
      digestsByRepo.delete(repo);
      for (const tag of tags) {
        if (repoDigestsHere.length === 0) rows.push({ image, repo, tag, digest: '<none>' });
        for (const digest of repoDigestsHere) rows.push({ image, repo, tag, digest });
      }
    }
    for (const [repo, digests] of digestsByRepo) {
      if (showDigestRows) for (const digest of digests) rows.push({ image, repo, tag: '<none>', digest });
      else rows.push({ image, repo, tag: '<none>', digest: '' });
    }
  }
  return rows;
}

/** distribution/reference's FamiliarMatch: the pattern against `name:tag`, then against the name alone. */
function familiarMatch(pattern: string, familiar: string): boolean {
  if (pathMatch(pattern, familiar)) return true;
  try {
    const ref = parseNormalizedNamed(familiar);
    const name = familiar.slice(0, familiar.length - (ref.tag ? ref.tag.length + 1 : 0) - (ref.digest ? ref.digest.length + 1 : 0));
    return pathMatch(pattern, name);
  } catch {
    return false;
  }
}

/** Go's path.Match: `*` and `?` never match `/`; `[…]` classes, `[^…]` negated; `\` escapes. */
function pathMatch(pattern: string, name: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return false;
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('^')) cls = '^' + cls.slice(1).replace(/[\\\]]/g, '\\$&');
      else cls = cls.replace(/[\\\]^]/g, '\\$&');
      source += `[${cls}]`;
      i = end;
    } else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`).test(name);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
