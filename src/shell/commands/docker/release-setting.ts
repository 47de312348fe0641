/**
 * Which Docker release a `docker` command imitates: LAYERLAB_DOCKER_VERSION in the shell's
 * environment when set, otherwise the daemon's own setting (what a lesson's front matter sets,
 * `daemon.release`). The two finer knobs keep working and win over the release's defaults:
 * LAYERLAB_DOCKER_SAVE_FORMAT (`docker save`'s layout) and DOCKER_BUILDKIT (the builder).
 */
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import { DOCKER_RELEASE_NAMES, DOCKER_RELEASE_VARIABLE, parseDockerRelease, type DockerRelease } from '../../../engine/docker/release.ts';
import type { SaveFormat } from '../../../engine/docker/save.ts';

type Environment = { get(name: string): string | undefined };

/** The environment variable that picks `docker save`'s layout: `legacy` (Docker ≤ 24) or `oci` (25+). */
export const SAVE_FORMAT_VARIABLE = 'LAYERLAB_DOCKER_SAVE_FORMAT';

/** The release in force; an unknown LAYERLAB_DOCKER_VERSION leaves the daemon's (the command refuses it first, see `releaseSettingError`). */
export function releaseOf(daemon: DockerDaemon, env: Environment): DockerRelease {
  const text = env.get(DOCKER_RELEASE_VARIABLE);
  return (text ? parseDockerRelease(text) : undefined) ?? daemon.release;
}

/** The one-line refusal of a LAYERLAB_DOCKER_VERSION the playground does not imitate, or undefined. */
export function releaseSettingError(env: Environment): string | undefined {
  const text = env.get(DOCKER_RELEASE_VARIABLE);
  if (!text || parseDockerRelease(text)) return undefined;
  return `docker: ${DOCKER_RELEASE_VARIABLE}=${text}: the playground imitates Docker ${DOCKER_RELEASE_NAMES.join(', ')}\n`;
}

/** `docker save`'s layout: LAYERLAB_DOCKER_SAVE_FORMAT when it names one, else the release's. */
export function saveFormatOf(daemon: DockerDaemon, env: Environment): SaveFormat {
  const explicit = env.get(SAVE_FORMAT_VARIABLE);
  if (explicit === 'legacy' || explicit === 'oci') return explicit;
  return releaseOf(daemon, env).saveFormat;
}

/** Whether `docker build` runs the legacy builder: DOCKER_BUILDKIT when set (as docker/cli parses it), else the release's default. */
export function legacyBuilderOf(daemon: DockerDaemon, env: Environment): boolean {
  const explicit = env.get('DOCKER_BUILDKIT');
  if (explicit !== undefined && explicit !== '') {
    if (/^(0|false|f|FALSE|False)$/.test(explicit)) return true;
    if (/^(1|true|t|TRUE|True)$/.test(explicit)) return false;
  }
  return !releaseOf(daemon, env).buildkitByDefault;
}
