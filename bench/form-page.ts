/**
 * The public form page in Chromium as a resident's phone loads it: bytes transferred on a cold first load
 * (compressed, as on the wire, via the DevTools protocol) and the time until the form is usable (the
 * catalog has filled the town list). Target: ≤ 150 KB.
 */
import { launchBrowser, phoneContext } from '../test/support/browser.ts';
import type { BenchStack } from './support/stack.ts';

export async function benchFormPage(stack: BenchStack, runs = 5) {
  const browser = await launchBrowser();
  const samples: { bytes: number; interactiveMs: number; requests: number }[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const context = await phoneContext(browser, stack.runtime.url);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      let bytes = 0;
      let requests = 0;
      cdp.on('Network.loadingFinished', (event) => {
        bytes += event.encodedDataLength;
        requests++;
      });
      const startedAt = Date.now();
      await page.goto('/', { waitUntil: 'load' });
      await page.waitForFunction(
        () =>
          ((document.querySelector('#jurisdictionCode') as HTMLSelectElement | null)?.options.length ?? 0) >
          0,
      );
      const interactiveMs = Date.now() - startedAt;
      await page.waitForLoadState('networkidle');
      samples.push({ bytes, interactiveMs, requests });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const sorted = (key: 'bytes' | 'interactiveMs') =>
    samples.map((sample) => sample[key]).sort((a, b) => a - b);
  const median = (values: number[]) => values[Math.floor(values.length / 2)]!;
  return {
    runs,
    transferredBytes: median(sorted('bytes')),
    interactiveMs: median(sorted('interactiveMs')),
    requests: samples[0]?.requests ?? 0,
    limitBytes: 150 * 1024,
  };
}
