// Packages the service in a throwaway copy of the project. `serverless package` works in the project folder whatever
// `--package` says (serverless-esbuild builds in .esbuild/ and the framework clears .serverless/), so a test that
// packages another stage or plan there would pull the stack out from under every other test reading .serverless/.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, type PackagedTemplate } from './packaged';

/** What `serverless package` reads: the service, what its handlers bundle, and the packaging configuration. */
const PACKAGED_SOURCES = ['serverless.yml', 'package.json', 'tsconfig.json', 'statemachines', 'iam', 'plugins', 'deployed', 'config', 'functions', 'lib'];

export function packageInCopy(options: { stage: string; region: string; env?: Record<string, string> }): PackagedTemplate {
  const copy = mkdtempSync(join(tmpdir(), 'dr-drill-package-'));
  try {
    for (const source of PACKAGED_SOURCES) cpSync(join(PROJECT_ROOT, source), join(copy, source), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    execFileSync('npx', ['serverless', 'package', '--stage', options.stage, '--region', options.region], {
      cwd: copy,
      stdio: 'pipe',
      env: { ...process.env, ...options.env },
    });
    return JSON.parse(readFileSync(join(copy, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8')) as PackagedTemplate;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
