// Jest transform: a YAML file required by a handler is its text, as esbuild's `.yml: text` loader bundles it
// (functions/preflight/handler.ts bundles the deployed plan this way).
'use strict';
/* global module */
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  },
};
