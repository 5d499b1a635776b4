// Entry point of the language server bundle (dist/server.js). The transport comes from the
// command line: `--stdio`, `--node-ipc` or `--socket=<port>`.
import { setFlagsFromString } from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { describe } from './guard';
import { startServer } from './server';

// Measured here: with V8's default WASM tier-up, background TurboFan compilation of the 3 MB
// grammar competes with parsing and holds process exit for 2–10 s; Liftoff alone parsed 2–3× faster
// and exits at once. Must run before the grammar is compiled (Engine.create).
setFlagsFromString('--no-wasm-tier-up');
setFlagsFromString('--no-wasm-dynamic-tiering');

// The facts worker (engine/factsWorker.ts) runs this bundle too: it must not start a server.
if (isMainThread) {
  const connection = createConnection(ProposedFeatures.all);

  // A bug in one analysis must not end the server: log it and keep serving.
  process.on('uncaughtException', (error) => connection.console.error(`urlsession-lint: uncaught: ${describe(error)}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`urlsession-lint: unhandled rejection: ${describe(reason)}`));

  startServer(connection);
}
