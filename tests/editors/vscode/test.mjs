// Drives a real VS Code (code-server) in headless Chromium with the packaged extension installed,
// and asserts what a user sees: inlay hints in the editor, the CTP101 squiggle and its entry in
// the Problems panel, the hover widget over `asyncio.gather`, the quick fix applied, settings
// changed without a reload, and the extension's commands. Screenshots go to $CT_ARTIFACTS.
//
// Run by tests/editors/vscode.sh, which installs code-server and builds the .vsix. Environment:
//   CT_CODE_SERVER_DIR  the cache directory with node_modules/{code-server,playwright-core}
//   CT_VSIX             the packaged extension
//   CT_FIXTURES         tests/editors/fixtures
//   CT_ARTIFACTS        where screenshots and logs go
//   CT_CHROMIUM         the Chromium binary (default: `chromium` on PATH)
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test as nodeTest } from 'node:test';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run tests/editors/vscode.sh)`);
  return value;
};
const codeServerDir = env('CT_CODE_SERVER_DIR');
const vsix = env('CT_VSIX');
const fixtures = env('CT_FIXTURES');
const artifacts = env('CT_ARTIFACTS');
const chromiumPath =
  process.env.CT_CHROMIUM ?? spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
const { chromium } = createRequire(path.join(codeServerDir, 'package.json'))('playwright-core');
const codeServer = path.join(codeServerDir, 'node_modules', '.bin', 'code-server');

const TIMEOUT = 30_000;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-vscode-'));
const userData = path.join(root, 'user-data');
const extensions = path.join(root, 'extensions');
const workspace = path.join(root, 'workspace');
const settingsFile = path.join(userData, 'User', 'settings.json');
const fixtureFile = path.join(workspace, 'tour.py');

const baseSettings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  // Below the line, so that the hover over the file's last function leaves the hints in view.
  'editor.hover.above': false,
  'window.commandCenter': false,
  'files.autoSave': 'off',
};
const writeSettings = (extra = {}) =>
  fs.writeFileSync(settingsFile, JSON.stringify({ ...baseSettings, ...extra }, null, 2));

let server; // the code-server process
let serverLog = '';
let browser;
let page;

// Screenshots: one file per step, numbered in order.
let shot = 0;
async function screenshot(name) {
  shot += 1;
  const file = path.join(artifacts, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.waitForTimeout(400); // let fade-in animations (hover, menus, toasts) finish
  await page.screenshot({ path: file });
  return file;
}

function runCodeServer(args) {
  const result = spawnSync(codeServer, ['--config', path.join(root, 'config.yaml'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(result.status, 0, `code-server ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'tour.py'), fixtureFile);
  fs.writeFileSync(path.join(root, 'config.yaml'), 'auth: none\n');
  writeSettings();

  // Install the packaged extension the way a user installs a .vsix.
  const installed = runCodeServer([
    '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix,
  ]);
  assert.match(installed, /successfully installed/);

  // PATH without any concurrency-tutor: the extension must use the binary bundled in the .vsix.
  const cleanPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !fs.existsSync(path.join(dir, 'concurrency-tutor')))
    .join(path.delimiter);
  server = spawn(
    codeServer,
    [
      '--config', path.join(root, 'config.yaml'),
      '--auth', 'none',
      '--bind-addr', '127.0.0.1:0',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
      workspace,
    ],
    { env: { ...process.env, PATH: cleanPath }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start:\n${serverLog}`)), 60_000);
    const onData = (chunk) => {
      serverLog += chunk;
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serverLog);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => reject(new Error(`code-server exited with ${code}:\n${serverLog}`)));
  });

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench .part.editor').waitFor();
  // The explorer lists the workspace once the workbench has restored.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'tour.py' }).waitFor();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  if (server && server.exitCode === null) server.kill('SIGTERM');
  fs.writeFileSync(path.join(artifacts, 'code-server.log'), serverLog);
  // The extension's output channel, as VS Code logged it.
  const logDir = path.join(userData, 'logs');
  const logs = fs.existsSync(logDir)
    ? fs
        .readdirSync(logDir, { recursive: true })
        .filter((file) => String(file).endsWith('Concurrency Tutor.log'))
        .map((file) => fs.readFileSync(path.join(logDir, String(file)), 'utf8'))
    : [];
  if (logs.length) fs.writeFileSync(path.join(artifacts, 'extension-output.log'), logs.join('\n'));
  fs.rmSync(root, { recursive: true, force: true });
});

/** A test that leaves a screenshot of the screen when it fails. */
function test(name, fn) {
  nodeTest(name, async () => {
    try {
      await fn();
    } catch (error) {
      if (page) await screenshot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).catch(() => undefined);
      throw error;
    }
  });
}

const editor = () => page.locator('.editor-instance .monaco-editor').first();

/** The text VS Code renders for the editor line containing `needle` (inlay hints included). */
async function renderedLine(needle) {
  const line = editor().locator('.view-line', { hasText: needle }).first();
  await line.waitFor();
  return (await line.innerText()).replace(/\u00a0/g, ' ');
}

async function waitUntil(condition, what) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await page.waitForTimeout(200);
  }
  assert.fail(`timed out waiting for ${what}`);
}

async function waitForRenderedLine(needle, predicate, what) {
  let text = '';
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    text = await renderedLine(needle).catch(() => '');
    if (predicate(text)) return text;
    await page.waitForTimeout(200);
  }
  assert.fail(`${what}; the line reads: ${JSON.stringify(text)}`);
}

/** Runs a command from the Command Palette, as a user does. */
async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Puts the cursor at a 1-based line and column with Go to Line. */
async function goTo(line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

function fixturePosition(needle, offset = 0) {
  const lines = fs.readFileSync(path.join(fixtures, 'tour.py'), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  assert.notEqual(index, -1, `fixture has no ${needle}`);
  return { line: index + 1, column: lines[index].indexOf(needle) + 1 + offset };
}

test('opening a Python file starts the bundled server and shows inlay hints', async () => {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill('tour.py');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'tour.py' }).first().waitFor();
  await page.keyboard.press('Enter');
  await editor().locator('.view-line', { hasText: 'async def brew' }).waitFor();

  await waitForRenderedLine('async def brew', (t) => t.includes('concurrent · event loop'),
    'no "concurrent · event loop" hint on the async def line');
  await waitForRenderedLine('with ProcessPoolExecutor(max_workers=2) as pool:',
    (t) => t.includes('parallel · 2 worker processes'), 'no "parallel · 2 worker processes" hint on the with line');
  await screenshot('inlay-hints');
});

test('CTP101 is shown as a squiggle and in the Problems panel', async () => {
  await editor().locator('.squiggly-warning, .squiggly-error').first().waitFor();
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'CTP101' }).first();
  await problem.waitFor();
  const text = await problem.innerText();
  assert.match(text, /time\.sleep/);
  await screenshot('problems-panel');
  await page.keyboard.press('Control+Shift+M'); // toggles the panel closed
  await page.locator('.markers-panel').waitFor({ state: 'hidden' });
  await editor().click({ position: { x: 600, y: 600 } }); // focus back in the editor
});

test('hovering asyncio.gather shows the explanation', async () => {
  const { line } = fixturePosition('asyncio.gather');
  // Hover with the mouse over the word, exactly where the editor draws it.
  const box = await page.evaluate(({ needle }) => {
    const lines = [...document.querySelectorAll('.editor-instance .monaco-editor .view-line')];
    const row = lines.find((el) => el.textContent.includes(needle));
    const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.indexOf('gather');
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 'gather'.length);
        const rect = range.getBoundingClientRect();
        return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      }
    }
    return null;
  }, { needle: 'asyncio.gather' });
  assert.ok(box, `asyncio.gather is not rendered on line ${line}`);
  await page.mouse.move(box.x, box.y - 40);
  await page.mouse.move(box.x, box.y, { steps: 5 });
  const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents', { hasText: 'asyncio.gather' }).first();
  await hover.waitFor();
  const text = await hover.innerText();
  assert.ok(text.includes('asyncio.gather'), text);
  assert.ok(text.includes('concurrent'), `the hover does not say "concurrent": ${text}`);
  await screenshot('hover');
  await page.mouse.move(5, 700);
  await page.keyboard.press('Escape');
});

test('the quick fix turns time.sleep(1) into await asyncio.sleep(1)', async () => {
  const { line, column } = fixturePosition('time.sleep(1)');
  await goTo(line, column);
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'asyncio.sleep' }).first();
  await fix.waitFor();
  await screenshot('quick-fix-menu');
  // Choose it with the keyboard: the menu opens with its first action focused.
  for (let i = 0; i < 5 && !(await fix.evaluate((row) => row.classList.contains('focused'))); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await waitForRenderedLine('asyncio.sleep(1)', (t) => t.trim() === 'await asyncio.sleep(1)',
    'the fix did not produce `await asyncio.sleep(1)`');
  await page.keyboard.press('Control+S');
  const deadline = Date.now() + TIMEOUT;
  let saved = '';
  while (Date.now() < deadline) {
    saved = fs.readFileSync(fixtureFile, 'utf8').split('\n')[line - 1];
    if (saved !== '    time.sleep(1)') break;
    await page.waitForTimeout(200);
  }
  assert.equal(saved, '    await asyncio.sleep(1)');
  // The pitfall is gone: no squiggle is left in the file.
  await editor().locator('.squiggly-warning, .squiggly-error').first().waitFor({ state: 'detached' });
  await screenshot('quick-fix-applied');
});

test('a setting changed in the Settings editor takes effect without a reload', async () => {
  const needle = 'with ProcessPoolExecutor(max_workers=2) as pool:';
  await page.keyboard.press('Control+,');
  const search = page.locator('.settings-editor .suggest-input-container .monaco-editor').first();
  await search.waitFor();
  await search.click();
  await page.keyboard.type('@ext:concurrency-tutor.concurrency-tutor');
  const parallel = page.locator('.settings-editor .setting-item-bool', { hasText: 'Inlay Hints: Parallel' }).first();
  await parallel.waitFor();
  const description = await parallel.locator('.setting-item-description').innerText();
  assert.match(description, /parallel · 4 worker processes/);
  await screenshot('settings');
  const checkbox = parallel.locator('.setting-value-checkbox');
  assert.equal(await checkbox.getAttribute('aria-checked'), 'true');
  await checkbox.click();
  await waitUntil(async () => (await checkbox.getAttribute('aria-checked')) === 'false', 'the box to be unchecked');
  // Back to the file: the hint is gone, the others stay.
  const tab = (title) => page.locator('.tabs-container .tab', { hasText: title }).first();
  await tab('tour.py').click();
  await waitForRenderedLine(needle, (t) => !t.includes('parallel'), 'the parallel hint is still shown');
  assert.ok((await renderedLine('async def brew')).includes('concurrent · event loop'), 'the concurrent hint went too');
  await screenshot('parallel-hints-off');
  const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  assert.equal(settings['concurrencyTutor.inlayHints.parallel'], false);
  // And back on.
  await tab('Settings').click();
  await checkbox.click();
  await waitUntil(async () => (await checkbox.getAttribute('aria-checked')) === 'true', 'the box to be checked');
  await tab('Settings').locator('.codicon-close').click();
  await waitForRenderedLine(needle, (t) => t.includes('parallel · 2 worker processes'), 'the parallel hint did not return');
});

test('the Restart Server and Show Server Output commands work', async () => {
  await runCommand('Concurrency Tutor: Restart Server');
  await runCommand('Concurrency Tutor: Show Server Output');
  const output = page.locator('.panel .view-lines', { hasText: 'Server running: concurrency-tutor' }).first();
  await output.waitFor();
  // The whole channel, as VS Code logged it: the bundled binary was found, then restarted.
  const logDir = path.join(userData, 'logs');
  await waitUntil(async () => {
    const log = fs
      .readdirSync(logDir, { recursive: true })
      .filter((file) => String(file).endsWith('Concurrency Tutor.log'))
      .map((file) => fs.readFileSync(path.join(logDir, String(file)), 'utf8'))
      .join('\n');
    return (
      /found via bundled/.test(log) &&
      /Restarting the server/.test(log) &&
      (log.match(/Server running: concurrency-tutor \d+\.\d+\.\d+/g) ?? []).length >= 2
    );
  }, 'the output channel to log a start, a restart and a second start');
  await screenshot('server-output');
  // After the restart the hints are back.
  await waitForRenderedLine('async def brew', (t) => t.includes('concurrent · event loop'), 'no hints after a restart');
});

test('a server path that points nowhere is reported plainly, with how to install', async () => {
  await page.keyboard.press('Control+,');
  const search = page.locator('.settings-editor .suggest-input-container .monaco-editor').first();
  await search.waitFor();
  await search.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('concurrencyTutor.server.path');
  // A path on the machine that runs the server: a "Remote" setting in code-server (the scope is
  // machine-overridable).
  await page.locator('.settings-editor .settings-tabs-widget .action-label', { hasText: 'Remote' }).first().click();
  const item = page.locator('.settings-editor .setting-item-contents', { hasText: 'Server: Path' }).first();
  await item.waitFor();
  const input = item.locator('input');
  await input.fill('/nowhere/concurrency-tutor');
  await input.press('Tab');
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'language server was not found' }).first();
  await toast.waitFor();
  const text = await toast.innerText();
  assert.match(text, /\/nowhere\/concurrency-tutor/);
  assert.match(text, /cargo install/);
  await screenshot('server-not-found');
  // Clearing the setting brings the bundled server back.
  await input.fill('');
  await input.press('Tab');
  await page.locator('.tabs-container .tab', { hasText: 'tour.py' }).first().click();
  await waitForRenderedLine('async def brew', (t) => t.includes('concurrent · event loop'), 'no hints after clearing the path');
});
