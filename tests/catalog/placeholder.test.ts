import { describe, expect, it } from 'vitest';
import { parsePlaceholder, placeholderBinary } from '../../src/catalog/placeholder.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('placeholder binaries', () => {
  it('are the ELF magic, then the documented lines', () => {
    const bytes = placeholderBinary('redis-server', { version: '3.2.11', realSize: 5810600 });
    expect([...bytes.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(text(bytes.subarray(4))).toBe(
      '\nlayerlab placeholder: this is not the real redis-server binary.\nlayerlab-program: redis-server\nversion: 3.2.11\nreal-size: 5810600\n',
    );
  });

  it('parse back to what they were made from', () => {
    for (const info of [{ program: 'busybox', version: '1.37.0', realSize: 2214424 }, { program: 'ld-musl-x86_64.so.1', version: '1.2.5', realSize: 0 }]) {
      expect(parsePlaceholder(placeholderBinary(info.program, info))).toEqual(info);
    }
  });

  it('leave anything else alone: scripts, real ELF files, truncated or damaged placeholders', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(parsePlaceholder(enc('#!/bin/sh\nexec "$@"\n'))).toBeUndefined();
    expect(parsePlaceholder(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0))).toBeUndefined();
    const good = placeholderBinary('nginx', { version: '1.29.1', realSize: 1553600 });
    expect(parsePlaceholder(good.subarray(0, 40))).toBeUndefined();
    expect(parsePlaceholder(enc(text(good).replace('real-size: 1553600', 'real-size: lots')))).toBeUndefined();
  });

  it('refuse names that would break the line format', () => {
    expect(() => placeholderBinary('two\nlines', { version: '1', realSize: 1 })).toThrow();
    expect(() => placeholderBinary('x', { version: '', realSize: 1 })).toThrow();
    expect(() => placeholderBinary('x', { version: '1', realSize: -1 })).toThrow();
  });
});
