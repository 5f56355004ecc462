// The headless Chromium that renders the evidence HTML for the browser test and the screenshot script. It is the
// Chromium that @sparticuz/chromium ships inside its npm package, so `npm install` is all a machine needs: no system
// package, and never a fallback to whatever browser the machine happens to have (a test that passes only where
// someone apt-installed Chromium proves nothing on a fresh machine). CHROMIUM_PATH names another binary, for
// platforms the packaged one does not run on (it is built for Linux x64).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export class ChromiumUnavailableError extends Error {
  override readonly name = 'ChromiumUnavailableError';
}

/**
 * Flags @sparticuz/chromium recommends for Lambda that we leave out: three relax the browser's security (an auditor's
 * browser runs without them, and the test checks the page's own CSP), and `--single-process` (for Lambda's sandbox)
 * closes the browser when a second page opens.
 */
const DROPPED_FLAGS = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--single-process',
]);

export interface ChromiumBinary {
  executablePath: string;
  args: string[];
}

/** The Chromium inside @sparticuz/chromium, unpacked into the temp folder (about 2 s the first time, then reused). */
export function packagedChromium(): ChromiumBinary {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new ChromiumUnavailableError(
      `The Chromium inside @sparticuz/chromium runs on Linux x64 only (this is ${process.platform} ${process.arch}): ` +
        'set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  const out = execFileSync(process.execPath, [join(__dirname, 'chromium-unpack.mjs')], { encoding: 'utf8' });
  const packaged = JSON.parse(out) as ChromiumBinary;
  return { executablePath: packaged.executablePath, args: packaged.args.filter((flag) => !DROPPED_FLAGS.has(flag)) };
}

export function chromiumBinary(env: NodeJS.ProcessEnv = process.env): ChromiumBinary {
  const override = env.CHROMIUM_PATH;
  return override ? { executablePath: override, args: [] } : packagedChromium();
}

export async function launchChromium(binary: ChromiumBinary = chromiumBinary()): Promise<Browser> {
  return chromium.launch(binary);
}
