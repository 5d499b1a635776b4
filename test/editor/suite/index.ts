// Entry point the extension host loads (`extensionTestsPath`): runs every compiled *.test.js
// beside this file with mocha.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // The extension host hands console.log to the workbench's log only (mixed with the workbench's
  // own lines), while what goes to process.stdout also reaches the host's real stdout, which the
  // runners show: the report goes there.
  (Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }).consoleLog = (...args) => {
    process.stdout.write(`${format(...args)}\n`);
  };
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 60_000 });
  for (const name of readdirSync(__dirname).filter((file) => file.endsWith('.test.js')).sort()) {
    mocha.addFile(join(__dirname, name));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} editor test(s) failed`)) : resolve()));
  });
}
