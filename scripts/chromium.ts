// The headless Chromium that renders the evidence HTML for the browser test and the screenshot script. It is the
// system's package (playwright-core downloads no browser), so its absence is an error that says how to install it,
// never a reason to skip: a skipped browser test would prove nothing about the report auditors open.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's package path; CHROMIUM_PATH points elsewhere (macOS, another distribution). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
}

export async function launchChromium(executablePath: string = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new ChromiumMissingError(
      `Chromium is not installed at ${executablePath}. Install it with \`apt-get install -y chromium\` (Debian/Ubuntu, as .ci/run does), ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return chromium.launch({ executablePath });
}
