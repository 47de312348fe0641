/**
 * just-bash pipes carry bytes as "latin1 strings" (one char per byte). These convert without
 * going through TextDecoder, which would map bytes 0x80–0x9f to other code points (windows-1252).
 */

const CHUNK = 0x8000;

/** windows-1252, which the Encoding standard calls latin1: the same as latin1 but for 0x80–0x9f. */
const windows1252 = new TextDecoder('latin1');
const utf8 = new TextEncoder();

export function bytesToLatin1(bytes: Uint8Array): string {
  // Most bytes are text: decoded natively where no byte is one windows-1252 would change.
  if (bytes.length > CHUNK && !hasC1Controls(bytes)) return windows1252.decode(bytes);
  if (bytes.length <= CHUNK) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  // One join: a flat string. Appending chunk by chunk would make a rope, which every later
  // char-by-char scan (ours, just-bash's) walks many times slower.
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]));
  return parts.join('');
}

function hasC1Controls(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i]! & 0xe0) === 0x80) return true;
  return false;
}

export function latin1ToBytes(text: string): Uint8Array {
  // ASCII is the same bytes in UTF-8: encoded natively.
  if (text.length > CHUNK && !/[^\x00-\x7f]/.test(text)) return utf8.encode(text);
  const bytes = new Uint8Array(text.length);
  // Slices of the text are flat whatever the text is (a rope is flattened by the first slice).
  for (let at = 0; at < text.length; at += CHUNK) {
    const part = text.slice(at, at + CHUNK);
    for (let i = 0; i < part.length; i++) bytes[at + i] = part.charCodeAt(i);
  }
  return bytes;
}

/** The parts joined into one array (the part itself when there is only one). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
