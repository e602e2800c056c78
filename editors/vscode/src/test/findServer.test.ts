import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

import { expandSetting, findServer } from '../findServer';

function fakeBinary(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'concurrency-tutor');
  fs.writeFileSync(file, '#!/bin/sh\necho concurrency-tutor 0.0.0\n');
  fs.chmodSync(file, 0o755);
  return file;
}

// Each test gets its own directory; they are removed together so a run leaves nothing in the temp dir.
const roots: string[] = [];
after(() => {
  for (const root of roots) {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

function layout() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-find-'));
  roots.push(root);
  const extension = path.join(root, 'extension');
  fs.mkdirSync(extension);
  return {
    root,
    extension,
    bundled: () => fakeBinary(path.join(extension, 'server')),
    onPath: () => fakeBinary(path.join(root, 'bin')),
    custom: () => fakeBinary(path.join(root, 'custom')),
    env: { PATH: path.join(root, 'bin') },
  };
}

test('the setting wins over the bundled binary and PATH', () => {
  const l = layout();
  l.bundled();
  l.onPath();
  const custom = l.custom();
  assert.deepEqual(findServer({ setting: custom, extensionPath: l.extension, env: l.env, platform: 'linux' }), {
    ok: true,
    path: custom,
    source: 'setting',
  });
});

test('a setting that points nowhere is an error, not a silent fallback', () => {
  const l = layout();
  l.bundled();
  const found = findServer({ setting: '/nowhere/concurrency-tutor', extensionPath: l.extension, env: l.env, platform: 'linux' });
  assert.equal(found.ok, false);
  assert.match((found as { reason: string }).reason, /concurrencyTutor\.server\.path/);
});

test('the bundled binary comes before PATH, and gets its executable bit back', () => {
  const l = layout();
  const bundled = l.bundled();
  fs.chmodSync(bundled, 0o644);
  l.onPath();
  assert.deepEqual(findServer({ setting: '', extensionPath: l.extension, env: l.env, platform: 'linux' }), {
    ok: true,
    path: bundled,
    source: 'bundled',
  });
});

test('PATH is the last resort', () => {
  const l = layout();
  const onPath = l.onPath();
  assert.deepEqual(findServer({ setting: undefined, extensionPath: l.extension, env: l.env, platform: 'linux' }), {
    ok: true,
    path: onPath,
    source: 'PATH',
  });
});

test('nothing found says where it looked', () => {
  const l = layout();
  const found = findServer({ setting: '', extensionPath: l.extension, env: l.env, platform: 'linux' });
  assert.deepEqual(found, { ok: false, reason: 'no concurrency-tutor was found in the extension or on PATH' });
});

test('settings expand ~ and ${workspaceFolder} and resolve relative paths', () => {
  assert.equal(expandSetting('~/bin/x', undefined), path.join(os.homedir(), 'bin/x'));
  assert.equal(expandSetting('${workspaceFolder}/target/release/x', '/ws'), '/ws/target/release/x');
  assert.equal(expandSetting('target/x', '/ws'), '/ws/target/x');
});
