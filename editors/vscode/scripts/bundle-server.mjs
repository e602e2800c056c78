// Copies a built `concurrency-tutor` binary into server/, stripped, so that the packaged
// extension works without anything else installed. The binary comes from
// $CONCURRENCY_TUTOR_BINARY, else the repository's target/release/. `--remove` deletes server/
// instead, for a .vsix that uses the setting or PATH.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
if (process.argv.includes('--remove')) {
  rmSync(path.resolve(here, '..', 'server'), { recursive: true, force: true });
  process.exit(0);
}
const exe = process.platform === 'win32' ? '.exe' : '';
const source =
  process.env.CONCURRENCY_TUTOR_BINARY ?? path.resolve(here, '../../../target/release', `concurrency-tutor${exe}`);
if (!existsSync(source)) {
  console.error(`bundle-server: ${source} does not exist; run \`cargo build --release -p concurrency-tutor\` first`);
  process.exit(1);
}
const target = path.resolve(here, '..', 'server', `concurrency-tutor${exe}`);
mkdirSync(path.dirname(target), { recursive: true });
copyFileSync(source, target);
chmodSync(target, 0o755);
try {
  execFileSync('strip', [target]);
} catch {
  console.warn('bundle-server: `strip` failed or is missing; bundling the binary unstripped');
}
const version = execFileSync(target, ['--version'], { encoding: 'utf8' }).trim();
console.log(`bundle-server: ${target} (${version})`);
