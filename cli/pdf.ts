// The evidence page as a PDF for auditors: the same self-contained HTML, printed by the headless Chromium the browser
// tests use (the one inside the @sparticuz/chromium npm package, scripts/chromium.ts; CHROMIUM_PATH names another),
// on A4 with the page's print style sheet (no target's block split across pages, charts within the page width) and
// page numbers in the footer. Nothing is loaded: the page's own Content-Security-Policy still applies.
import { writeFile } from 'node:fs/promises';

export class PdfRenderError extends Error {
  override readonly name = 'PdfRenderError';
}

/** What the footer of every page says: the evidence's title (the verdict first) and "page n of m". */
const footer = (title: string) =>
  `<div style="font:8px system-ui,sans-serif;color:#5b6470;width:100%;padding:0 12mm;display:flex;justify-content:space-between"><span>${escapeText(title)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;

const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The PDF bytes of an evidence page. */
export async function renderEvidencePdf(page: string): Promise<Buffer> {
  // Loaded only when a PDF is asked for: playwright-core and the packaged Chromium are heavy, and an operator who only
  // reads summaries need not have them working.
  let launch: typeof import('../scripts/chromium').launchChromium;
  try {
    // require, not import(): the CLI runs as CommonJS through tsx (bin/dr-drill.js), where an import() of a
    // TypeScript path without its extension does not resolve.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ launchChromium: launch } = require('../scripts/chromium') as typeof import('../scripts/chromium'));
  } catch (error) {
    throw new PdfRenderError(`no headless Chromium to print the PDF with (${(error as Error).message}): run npm install in the dr-drill checkout`);
  }
  const browser = await launch();
  try {
    const tab = await browser.newPage();
    await tab.setContent(page, { waitUntil: 'load' });
    await tab.emulateMedia({ media: 'print' });
    const title = await tab.title();
    return await tab.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer(title),
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
      tagged: true,
      outline: true,
    });
  } finally {
    await browser.close();
  }
}

export async function writeEvidencePdf(page: string, file: string): Promise<void> {
  await writeFile(file, await renderEvidencePdf(page));
}
