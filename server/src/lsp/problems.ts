// Problems with the user's files (a malformed .urlsession-lint.yml, project, plist or
// entitlements file): always in the log, and shown as a warning once per file and message.
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';

export class ProblemReporter {
  private readonly shown = new Set<string>();

  constructor(private readonly connection: Connection) {}

  /** `message` should name the file (and line) already; `file` keys the show-once memory. */
  report(file: string, message: string): void {
    const text = message.includes(file) ? message : `${file}: ${message}`;
    this.connection.console.warn(`urlsession-lint: ${text}`);
    const key = `${file}\n${message}`;
    if (this.shown.has(key)) return;
    this.shown.add(key);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `URLSession Lint: ${text}` });
  }
}
