// dr-drill run --local as a process, with its progress on: piped, the plain progress lines and the summary with no
// escape code at all; on a pseudo-terminal (util-linux `script`), the live view drawn in place, the cursor given back
// before the summary. The two runs go side by side (one target, no failover: ~10 s each).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plain } from '../../lib/report/live-view';
import { PROJECT_ROOT } from '../../local/run-drill';

const ESC = '\x1b[';
const args = ['bin/dr-drill.js', 'run', '--local', '--only', 'documents', '--skip-failover'];

/** The caller's terminal settings must not leak in: no CI (the live view's off switch), no colour overrides. */
function cleanEnv(): NodeJS.ProcessEnv {
  const { NO_COLOR: _no, FORCE_COLOR: _force, CI: _ci, ...rest } = process.env;
  return { ...rest, TERM: 'xterm-256color', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
}

function run(command: string, commandArgs: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: PROJECT_ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('dr-drill run --local, with progress, as a process', () => {
  jest.setTimeout(60_000);
  let out: string;
  let piped: { code: number | null; stdout: string };
  let terminal: { code: number | null; stdout: string };

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'dr-drill-live-'));
    const node = process.execPath;
    [piped, terminal] = await Promise.all([
      run(node, [...args, '--out', join(out, 'piped')]),
      // `script` gives the command a terminal of its own and copies what it wrote to our pipe.
      run('script', ['-qec', [node, ...args, '--out', join(out, 'tty')].join(' '), '/dev/null']),
    ]);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('piped: plain progress lines, then the summary, and not one escape code', () => {
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain('\x1b');
    expect(piped.stdout).toMatch(/^\[\+00:\d\d:\d\d\] documents {2}Start Restore Job …$/m);
    expect(piped.stdout).toContain('PASSED nhs-patient-platform');
  });

  it('on a terminal: the view drawn over itself, the cursor hidden while it is and shown again before the summary', () => {
    expect(terminal.code).toBe(0);
    const text = terminal.stdout;
    const hidden = text.indexOf(`${ESC}?25l`);
    const shown = text.lastIndexOf(`${ESC}?25h`);
    expect(hidden).toBeGreaterThan(-1);
    expect(shown).toBeGreaterThan(hidden);
    const view = text.slice(hidden, shown);
    // Redrawn in place: cursor up over the last frame, each line erased, the target's line updating.
    expect(view).toContain(`${ESC}2A`);
    expect(view).toContain(`${ESC}2K`);
    // Which steps get a frame depends on the machine's speed (at most 10 frames a second); the last frame is always drawn.
    expect(view).toMatch(/documents +running /);
    expect(plain(view.slice(view.lastIndexOf(`${ESC}2A`)))).toMatch(/✓ documents +passed +\d:\d\d:\d\d\r?\n/);
    // No plain progress line on a terminal: the view says it.
    expect(text).not.toMatch(/\[\+00:\d\d:\d\d\] documents {2}Start Restore Job/);
    // The summary follows the view (its first line: `script` may lose the very end of a busy pty's output).
    expect(text.slice(shown)).toMatch(/Drill d[0-9a-f]+ of plan nhs-patient-platform/);
  });
});
