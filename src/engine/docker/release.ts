/**
 * The Docker release the playground imitates: 27 (the default), 20.10 or 18.09, the releases the
 * workshop texts were written against. One setting switches together what changed between them:
 * `docker save`'s layout, the default builder, `docker image inspect`'s fields, `docker version`,
 * `docker info` and the tables' column width.
 *
 * Each old line is its last patch release as Docker's own packages print it (docker-ce .deb/.rpm):
 * - 20.10.24: client 297e128, engine 5d6db84, go1.19.7, with containerd 1.6.20 / runc 1.1.5 /
 *   docker-init 0.19.0 (a `docker version` on Ubuntu published in KodeKloud lab notes, 2023).
 * - 18.09.9: client 039a7df9ba, engine 039a7df, go1.11.13; 18.09's `docker version` lists no
 *   components (several CentOS 7 installs' published output, identical build dates).
 * What changed in the API: moby's docs/api/version-history.md — v1.45 (Docker 26) drops
 * `Container` and `ContainerConfig` from GET /images/{name}/json, v1.44 omits `VirtualSize`;
 * `DockerVersion` stays.
 */
import type { SaveFormat } from './save.ts';

export type DockerReleaseName = '27' | '20.10' | '18.09';

/** The environment variable that picks the release (as a lesson's front matter does through the daemon). */
export const DOCKER_RELEASE_VARIABLE = 'LAYERLAB_DOCKER_VERSION';

export interface VersionComponent {
  readonly name: string;
  readonly version: string;
  readonly gitCommit: string;
}

export interface DockerRelease {
  readonly name: DockerReleaseName;
  /** `docker version`'s Version: the line's last patch release. */
  readonly version: string;
  readonly apiVersion: string;
  readonly minApiVersion: string;
  readonly client: { readonly platform: string; readonly gitCommit: string; readonly goVersion: string; readonly built: string };
  readonly server: {
    readonly platform: string;
    /** What `docker version` prints after `Server: ` when not the platform's name. */
    readonly heading?: string;
    readonly gitCommit: string;
    readonly goVersion: string;
    readonly built: string;
  };
  /** What `docker version` lists under the engine (20.10 shows containerd, runc, docker-init). */
  readonly components: readonly VersionComponent[];
  /** `docker save`'s layout: Docker ≤ 24 writes the legacy one. */
  readonly saveFormat: SaveFormat;
  /** BuildKit is the default builder from Docker 23 on; before, only with DOCKER_BUILDKIT=1. */
  readonly buildkitByDefault: boolean;
  /** Image inspect's `Container` and `ContainerConfig` (API < 1.45), `VirtualSize` (API < 1.44). */
  readonly inspectContainerConfig: boolean;
  readonly inspectVirtualSize: boolean;
  /** 20.10's types.ImageInspect has `Variant` (omitempty) after Architecture; 18.09's had none yet. */
  readonly inspectVariant: boolean;
  /** docker/cli's tabwriter minwidth: 20 until 20.10 narrowed the tables to 10. */
  readonly tableMinWidth: number;
  /** `docker pull` ends with the full reference pulled (`docker.io/library/busybox:latest`) from 19.03 on. */
  readonly pullPrintsReference: boolean;
}

const RELEASES: Readonly<Record<DockerReleaseName, DockerRelease>> = {
  '27': {
    name: '27',
    version: '27.5.1',
    apiVersion: '1.47',
    minApiVersion: '1.24',
    // Fields that would describe the build say what the playground is (its engine is TypeScript).
    client: { platform: 'Docker Engine - Community', gitCommit: 'layerlab', goVersion: 'go1.22.11', built: 'Wed Jan 22 13:41:48 2025' },
    server: {
      platform: 'Docker Engine - Community',
      heading: 'layerlab playground (emulating Docker Engine - Community)',
      gitCommit: 'layerlab',
      goVersion: 'none (written in TypeScript, running in your browser)',
      built: 'Wed Jan 22 13:41:48 2025',
    },
    components: [],
    saveFormat: 'oci',
    buildkitByDefault: true,
    inspectContainerConfig: false,
    inspectVirtualSize: false,
    inspectVariant: true,
    tableMinWidth: 10,
    pullPrintsReference: true,
  },
  '20.10': {
    name: '20.10',
    version: '20.10.24',
    apiVersion: '1.41',
    minApiVersion: '1.12',
    client: { platform: 'Docker Engine - Community', gitCommit: '297e128', goVersion: 'go1.19.7', built: 'Tue Apr  4 18:21:05 2023' },
    server: { platform: 'Docker Engine - Community', gitCommit: '5d6db84', goVersion: 'go1.19.7', built: 'Tue Apr  4 18:18:48 2023' },
    components: [
      { name: 'containerd', version: '1.6.20', gitCommit: '2806fc1057397dbaeefbea0e4e17bddfbd388f38' },
      { name: 'runc', version: '1.1.5', gitCommit: 'v1.1.5-0-gf19387a' },
      { name: 'docker-init', version: '0.19.0', gitCommit: 'de40ad0' },
    ],
    saveFormat: 'legacy',
    buildkitByDefault: false,
    inspectContainerConfig: true,
    inspectVirtualSize: true,
    inspectVariant: true,
    tableMinWidth: 10,
    pullPrintsReference: true,
  },
  '18.09': {
    name: '18.09',
    version: '18.09.9',
    apiVersion: '1.39',
    minApiVersion: '1.12',
    // 18.09's CLI had no platform name of its own: its header is a bare `Client:`.
    client: { platform: '', gitCommit: '039a7df9ba', goVersion: 'go1.11.13', built: 'Wed Sep  4 16:51:21 2019' },
    server: { platform: 'Docker Engine - Community', gitCommit: '039a7df', goVersion: 'go1.11.13', built: 'Wed Sep  4 16:22:32 2019' },
    components: [],
    saveFormat: 'legacy',
    buildkitByDefault: false,
    inspectContainerConfig: true,
    inspectVirtualSize: true,
    inspectVariant: false,
    tableMinWidth: 20,
    pullPrintsReference: false,
  },
};

export const DEFAULT_DOCKER_RELEASE: DockerRelease = RELEASES['27'];

/** The names a setting may use: the line (`20.10`), a patch release of it (`20.10.24`), `27`, `27.5.1`. */
export function parseDockerRelease(text: string): DockerRelease | undefined {
  const match = /^(\d+)(?:\.(\d+))?(?:\.\d+)?$/.exec(text.trim());
  if (!match) return undefined;
  const [, major, minor] = match;
  if (major === '27') return RELEASES['27'];
  if (minor === undefined) return undefined;
  return RELEASES[`${major}.${minor}` as DockerReleaseName];
}

export const DOCKER_RELEASE_NAMES: readonly DockerReleaseName[] = Object.keys(RELEASES) as DockerReleaseName[];

export function dockerRelease(name: DockerReleaseName): DockerRelease {
  return RELEASES[name];
}
