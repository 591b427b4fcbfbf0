// Reads QR codes as a phone's camera would: from Chromium's own pixels (a screenshot of each code
// as drawn), decoded by jsQR in a page of the same browser. Independent of how the code was made.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';

const JSQR_PATH = createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js');

/** The text of each element matching `selector` on `page` read as a QR code (null: none read). */
export async function scanQrCodes(browser: Browser, page: Page, selector: string): Promise<(string | null)[]> {
  const scanner = await browser.newPage();
  try {
    await scanner.addScriptTag({ content: readFileSync(JSQR_PATH, 'utf8') });
    const found: (string | null)[] = [];
    for (const code of await page.locator(selector).all()) {
      const png = await code.screenshot();
      found.push(await scanner.evaluate(async (src) => {
        const image = new Image();
        image.src = src;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, image.width, image.height);
        type Scan = (data: Uint8ClampedArray, w: number, h: number) => { data: string } | null;
        return (window as unknown as { jsQR: Scan }).jsQR(pixels.data, image.width, image.height)?.data ?? null;
      }, `data:image/png;base64,${png.toString('base64')}`));
    }
    return found;
  } finally {
    await scanner.close();
  }
}
