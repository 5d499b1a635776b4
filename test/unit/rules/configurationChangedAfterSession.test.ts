// The message of configuration-changed-after-session says what the user loses: for a shared
// container set too late in an app extension, the transfers fail; elsewhere, the setting never applies.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { lintFolder } from '../../support/lintFixture';

const dir = join(__dirname, '..', '..', 'fixtures', 'rules', 'configuration-changed-after-session');

test('configuration-changed-after-session: the message names the property and the consequence', async () => {
  const { findings } = await lintFolder(dir);
  const ours = findings.filter((finding) => finding.rule === 'configuration-changed-after-session');
  const inExtension = ours.filter((finding) => finding.file.includes('/Share/'));
  assert.equal(inExtension.length, 2);
  for (const finding of inExtension) assert.match(finding.message, /shared container .*extension's background transfers fail\.$/);
  const inApp = ours.filter((finding) => finding.file.includes('/App/'));
  assert.ok(inApp.length >= 5);
  for (const finding of inApp) {
    assert.doesNotMatch(finding.message, /extension/);
    assert.match(finding.message, /^(isDiscretionary|timeoutIntervalForResource|timeoutIntervalForRequest|sessionSendsLaunchEvents|allowsCellularAccess|The configuration property)\b.*never applies to the session\.$/);
  }
});
