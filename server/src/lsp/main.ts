// Entry point of the language server bundle (dist/server.js). The transport comes from the
// command line: `--stdio`, `--node-ipc` or `--socket=<port>`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { describe } from './guard';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);

// A bug in one analysis must not end the server: log it and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`urlsession-lint: uncaught: ${describe(error)}`));
process.on('unhandledRejection', (reason) => connection.console.error(`urlsession-lint: unhandled rejection: ${describe(reason)}`));

startServer(connection);
