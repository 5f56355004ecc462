// Prints, as JSON, the page count and the text of a PDF file: how the browser test reads back the evidence PDF the way
// an auditor's viewer would. pdfjs-dist (Mozilla's PDF.js) is ESM-only, so this runs as a node child process and
// jest's CommonJS transform never loads it. Usage: node scripts/pdf-text.mjs <file.pdf>
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const data = new Uint8Array(readFileSync(process.argv[2]));
const pdf = await getDocument({ data, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
const pages = [];
// The first page's size in points (A4 is 595 x 842).
const [, , width, height] = (await pdf.getPage(1)).view;
for (let n = 1; n <= pdf.numPages; n += 1) {
  const content = await (await pdf.getPage(n)).getTextContent();
  pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
}
const { info } = await pdf.getMetadata();
process.stdout.write(JSON.stringify({ pages: pdf.numPages, title: info?.Title ?? null, size: { width, height }, text: pages }));
