// Writes docs/report.html (the evidence HTML of a drill of the NHS example plan, run on the local simulation) and
// docs/report.png (a screenshot of its top: verdict, residency, targets, the RTO/RPO charts and the timeline) for
// the README. Two earlier local drills, one with a failed check injected, give the report a trend to draw: every
// figure in it was measured by a real run of the state machines. Run: npm run screenshot
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderEvidenceHtml } from '../lib/evidence/html';
import { indexEntryOf } from '../lib/evidence/html/trend';
import { PROJECT_ROOT } from '../local/run-drill';
import { launchChromium } from './chromium';
import { localDrillEvidence, type LocalEvidenceOptions } from './local-evidence';

const DOCS = join(PROJECT_ROOT, 'docs');
/** Wide enough for the targets table on one line per target, narrow enough to read in a README. */
const WIDTH = 1200;
/** The picture ends with this section: below it come the per-target details, which the HTML file has in full. */
const LAST_SECTION = '#timeline';
const PREVIOUS: LocalEvidenceOptions[] = [
  { seed: 'screenshot-previous-1', faults: ['validation-failed:appointments'] },
  { seed: 'screenshot-previous-2' },
];

async function main(): Promise<void> {
  const history = [];
  for (const options of PREVIOUS) {
    console.log(`local drill (earlier)${options.faults ? ` with ${options.faults.join(', ')}` : ''}...`);
    history.push(indexEntryOf(await localDrillEvidence(options)));
  }
  console.log('local drill of the NHS example plan...');
  const record = await localDrillEvidence({ seed: 'screenshot' });

  mkdirSync(DOCS, { recursive: true });
  const htmlFile = join(DOCS, 'report.html');
  const pngFile = join(DOCS, 'report.png');
  writeFileSync(htmlFile, renderEvidenceHtml(record, history));

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    const box = await page.locator(LAST_SECTION).boundingBox();
    if (!box) throw new Error(`${LAST_SECTION} is not on the page`);
    await page.screenshot({ path: pngFile, fullPage: true, clip: { x: 0, y: 0, width: WIDTH, height: Math.ceil(box.y + box.height) } });
  } finally {
    await browser.close();
  }
  for (const file of [htmlFile, pngFile]) console.log(`wrote ${relative(process.cwd(), file)} (${Math.round(statSync(file).size / 1024)} KB)`);
  console.log(`${record.report.verdict}: ${record.report.headline}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
