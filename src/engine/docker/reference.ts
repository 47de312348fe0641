/**
 * Image references the way Docker reads them (github.com/distribution/reference): `redis`,
 * `redis:7`, `localhost:5000/busybox`, `redis@sha256:…`. A name without a registry is on
 * docker.io, and a one-part Docker Hub name is in `library/`.
 */
import { LayerlabError } from '../errors.ts';

export const DEFAULT_DOMAIN = 'docker.io';
export const DEFAULT_TAG = 'latest';

export interface ImageReference {
  /** Registry host[:port], e.g. `docker.io`, `localhost:5000`. */
  readonly domain: string;
  /** Repository path inside the registry, e.g. `library/redis`. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** A malformed reference; the message is Docker's. */
export class ImageReferenceError extends LayerlabError {
  constructor(message: string) {
    super('INVALID_REFERENCE', message);
  }
}

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

/** `ParseNormalizedNamed`: a reference as typed, completed with docker.io and library/. */
export function parseNormalizedNamed(text: string): ImageReference {
  if (IDENTIFIER.test(text)) throw new ImageReferenceError(`invalid repository name (${text}), cannot specify 64-byte hexadecimal strings`);
  const [domain, remainder] = splitDockerDomain(text);
  const nameEnd = remainder.search(/[:@]/);
  const remoteName = nameEnd < 0 ? remainder : remainder.slice(0, nameEnd);
  if (remoteName.toLowerCase() !== remoteName) {
    throw new ImageReferenceError(`invalid reference format: repository name (${remoteName}) must be lowercase`);
  }
  const match = REFERENCE.exec(`${domain}/${remainder}`);
  if (!match) throw new ImageReferenceError('invalid reference format');
  const name = match[1]!;
  if (name.length > NAME_TOTAL_LENGTH_MAX) throw new ImageReferenceError(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  const slash = name.indexOf('/');
  return {
    domain: name.slice(0, slash),
    path: name.slice(slash + 1),
    ...(match[2] !== undefined ? { tag: match[2] } : {}),
    ...(match[3] !== undefined ? { digest: match[3] } : {}),
  };
}

function splitDockerDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  if (i < 0 || (!/[.:]/.test(name.slice(0, i)) && name.slice(0, i) !== 'localhost' && name.slice(0, i).toLowerCase() === name.slice(0, i))) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = name.slice(0, i);
    remainder = name.slice(i + 1);
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = `library/${remainder}`;
  return [domain, remainder];
}

/** `TagNameOnly`: a name with neither tag nor digest gets `:latest`. */
export function withDefaultTag(ref: ImageReference): ImageReference {
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: DEFAULT_TAG } : ref;
}

/** `docker.io/library/redis` */
export function fullName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** `docker.io/library/redis:7` (or `…@sha256:…`): what `String()` gives. */
export function fullString(ref: ImageReference): string {
  return fullName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** `FamiliarName`: `redis`, `bitnami/redis`, `localhost:5000/busybox`. */
export function familiarName(ref: ImageReference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return fullName(ref);
  return ref.path.startsWith('library/') && ref.path.split('/').length === 2 ? ref.path.slice('library/'.length) : ref.path;
}

/** `FamiliarString`: `redis:7`, `redis@sha256:…`. */
export function familiarString(ref: ImageReference): string {
  return familiarName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** `ParseAnyReference`: 64 hex digits or `sha256:…` name an image ID; anything else is a name. */
export function parseAnyReference(text: string): { id: string } | { ref: ImageReference } {
  if (IDENTIFIER.test(text)) return { id: `sha256:${text}` };
  if (/^sha256:[a-f0-9]{64}$/.test(text)) return { id: text };
  return { ref: parseNormalizedNamed(text) };
}
