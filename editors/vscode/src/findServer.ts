// Finds the `concurrency-tutor` binary: the `concurrencyTutor.server.path` setting, then the
// binary bundled in the extension, then `PATH`. No `vscode` import, so it is unit-tested in Node.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'PATH';

export type FoundServer = { ok: true; path: string; source: ServerSource };
export type MissingServer = { ok: false; reason: string };

export interface FindOptions {
  /** The `concurrencyTutor.server.path` setting (may be empty). */
  setting: string | undefined;
  /** The extension's own directory. */
  extensionPath: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative settings. */
  workspaceFolder?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export const BINARY = 'concurrency-tutor';

function exeName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${BINARY}.exe` : BINARY;
}

function isFile(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isFile();
  } catch {
    return false;
  }
}

function isExecutable(candidate: string, platform: NodeJS.Platform): boolean {
  if (!isFile(candidate)) return false;
  if (platform === 'win32') return true;
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Expands `~` and `${workspaceFolder}`, and resolves a relative path against the workspace. */
export function expandSetting(setting: string, workspaceFolder: string | undefined): string {
  let expanded = setting.trim();
  if (expanded === '~' || expanded.startsWith('~/') || expanded.startsWith('~\\')) {
    expanded = path.join(os.homedir(), expanded.slice(1));
  }
  if (workspaceFolder) {
    expanded = expanded.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
    if (!path.isAbsolute(expanded)) expanded = path.resolve(workspaceFolder, expanded);
  }
  return expanded;
}

/** The path of the binary bundled in the extension (it may not exist). */
export function bundledPath(extensionPath: string, platform: NodeJS.Platform = process.platform): string {
  return path.join(extensionPath, 'server', exeName(platform));
}

export function searchPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const pathVariable = env.PATH ?? env.Path ?? '';
  for (const dir of pathVariable.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exeName(platform));
    if (isExecutable(candidate, platform)) return candidate;
  }
  return undefined;
}

export function findServer(options: FindOptions): FoundServer | MissingServer {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;

  if (options.setting && options.setting.trim() !== '') {
    const candidate = expandSetting(options.setting, options.workspaceFolder);
    if (isFile(candidate)) return { ok: true, path: candidate, source: 'setting' };
    // A wrong setting is reported, not silently replaced by another binary.
    return { ok: false, reason: `the setting concurrencyTutor.server.path is "${options.setting}", but ${candidate} does not exist` };
  }

  const bundled = bundledPath(options.extensionPath, platform);
  if (isFile(bundled)) {
    if (platform !== 'win32' && !isExecutable(bundled, platform)) {
      // Unpacking a .vsix may drop the executable bit.
      try {
        fs.chmodSync(bundled, 0o755);
      } catch {
        // reported below if it still cannot run
      }
    }
    if (isExecutable(bundled, platform)) return { ok: true, path: bundled, source: 'bundled' };
  }

  const onPath = searchPath(env, platform);
  if (onPath) return { ok: true, path: onPath, source: 'PATH' };

  return { ok: false, reason: `no ${exeName(platform)} was found in the extension or on PATH` };
}

export const INSTALL_HINT =
  'Install it with `cargo install --path server` from a clone of the Concurrency Tutor repository and run ' +
  '"Concurrency Tutor: Restart Server", or set `concurrencyTutor.server.path` to the binary.';
