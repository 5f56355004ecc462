// A YAML file a handler requires is its text, as esbuild's `.yml: text` loader bundles it (serverless.yml,
// custom.esbuild.loader; functions/preflight/handler.ts bundles the deployed plan this way). Under jest the same
// rule is tests/yaml-as-text.cjs; here, outside jest, Node's loader is told it.
import { readFileSync } from 'node:fs';

type Loader = (module: { exports: unknown }, filename: string) => void;
const extensions = (require as unknown as { extensions: Record<string, Loader> }).extensions;
for (const extension of ['.yml', '.yaml']) {
  extensions[extension] ??= (module, filename) => {
    module.exports = readFileSync(filename, 'utf8');
  };
}
export {};
