/**
 * `just-bash` as the browser build sees it. just-bash's browser bundle leaves out its encoding
 * helpers and its parser's entry points, which our shell code imports; they are small (a byte
 * string is a latin1 string: one char per byte) and are given here, the rest is the bundle's.
 * vite.config.ts points `just-bash` here for the page and its worker; Node uses the package.
 * It lives with the shell, its only user (the shell runs in the worker), so neither the worker
 * nor the page reaches into the other's folder for it.
 */
import { Bash } from 'just-bash/browser';
import type { ScriptNode } from 'just-bash';
import { bytesToLatin1, latin1ToBytes } from './bytes.ts';

export { Bash, createCommandContext, defineCommand, getCommandNames, InMemoryFs } from 'just-bash/browser';

type ByteString = string;

export const EMPTY_BYTES: ByteString = '';

export function unsafeBytesFromLatin1(s: string): ByteString {
  return s;
}

export function latin1FromBytes(b: ByteString): string {
  return b;
}

export function bytesOutput(data: ByteString): { stdout: string; stdoutKind: 'bytes'; stdoutEncoding: 'binary' } {
  return { stdout: data, stdoutKind: 'bytes', stdoutEncoding: 'binary' };
}

export function textOutput(data: string): { stdout: string; stdoutKind: 'text' } {
  return { stdout: data, stdoutKind: 'text' };
}

export function bytesFromUint8Array(buf: Uint8Array): ByteString {
  return bytesToLatin1(buf);
}

/** UTF-8 decoding, falling back to the raw latin1 view for bytes that are not UTF-8 (as just-bash does). */
export function decodeBytesToUtf8(b: ByteString): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(latin1ToBytes(b));
  } catch {
    return b;
  }
}

export function encodeUtf8ToBytes(s: string): ByteString {
  return bytesFromUint8Array(new TextEncoder().encode(s));
}

let parser: Bash | undefined;

/** The AST of `text`; throws just-bash's parse errors. */
export function parse(text: string): unknown {
  return (parser ??= new Bash()).transform(text).ast;
}

let serializer: Bash | undefined;
let toSerialize: ScriptNode | undefined;

/**
 * A script's text from its AST. The browser bundle does not export just-bash's serializer, but
 * `transform` returns what it serializes: a transform plugin swaps in the AST to print.
 */
export function serialize(ast: ScriptNode): string {
  if (!serializer) {
    serializer = new Bash();
    serializer.registerTransformPlugin({ name: 'layerlab-serialize', transform: (context) => ({ ast: toSerialize ?? context.ast }) });
  }
  toSerialize = ast;
  try {
    return serializer.transform('').script;
  } finally {
    toSerialize = undefined;
  }
}
