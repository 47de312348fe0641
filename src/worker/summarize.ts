import type { EfficiencyReport } from '../engine/analysis/efficiency.ts';
import type { ImageVerification } from '../engine/image/verify.ts';
import type { Image, ImageConfigFile, ImageHistoryItem, Layer, LayerVerification } from '../engine/image/types.ts';
import {
  MAX_WASTED_FILES,
  type ConfigHighlights,
  type EfficiencySummary,
  type ImageSummary,
  type LayerSummary,
  type VerificationSummary,
} from './engine-api.ts';

/**
 * Pure conversions from engine objects to the plain JSON the page renders. Kept apart from the
 * worker's message plumbing so they can be tested in Node.
 */

export function platformString(config: Pick<ImageConfigFile, 'os' | 'architecture' | 'variant'>): string {
  return [config.os || 'unknown', config.architecture || 'unknown', config.variant].filter(Boolean).join('/');
}

/** Only arrays of strings survive: configs in the wild carry `null` and worse. */
function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
}

export function configHighlights(configFile: ImageConfigFile): ConfigHighlights {
  const c = configFile.config ?? {};
  const highlights: ConfigHighlights = {
    platform: platformString(configFile),
    env: stringList(c.Env) ?? [],
    exposedPorts: c.ExposedPorts && typeof c.ExposedPorts === 'object' ? Object.keys(c.ExposedPorts).sort() : [],
    labels: stringRecord(c.Labels),
  };
  const created = nonEmptyString(configFile.created);
  const entrypoint = stringList(c.Entrypoint);
  const cmd = stringList(c.Cmd);
  const workingDir = nonEmptyString(c.WorkingDir);
  const user = nonEmptyString(c.User);
  if (created !== undefined) highlights.created = created;
  if (entrypoint !== undefined) highlights.entrypoint = entrypoint;
  if (cmd !== undefined) highlights.cmd = cmd;
  if (workingDir !== undefined) highlights.workingDir = workingDir;
  if (user !== undefined) highlights.user = user;
  return highlights;
}

/** `createdBy` per layer index, from history entries already joined to layers. */
function createdByLayer(history: readonly ImageHistoryItem[]): Map<number, string> {
  const byLayer = new Map<number, string>();
  for (const item of history) {
    if (item.layerIndex !== undefined && item.created_by) byLayer.set(item.layerIndex, item.created_by);
  }
  return byLayer;
}

/** A layer as the page shows it; `state` defaults to the layer's current verification. */
export function layerSummary(layer: Layer, createdBy?: string, state: LayerVerification = layer.verification): LayerSummary {
  const summary: LayerSummary = {
    digest: layer.digest,
    diffId: layer.diffId,
    mediaType: layer.mediaType,
    size: layer.size,
    blob: state.blob,
    diffIdCheck: state.diffId,
  };
  if (createdBy !== undefined) summary.createdBy = createdBy;
  if (state.actualDigest !== undefined && state.actualDigest !== layer.digest) summary.actualDigest = state.actualDigest;
  if (state.actualDiffId !== undefined && state.actualDiffId !== layer.diffId) summary.actualDiffId = state.actualDiffId;
  if (state.note !== undefined) summary.note = state.note;
  if (layer.missing) summary.missing = true;
  return summary;
}

export function layerSummaries(
  image: Image,
  history: readonly ImageHistoryItem[],
  states: readonly (LayerVerification | undefined)[] = [],
): LayerSummary[] {
  const createdBy = createdByLayer(history);
  return image.layers.map((layer, i) => layerSummary(layer, createdBy.get(i), states[i]));
}

export function imageSummary(image: Image, index: number, history: readonly ImageHistoryItem[]): ImageSummary {
  const summary: ImageSummary = {
    index,
    id: image.id,
    repoTags: [...image.repoTags],
    config: configHighlights(image.configFile),
    configCheck: image.configVerification,
    layers: layerSummaries(image, history),
    totalLayerBytes: image.layers.reduce((sum, layer) => sum + layer.size, 0),
  };
  if (image.manifestDigest !== undefined) summary.manifestDigest = image.manifestDigest;
  return summary;
}

/** The report, trimmed to its first (worst) `MAX_WASTED_FILES` files so a huge image stays cheap to post. */
export function efficiencySummary(report: EfficiencyReport): EfficiencySummary {
  return {
    sizeBytes: report.sizeBytes,
    userSizeBytes: report.userSizeBytes,
    wastedBytes: report.wastedBytes,
    userWastedPercent: report.userWastedPercent,
    efficiency: report.efficiency,
    // Already largest waste first, in dive's order: keep it.
    inefficientFiles: report.inefficientFiles
      .slice(0, MAX_WASTED_FILES)
      .map(({ path, count, wastedBytes }) => ({ path, count, wastedBytes })),
    inefficientFileCount: report.inefficientFiles.length,
  };
}

/** The engine's verification of an image, joined to its layers for display. */
export function verificationSummary(
  image: Image,
  verification: ImageVerification,
  history: readonly ImageHistoryItem[],
): VerificationSummary {
  const states = verification.layers.map((report) => report.state);
  return {
    configCheck: verification.config,
    layers: layerSummaries(image, history, states),
    allVerified: verification.ok,
  };
}
