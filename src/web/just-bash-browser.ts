/**
 * `just-bash` as the page's build sees it. just-bash's browser bundle leaves out its encoding
 * helpers and its parser's entry points, which our shell code imports; they are small (a byte
 * string is a latin1 string: one char per byte) and are given here, the rest is the bundle's.
 * vite.config.ts points `just-bash` here for the page and its worker; Node uses the package.
 */
import { Bash } from 'just-bash/browser';

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
  let out = '';
  for (let i = 0; i < buf.length; i += 0x8000) out += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return out;
}

function latin1ToUint8Array(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** UTF-8 decoding, falling back to the raw latin1 view for bytes that are not UTF-8 (as just-bash does). */
export function decodeBytesToUtf8(b: ByteString): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(latin1ToUint8Array(b));
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
