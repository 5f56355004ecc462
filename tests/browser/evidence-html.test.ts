// The evidence HTML as auditors see it: a real local drill (two restore targets and the failover drill of the NHS
// example plan), rendered to a file, opened from disk in headless Chromium. Proves the page draws (a full-page
// screenshot of real size), that what matters is in the DOM (verdict, every target, one RTO/RPO bar per target, the
// timeline, the trend), that the inline style sheet is allowed by the page's own CSP, and that the page asks the
// network for nothing. The Chromium is the one @sparticuz/chromium ships in its npm package (scripts/chromium.ts), so
// the test runs on any Linux x64 machine after `npm install`; a Chromium that does not start fails it, never skips it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import packageJson from '../../package.json';
import type { DrillIndexEntry, EvidenceRecord } from '../../lib/evidence/contracts';
import { contentSecurityPolicy, renderEvidenceHtml } from '../../lib/evidence/html';
import { indexEntryOf } from '../../lib/evidence/html/trend';
import { chromiumBinary, launchChromium } from '../../scripts/chromium';
import { localDrillEvidence } from '../../scripts/local-evidence';
import { PROJECT_ROOT } from '../../local/run-drill';
import { bufferOutput, main } from '../../cli';

jest.setTimeout(60_000);

// Used inside page.evaluate callbacks, which run in Chromium; the project compiles without the DOM library.
declare function getComputedStyle(element: unknown): { color: string; fontSize: string };

const RESTORE_TARGETS = ['appointments', 'documents'];
const FAILOVER_TARGET = 'patients-global';
const WIDTH = 1280;

/** Width and height from a PNG's IHDR chunk, which always follows the 8-byte signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The drill before this one, a month earlier and slower: so the page has a trend to draw. */
function previousDrill(record: EvidenceRecord): DrillIndexEntry {
  const entry = indexEntryOf(record);
  const started = new Date(entry.startedAt);
  started.setUTCMonth(started.getUTCMonth() - 1);
  return { ...entry, drillId: 'd00000001', startedAt: started.toISOString(), verdict: 'FAILED', worstRtoMinutes: (entry.rtoObjectiveMinutes ?? 60) * 1.2 };
}

