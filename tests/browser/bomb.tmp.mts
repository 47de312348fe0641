import { openPage, terminalScreen, typeLine } from './support.ts';
const s = await openPage();
const { page } = s;
await page.waitForFunction(() => /root@layerlab:~#/.test(document.querySelector('.xterm-rows')?.textContent ?? ''), undefined, { timeout: 60_000 });
const t0 = Date.now();
await page.getByTestId('upload-input').setInputFiles('/tmp/bomb/bomb.tar.gz');
const status = page.getByTestId('upload-status');
for (const delay of [1500]) {
  while (Date.now() - t0 < delay) await new Promise((r) => setTimeout(r, 100));
  const word = `hi${delay}`;
  const typed = Date.now();
  await typeLine(page, `echo ${word}x`);
  while (!(await terminalScreen(page)).includes(`${word}x\n`) && Date.now() - typed < 120000) await new Promise((r) => setTimeout(r, 50));
  console.log(`typed at ${typed - t0} ms: echo answered after ${Date.now() - typed} ms; status: ${await status.textContent()}`);
}
while (!/is loaded|refused|not a docker/.test((await status.textContent()) ?? '') && Date.now() - t0 < 180000) await new Promise((r) => setTimeout(r, 200));
console.log(`done at ${Date.now() - t0} ms: ${await status.textContent()}`);
console.log('errors', s.errors);
await s.close();
