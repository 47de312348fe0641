/** The worker's pure conversions from engine objects to the JSON the page renders. */
import { describe, expect, it } from 'vitest';
import type { ImageConfigFile } from '../../src/engine/image/types.ts';
import { MAX_WASTED_FILES } from '../../src/worker/engine-api.ts';
import { configHighlights, efficiencySummary, platformString } from '../../src/worker/summarize.ts';

const base: ImageConfigFile = { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } };

describe('configHighlights', () => {
  it('keeps what a config sets', () => {
    const highlights = configHighlights({
      ...base,
      variant: 'v8',
      created: '2024-01-02T03:04:05Z',
      config: {
        Entrypoint: ['/docker-entrypoint.sh'],
        Cmd: ['nginx', '-g', 'daemon off;'],
        Env: ['A=1'],
        WorkingDir: '/srv',
        User: '101:101',
        ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
        Labels: { maintainer: 'someone' },
      },
    });
    expect(highlights).toEqual({
      platform: 'linux/amd64/v8',
      created: '2024-01-02T03:04:05Z',
      entrypoint: ['/docker-entrypoint.sh'],
      cmd: ['nginx', '-g', 'daemon off;'],
      env: ['A=1'],
      workingDir: '/srv',
      user: '101:101',
      exposedPorts: ['443/tcp', '80/tcp'],
      labels: { maintainer: 'someone' },
    });
  });

  it('drops nulls and ill-typed values that real configs carry', () => {
    const highlights = configHighlights({
      ...base,
      config: { Entrypoint: null, Cmd: null, Env: [1, 2] as unknown as string[], Labels: null, WorkingDir: '', User: '' },
    });
    expect(highlights).toEqual({ platform: 'linux/amd64', env: [], exposedPorts: [], labels: {} });
    expect(configHighlights(base)).toEqual({ platform: 'linux/amd64', env: [], exposedPorts: [], labels: {} });
  });

  it('names a platform even when the config omits it', () => {
    expect(platformString({ os: '', architecture: '' })).toBe('unknown/unknown');
  });
});

describe('efficiencySummary', () => {
  // The engine lists the worst files first (dive's order); the summary keeps that order.
  const files = Array.from({ length: MAX_WASTED_FILES + 5 }, (_, i) => ({ path: `/f${i}`, count: 2, wastedBytes: 1000 - i * 10 }));
  const report = { sizeBytes: 1000, userSizeBytes: 600, wastedBytes: 300, userWastedPercent: 0.5, efficiency: 0.7, inefficientFiles: files };

  it("keeps the first, worst files in the engine's order, and counts them all", () => {
    const summary = efficiencySummary(report);
    expect(summary.inefficientFileCount).toBe(MAX_WASTED_FILES + 5);
    expect(summary.inefficientFiles).toEqual(files.slice(0, MAX_WASTED_FILES));
    expect(summary).toMatchObject({ sizeBytes: 1000, userSizeBytes: 600, wastedBytes: 300, userWastedPercent: 0.5, efficiency: 0.7 });
  });

  it("sends plain objects, not the engine's", () => {
    const withExtra = { ...report, inefficientFiles: [{ path: '/a', count: 3, wastedBytes: 5, nodes: [{}] }] };
    expect(efficiencySummary(withExtra).inefficientFiles).toEqual([{ path: '/a', count: 3, wastedBytes: 5 }]);
  });
});
