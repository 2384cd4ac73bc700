// SPDX-License-Identifier: Apache-2.0
// Loads dashboard TypeScript modules into node for unit tests: esbuild bundles the named
// exports of src/ (no DOM, no MapLibre) into one ES module imported from memory.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../..', import.meta.url));

/** `modules`: paths under src/ without extension; returns their exports merged. */
export async function loadTs(modules) {
  const contents = modules.map((m) => `export * from './src/${m}';`).join('\n');
  const out = await build({
    stdin: { contents, resolveDir: web, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}
