#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx: no build step between editing and running.
'use strict';
// A plain CommonJS launcher: `require` is how it loads tsx before the TypeScript it runs.
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports */

// The SDK warns about Node 20 on every client it builds; the CLI is supported on Node >= 20.19, so it says nothing.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

try {
  require('tsx/cjs');
  const { main } = require('../cli/index.ts');
  main(process.argv.slice(2)).then((code) => {
    // exitCode, not process.exit(): let stdout drain when it is a pipe.
    process.exitCode = code;
  });
} catch (error) {
  // Only a broken install gets here (tsx missing, a syntax error in the CLI): still one line, no stack trace.
  process.stderr.write(`dr-drill: cannot start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  if (process.env.DR_DRILL_DEBUG === '1') process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  else process.stderr.write('run with DR_DRILL_DEBUG=1 for details\n');
  process.exitCode = 3;
}
