// Unpacks the Chromium that @sparticuz/chromium ships inside its npm package and prints, as JSON, where it is and the
// flags the package recommends. An ES module of its own because the package is ESM-only (and reads import.meta.url):
// scripts/chromium.ts runs this file with node, so jest's CommonJS transform never loads the package.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(import.meta.resolve('@sparticuz/chromium'));
const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8'));
// The package reuses any `chromium` in its temp folder (the shared /tmp/chromium may be another version, left by
// another tool) and writes it in place (a second process would run a half-written file). So each version gets a
// folder of its own, unpacked aside and renamed into place whole.
const folder = join(tmpdir(), `dr-drill-chromium-${version}`);
if (!existsSync(join(folder, 'chromium'))) {
  const staging = `${folder}.${process.pid}`;
  mkdirSync(staging, { recursive: true });
  process.env.TMPDIR = staging; // os.tmpdir() reads it at each call
  const { default: chromium } = await import('@sparticuz/chromium');
  await chromium.executablePath();
  try {
    renameSync(staging, folder);
  } catch (error) {
    if (!existsSync(join(folder, 'chromium'))) throw error;
    rmSync(staging, { recursive: true, force: true }); // another process got there first
  }
}
process.env.TMPDIR = folder;
const { default: chromium } = await import('@sparticuz/chromium');
process.stdout.write(JSON.stringify({ executablePath: await chromium.executablePath(), args: chromium.args }));
