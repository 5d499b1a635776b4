// $(VAR) expansion: resolved completely or not at all.
import assert from 'node:assert/strict';
import test from 'node:test';
import { expandSettings, layeredLookup } from '../../../server/src/project/buildSettings';

const lookup = layeredLookup(
  [
    { PRODUCT_NAME: 'My App', NAME_Debug: 'debug-name', LOOP_A: '$(LOOP_B)', LOOP_B: '$(LOOP_A)', FLAGS: ['-a', '-b'], OTHER: '$(inherited) target' },
    { BASE_ID: 'com.example', OTHER: 'project' },
  ],
  { TARGET_NAME: 'MyApp', CONFIGURATION: 'Debug', SRCROOT: '/src' },
);

test('plain values and the three reference forms', () => {
  assert.equal(expandSettings('com.example.app', lookup), 'com.example.app');
  assert.equal(expandSettings('$(BASE_ID).$(TARGET_NAME)', lookup), 'com.example.MyApp');
  assert.equal(expandSettings('${BASE_ID}.x', lookup), 'com.example.x');
  assert.equal(expandSettings('$SRCROOT/App/Info.plist', lookup), '/src/App/Info.plist');
  assert.equal(expandSettings('cost: 5$', lookup), 'cost: 5$');
});

test('modifiers', () => {
  assert.equal(expandSettings('com.example.$(PRODUCT_NAME:rfc1034identifier)', lookup), 'com.example.My-App');
  assert.equal(expandSettings('$(PRODUCT_NAME:c99extidentifier)', lookup), 'My_App');
  assert.equal(expandSettings('$(PRODUCT_NAME:lower)', lookup), 'my app');
  assert.equal(expandSettings('$(PRODUCT_NAME:rfc1034identifier,lower)', lookup), 'my-app');
  assert.equal(expandSettings('$(PRODUCT_NAME:unknownModifier)', lookup), undefined);
});

test('nested names, lists and $(inherited)', () => {
  assert.equal(expandSettings('$(NAME_$(CONFIGURATION))', lookup), 'debug-name');
  assert.equal(expandSettings('$(FLAGS)', lookup), '-a -b');
  assert.equal(expandSettings('$(OTHER)', lookup), 'project target');
});

test('unknown variables, cycles and unclosed references are unresolvable', () => {
  assert.equal(expandSettings('$(TeamIdentifierPrefix)group.x', lookup), undefined);
  assert.equal(expandSettings('$(BASE_ID).$(DEVELOPMENT_TEAM)', lookup), undefined);
  assert.equal(expandSettings('$(LOOP_A)', lookup), undefined);
  assert.equal(expandSettings('$(BASE_ID', lookup), undefined);
});
