// Colour is for a person at a terminal: piped output, and output with NO_COLOR set (https://no-color.org), carries no
// ANSI escape codes. cli/color.ts decides for every command; here the real CLI runs as a process, its stdout a pipe
// or a pseudo-terminal (util-linux `script`), so the decision is made on the real process.stdout.isTTY.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useColor } from '../../cli/color';
import { PROJECT_ROOT } from '../../local/run-drill';

const ESC = '\x1b[';

describe('useColor', () => {
  const env = (vars: Record<string, string> = {}) => ({ ...vars });

  it('colours a terminal, and nothing else', () => {
    expect(useColor({ isTTY: true, env: env() })).toBe(true);
    expect(useColor({ isTTY: false, env: env() })).toBe(false);
    expect(useColor({ isTTY: undefined, env: env() })).toBe(false);
  });

  it('NO_COLOR, when present and not empty, turns colour off, even on a terminal and even with FORCE_COLOR', () => {
    expect(useColor({ isTTY: true, env: env({ NO_COLOR: '1' }) })).toBe(false);
    expect(useColor({ isTTY: true, env: env({ NO_COLOR: '0' }) })).toBe(false);
    expect(useColor({ isTTY: true, env: env({ NO_COLOR: '1', FORCE_COLOR: '1' }) })).toBe(false);
    expect(useColor({ isTTY: true, env: env({ NO_COLOR: '' }) })).toBe(true);
  });

  it('--no-color turns it off; FORCE_COLOR turns it on without a terminal, unless it is 0 or false', () => {
    expect(useColor({ flag: false, isTTY: true, env: env() })).toBe(false);
    expect(useColor({ flag: false, isTTY: false, env: env({ FORCE_COLOR: '1' }) })).toBe(false);
    expect(useColor({ isTTY: false, env: env({ FORCE_COLOR: '1' }) })).toBe(true);
    expect(useColor({ isTTY: false, env: env({ FORCE_COLOR: '' }) })).toBe(true);
    expect(useColor({ isTTY: true, env: env({ FORCE_COLOR: '0' }) })).toBe(false);
    expect(useColor({ isTTY: true, env: env({ FORCE_COLOR: 'false' }) })).toBe(false);
  });
});

describe('dr-drill run --local, as a process', () => {
  jest.setTimeout(60_000);
  let out: string;
  beforeAll(() => (out = mkdtempSync(join(tmpdir(), 'dr-drill-color-'))));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const args = ['run', '--local', '--only', 'documents', '--skip-failover', '--no-progress'];
  /** The caller's colour settings must not leak in (jest's workers get FORCE_COLOR when jest runs in a terminal). */
  function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const { NO_COLOR: _no, FORCE_COLOR: _force, ...rest } = process.env;
    return { ...rest, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra };
  }
  function piped(extra?: Record<string, string>): string {
    const run = spawnSync(process.execPath, ['bin/dr-drill.js', ...args, '--out', out], { cwd: PROJECT_ROOT, env: cleanEnv(extra), encoding: 'utf8' });
    expect(run.status).toBe(0);
    return run.stdout;
  }
  /** Runs under a pseudo-terminal: util-linux's `script` gives the command a tty and copies what it wrote. */
  function onTerminal(extra?: Record<string, string>): string {
    const command = [process.execPath, 'bin/dr-drill.js', ...args, '--out', out].join(' ');
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: PROJECT_ROOT, env: cleanEnv(extra), encoding: 'utf8' });
    expect(run.status).toBe(0);
    return run.stdout;
  }

  it('piped, prints the summary with no escape codes', () => {
    const text = piped();
    expect(text).toContain('PASSED');
    expect(text).not.toContain(ESC);
  });

  it('on a terminal, colours the summary', () => {
    const text = onTerminal();
    expect(text).toContain('PASSED');
    expect(text).toContain(`${ESC}32mPASSED`);
  });

  it('on a terminal with NO_COLOR set, prints no escape codes', () => {
    const text = onTerminal({ NO_COLOR: '1' });
    expect(text).toContain('PASSED');
    expect(text).not.toContain(ESC);
  });
});
