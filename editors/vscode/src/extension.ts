// Concurrency Tutor for VS Code: starts the `concurrency-tutor` language server for Python and
// Rust files and keeps its settings in step with VS Code's.
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
} from 'vscode-languageclient/node';

import { findServer, INSTALL_HINT } from './findServer';

const SECTION = 'concurrencyTutor';
const SERVER_PATH = `${SECTION}.server.path`;

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let extensionContext: vscode.ExtensionContext;
// Serialises starts and stops: a restart requested while one runs waits for it.
let queue: Promise<unknown> = Promise.resolve();

/** The extension's settings as plain JSON, under the section name the server expects. */
function settingsPayload(): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  return { [SECTION]: JSON.parse(JSON.stringify(configuration)) };
}

function log(message: string): void {
  output.appendLine(`[${new Date().toISOString()}] ${message}`);
}

/** Says plainly that no server was found and how to get one. Does not wait for the user. */
function reportMissing(reason: string): void {
  log(`Language server not found: ${reason}. ${INSTALL_HINT}`);
  const openSettings = 'Set the Server Path';
  const showOutput = 'Show Output';
  void vscode.window
    .showErrorMessage(`Concurrency Tutor: the language server was not found (${reason}). ${INSTALL_HINT}`, openSettings, showOutput)
    .then((choice) => {
      if (choice === openSettings) {
        void vscode.commands.executeCommand('workbench.action.openSettings', SERVER_PATH);
      } else if (choice === showOutput) {
        output.show(true);
      }
    });
}

async function startClient(): Promise<void> {
  const found = findServer({
    setting: vscode.workspace.getConfiguration(SECTION).get<string>('server.path'),
    extensionPath: extensionContext.extensionPath,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
  if (!found.ok) {
    reportMissing(found.reason);
    return;
  }
  log(`Starting ${found.path} (found via ${found.source})`);

  const serverOptions: ServerOptions = {
    command: found.path,
    // No `transport`: vscode-languageclient would add a `--stdio` argument; stdio is the default.
    args: ['lsp'],
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'file', language: 'rust' },
      { scheme: 'untitled', language: 'python' },
      { scheme: 'untitled', language: 'rust' },
    ],
    // Read when the server starts, so a restart picks up the current settings.
    initializationOptions: settingsPayload,
    // Sends `workspace/didChangeConfiguration` with `{ concurrencyTutor: {...} }` on every change:
    // the server applies it and refreshes hints and diagnostics in place.
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  const next = new LanguageClient(SECTION, 'Concurrency Tutor', serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
    const info = next.initializeResult?.serverInfo;
    log(`Server running: ${info?.name ?? 'concurrency-tutor'} ${info?.version ?? ''}`.trimEnd());
  } catch (error) {
    client = undefined;
    log(`The server failed to start: ${String(error)}`);
    void vscode.window.showErrorMessage(
      `Concurrency Tutor: ${found.path} failed to start (${String(error)}). See the output for details.`,
    );
    await next.dispose().catch(() => undefined);
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    // dispose() stops the server (shutdown, exit) and releases the client's resources, but
    // keeps our output channel, which we own.
    await running.dispose(2000).catch((error: unknown) => log(`Stopping the server: ${String(error)}`));
  }
}

function enqueue(task: () => Promise<void>): Promise<void> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

export function restartServer(): Promise<void> {
  return enqueue(async () => {
    log('Restarting the server');
    await stopClient();
    await startClient();
  });
}

export function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel('Concurrency Tutor');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(`${SECTION}.restartServer`, restartServer),
    vscode.commands.registerCommand(`${SECTION}.showOutput`, () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Other settings reach the running server through `synchronize`; a new binary needs a
      // new process.
      if (event.affectsConfiguration(SERVER_PATH)) void restartServer();
    }),
    { dispose: () => void stopClient() },
  );
  return enqueue(startClient);
}

export function deactivate(): Promise<void> {
  return enqueue(stopClient);
}
