/**
 * just-bash pipes carry bytes as "latin1 strings" (one char per byte). These convert without
 * going through TextDecoder, which would map bytes 0x80–0x9f to other code points (windows-1252).
 */

const CHUNK = 0x8000;

export function bytesToLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}

export function latin1ToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
