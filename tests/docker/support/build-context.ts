/**
 * Shell lines that lay out a build context under /root/ctx: each file written with printf, so
 * the build reads exactly these bytes.
 */
export function contextScript(files: Record<string, string>, dir = '/root/ctx'): string {
  const lines = [`rm -rf ${dir}`, `mkdir -p ${dir}`, `cd ${dir}`];
  for (const [name, text] of Object.entries(files)) {
    if (name.includes('/')) lines.push(`mkdir -p '${name.slice(0, name.lastIndexOf('/'))}'`);
    lines.push(`printf '%s' '${text.replace(/'/g, `'\\''`)}' > '${name}'`);
  }
  return lines.join('\n');
}
