import type { CompressBlocks } from './compress-types.ts';
import { createSha256x4Kernel, DATA_ADDR, LANE_BYTES, LANES } from './compress-wasm-x4.ts';
import type { Sha256x4Kernel } from './compress-wasm-x4.ts';
import { compressFor, digestOfState, Sha256, sha256Padding, toHex } from './sha256.ts';
import type { Sha256Hasher } from './sha256.ts';
import { BLOCK_BYTES, INITIAL_STATE } from './sha256-constants.ts';

/** `'auto'`: the 4-lane SIMD kernel where the platform has wasm SIMD; `'single'`: plain `Sha256`s. */
export type Sha256x4Implementation = 'auto' | 'single';

/**
 * Several SHA-256 streams hashed side by side: each `hasher()` takes one of four SIMD lanes
 * (compress-wasm-x4.ts), so four streams that progress together cost little more than 1.5 hashed
 * alone. Each lane buffers its input in the kernel's memory; when a lane's buffer is full (or
 * it is finalised) its blocks are hashed together with whatever the other lanes have buffered,
 * and alone (by the one-stream kernel) only when no other lane has a block waiting. So the
 * speed-up needs the streams to be fed in step (interleaved chunks); the digests never depend
 * on it. Without wasm SIMD, or when all four lanes are taken, `hasher()` returns a plain `Sha256`.
 */
export class Sha256x4 {
  private readonly kernel: Sha256x4Kernel | null;
  private readonly lanes: (Lane | null)[] = Array<Lane | null>(LANES).fill(null);
  private readonly scalar: CompressBlocks = compressFor('auto');
  private readonly savedState = new Int32Array(8 * LANES);
  /** Blocks hashed in 4-lane passes and by the one-lane kernel: how well the streams were fed in step. */
  readonly blocksHashed = { together: 0, alone: 0 };

  constructor(implementation: Sha256x4Implementation = 'auto') {
    this.kernel = implementation === 'auto' ? createSha256x4Kernel() : null;
  }

  /** Whether hashers share the 4-lane SIMD kernel (false: each is a plain `Sha256`). */
  get simd(): boolean {
    return this.kernel !== null;
  }

  /** A new hasher; its lane is free again once it is digested. */
  hasher(): Sha256Hasher {
    const free = this.kernel ? this.lanes.indexOf(null) : -1;
    if (free < 0) return new Sha256();
    const lane = new Lane(this, this.kernel!, free);
    this.lanes[free] = lane;
    return lane;
  }

  /** @internal Called by a lane once digested. */
  release(lane: Lane): void {
    this.lanes[lane.index] = null;
  }

  /**
   * Hash every whole block `lane` has buffered: in 4-lane passes together with the other lanes
   * that have blocks buffered (as many blocks as the shortest of them has), then alone.
   */
  drain(lane: Lane): void {
    const kernel = this.kernel!;
    while (lane.pendingBlocks() > 0) {
      const active = this.lanes.filter((l): l is Lane => l !== null && l.pendingBlocks() > 0);
      if (active.length === 1) {
        const state = new Int32Array(8);
        for (let j = 0; j < 8; j++) state[j] = kernel.state[4 * j + lane.index]!;
        const blocks = lane.pendingBlocks();
        this.scalar(state, kernel.memory, lane.base + lane.start, blocks);
        this.blocksHashed.alone += blocks;
        for (let j = 0; j < 8; j++) kernel.state[4 * j + lane.index] = state[j]!;
        lane.start += blocks * BLOCK_BYTES;
        continue;
      }
      const blocks = Math.min(...active.map((l) => l.pendingBlocks()));
      // Idle lanes run too, over whatever bytes their region holds: keep their state aside.
      this.savedState.set(kernel.state);
      const pointer = (k: number) => {
        const l = this.lanes[k];
        return l && active.includes(l) ? l.base + l.start : DATA_ADDR + k * LANE_BYTES;
      };
      kernel.compress4(pointer(0), pointer(1), pointer(2), pointer(3), blocks);
      this.blocksHashed.together += blocks * active.length;
      for (let k = 0; k < LANES; k++) {
        const l = this.lanes[k];
        if (l && active.includes(l)) l.start += blocks * BLOCK_BYTES;
        else for (let j = 0; j < 8; j++) kernel.state[4 * j + k] = this.savedState[4 * j + k]!;
      }
    }
  }
}

/** One stream of a `Sha256x4`: its input buffered at `base + start … base + end` of the kernel's memory. */
class Lane implements Sha256Hasher {
  readonly base: number;
  start = 0;
  end = 0;
  private length = 0;
  private finished: Uint8Array | undefined;

  constructor(
    private readonly group: Sha256x4,
    private readonly kernel: Sha256x4Kernel,
    readonly index: number,
  ) {
    this.base = DATA_ADDR + index * LANE_BYTES;
    for (let j = 0; j < 8; j++) kernel.state[4 * j + index] = INITIAL_STATE[j]!;
  }

  pendingBlocks(): number {
    return Math.floor((this.end - this.start) / BLOCK_BYTES);
  }

  update(data: Uint8Array): this {
    if (this.finished) throw new Error('Sha256: update() after digest()');
    this.length += data.length;
    for (let pos = 0; pos < data.length; ) {
      if (this.end === LANE_BYTES) this.makeRoom();
      const n = Math.min(LANE_BYTES - this.end, data.length - pos);
      this.kernel.memory.set(data.subarray(pos, pos + n), this.base + this.end);
      this.end += n;
      pos += n;
    }
    return this;
  }

  /** Hash what is buffered if the buffer has no free space left of what was hashed, then compact. */
  private makeRoom(): void {
    if (this.start === 0) this.group.drain(this);
    this.kernel.memory.copyWithin(this.base, this.base + this.start, this.base + this.end);
    this.end -= this.start;
    this.start = 0;
  }

  digest(): Uint8Array {
    if (this.finished) return this.finished.slice();
    this.group.drain(this);
    this.makeRoom(); // now less than one block is buffered, at the start of the region
    const padding = sha256Padding(this.length);
    this.kernel.memory.set(padding, this.base + this.end);
    this.end += padding.length;
    this.group.drain(this);
    const state = Array.from({ length: 8 }, (_, j) => this.kernel.state[4 * j + this.index]!);
    this.finished = digestOfState(state);
    this.group.release(this);
    return this.finished.slice();
  }

  hex(): string {
    return toHex(this.digest());
  }
}
