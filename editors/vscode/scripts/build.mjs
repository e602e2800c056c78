// Bundles the extension (src/extension.ts and its dependencies) into dist/extension.js, and the
// unit tests into dist-test/. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  {
    ...common,
    entryPoints: readdirSync('src/test').filter((f) => f.endsWith('.test.ts')).map((f) => `src/test/${f}`),
    outdir: 'dist-test',
    sourcemap: true,
    minify: false,
  },
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