describe('evidence HTML in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let record: EvidenceRecord;
  let dir: string;
  let fileUrl: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium(); // throws, failing every test, when Chromium cannot start
    record = await localDrillEvidence({ only: [...RESTORE_TARGETS, FAILOVER_TARGET] });
    dir = mkdtempSync(join(tmpdir(), 'dr-drill-evidence-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderEvidenceHtml(record, [previousDrill(record)]));
    fileUrl = pathToFileURL(file).href;

    page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    // A CSP violation (a style sheet whose hash does not match, say) is reported on the console.
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(fileUrl, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ran a real drill of the selected targets', () => {
    expect(record.report.targets.map((t) => t.targetId)).toEqual(RESTORE_TARGETS);
    expect(record.report.failover?.map((f) => f.targetId)).toEqual([FAILOVER_TARGET]);
  });

  it('prints to an A4 PDF that a viewer opens, with the verdict and what the drill cost (dr-drill run --local --pdf)', async () => {
    const file = join(dir, 'report.pdf');
    // The CLI in-process (tests/unit/cli-color.test.ts spawns bin/dr-drill.js run --local): a child process would
    // compile the whole CLI through tsx again (12 s here, against 3 s for the drill and the print in-process).
    const io = bufferOutput();
    const status = await main(['run', '--local', '--only', 'documents', '--skip-failover', '--no-progress', '--no-color', '--out', dir, '--pdf', file], io);
    const run = { status, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`PDF evidence: ${file}`);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Read back by Mozilla's PDF.js (scripts/pdf-text.mjs), as a viewer would.
    const read = JSON.parse(execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'pdf-text.mjs'), file], { encoding: 'utf8' })) as {
      pages: number;
      title: string | null;
      size: { width: number; height: number };
      text: string[];
    };
    expect(read.size.width).toBeCloseTo(595, 0);
    expect(read.size.height).toBeCloseTo(842, 0);
    expect(read.title).toMatch(/^PASSED — nhs-patient-platform drill d[0-9a-f]{8}/);
    const text = read.text.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Verdict: ✓ PASSED');
    expect(text).toContain('documents');
    // The same cost line as the summary printed, with its date and caveat.
    const costLine = run.stdout.split('\n').find((l) => l.startsWith('Estimated cost: '));
    expect(costLine).toMatch(/^Estimated cost: \$[0-9.]+ \(estimate from list prices of \d{4}-\d{2}-\d{2}; excludes taxes, savings plans and free tier\)/);
    expect(text).toContain(costLine!.replace(/\s+/g, ' '));
    // The footer numbers the pages.
    expect(read.text[0]).toMatch(new RegExp(`page 1 of ${read.pages}`));
  });

  it('draws a full page: a screenshot of real size and content', async () => {
    const png = await page.screenshot({ fullPage: true });
    const { width, height } = pngSize(png);
    expect(width).toBe(WIDTH);
    expect(height).toBeGreaterThan(3000);
    expect(png.length).toBeGreaterThan(100_000);
  });

  it('shows the verdict in words, styled by its own style sheet (allowed by the CSP hash)', async () => {
    const verdict = page.locator('#verdict');
    await expect(verdict.getAttribute('data-verdict')).resolves.toBe(record.report.verdict);
    expect(await verdict.innerText()).toContain(record.report.verdict === 'PASSED' ? '✓ PASSED' : '✗ FAILED');
    const badge = verdict.locator('.verdict');
    const colour = await badge.evaluate((el) => getComputedStyle(el).color);
    expect(colour).toBe(record.report.verdict === 'PASSED' ? 'rgb(23, 102, 58)' : 'rgb(179, 38, 30)');
    expect(await badge.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(28);
    expect(consoleErrors).toEqual([]);
  });

  it('names every target, restore and failover', async () => {
    const text = await page.locator('body').innerText();
    for (const id of [...RESTORE_TARGETS, FAILOVER_TARGET]) expect(text).toContain(id);
    expect(await page.locator('#failover-1').innerText()).toContain('Service now: on its primary (eu-west-1)');
  });

  it('draws the RTO and RPO charts with one bar per target, each with its objective line', async () => {
    for (const measure of ['rto', 'rpo']) {
      const chart = page.locator(`svg.chart-${measure}`);
      await expect(chart.locator('title').first().textContent()).resolves.toMatch(/per target against its objective/);
      expect(await chart.locator('g.row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-target')))).toEqual(RESTORE_TARGETS);
      expect(await chart.locator('rect.bar').count()).toBe(RESTORE_TARGETS.length);
      expect(await chart.locator('line.objective').count()).toBe(RESTORE_TARGETS.length);
      const widths = await chart.locator('rect.bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width));
      for (const w of widths) expect(w).toBeGreaterThan(1);
    }
  });

  it('draws the timeline: a row per target with its steps, on a labelled time axis', async () => {
    const timeline = page.locator('svg.timeline-chart');
    expect(await timeline.locator('g.row').count()).toBe(RESTORE_TARGETS.length);
    for (const id of RESTORE_TARGETS) {
      expect(await timeline.locator(`g.row[data-target="${id}"] g.step`).count()).toBeGreaterThanOrEqual(3);
    }
    expect(await timeline.locator('text.axis-title').textContent()).toMatch(/^time since the drill started/);
    expect(await timeline.locator('text.tick').count()).toBeGreaterThanOrEqual(3);
  });

  it('draws the trend of this drill beside the previous one', async () => {
    const charts = page.locator('#trend svg.trend-chart');
    expect(await charts.count()).toBeGreaterThanOrEqual(2);
    expect(await charts.first().locator('g.drill').count()).toBe(2);
  });

  it('runs no script and asks the network for nothing: the only request is the file itself', async () => {
    expect(await page.locator('script').count()).toBe(0);
    expect(requests).toEqual([fileUrl]);
  });

  it("would block a network load even if one slipped in: the page's own CSP stops it inside the browser", async () => {
    // Control for the test above: the listener does see a page's network load, and under the report's policy
    // Chromium refuses it before anything leaves the machine (it still announces the request, then fails it: "csp").
    const attempt = async (head: string) => {
      const file = join(dir, `control-${head.length}.html`);
      writeFileSync(file, `<!DOCTYPE html><html><head>${head}</head><body><img src="http://127.0.0.1:59999/pixel.png"></body></html>`);
      const control = await browser.newPage();
      const seen: string[] = [];
      const blocked: string[] = [];
      control.on('request', (request) => seen.push(request.url()));
      control.on('requestfailed', (request) => {
        if (request.failure()?.errorText === 'csp') blocked.push(request.url());
      });
      await control.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await control.close();
      return { seen: seen.filter((url) => url.startsWith('http')), blocked };
    };
    expect(await attempt('')).toEqual({ seen: ['http://127.0.0.1:59999/pixel.png'], blocked: [] });
    const underPolicy = await attempt(`<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`);
    expect(underPolicy.blocked).toEqual(['http://127.0.0.1:59999/pixel.png']);
  });
});

describe('which Chromium', () => {
  it("is the one inside the npm package, whatever the machine has installed: no system browser is looked for", () => {
    const { executablePath, args } = chromiumBinary({ PATH: '/usr/bin:/bin' });
    const pinned = packageJson.devDependencies['@sparticuz/chromium'];
    expect(executablePath).toBe(join(tmpdir(), `dr-drill-chromium-${pinned}`, 'chromium'));
    expect(statSync(executablePath).size).toBeGreaterThan(100_000_000);
    expect(args).toContain('--no-sandbox');
    expect(args).not.toContain('--disable-web-security');
    expect(args).not.toContain('--single-process');
  });

  it('is the binary CHROMIUM_PATH names, when set (platforms the packaged one does not run on)', () => {
    expect(chromiumBinary({ CHROMIUM_PATH: '/opt/chrome/chrome' })).toEqual({ executablePath: '/opt/chrome/chrome', args: [] });
  });

  it('fails, rather than skipping, when the binary does not exist', async () => {
    await expect(launchChromium({ executablePath: '/nonexistent/chromium', args: [] })).rejects.toThrow(/nonexistent/);
  });
});
