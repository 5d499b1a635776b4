// The XML plist reader: the whole plist vocabulary, and errors with line numbers.
import assert from 'node:assert/strict';
import test from 'node:test';
import { parseXmlPlist } from '../../../server/src/project/xmlPlist';

const wrap = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n${body}\n</plist>\n`;

test('every value type', () => {
  const value = parseXmlPlist(
    wrap(`<dict>
  <!-- a comment -->
  <key>string</key><string>a &amp; b &lt;c&gt; &#x41;&#66;</string>
  <key>cdata</key><string><![CDATA[<raw>]]></string>
  <key>empty</key><string/>
  <key>int</key><integer>-42</integer>
  <key>real</key><real>1.5</real>
  <key>yes</key><true/>
  <key>no</key><false/>
  <key>date</key><date>2024-01-02T03:04:05Z</date>
  <key>data</key><data>aGk=</data>
  <key>array</key><array><string>x</string><array/><dict/></array>
  <key>nested</key><dict><key>k</key><string>v</string></dict>
</dict>`),
  );
  assert.deepEqual(value, {
    string: 'a & b <c> AB',
    cdata: '<raw>',
    empty: '',
    int: -42,
    real: 1.5,
    yes: true,
    no: false,
    date: new Date('2024-01-02T03:04:05Z'),
    data: new Uint8Array([104, 105]),
    array: ['x', [], {}],
    nested: { k: 'v' },
  });
});

test('malformed documents fail with the line of the mistake', () => {
  assert.throws(() => parseXmlPlist(wrap('<dict>\n<key>a</key>\n<array>\n<string>x</string>\n</dict>')), /<\/dict> closes an <array> \(line 8\)/);
  assert.throws(() => parseXmlPlist(wrap('<dict>\n<key>a</key>\n<string>x</string>')), /<\/plist> closes a <dict> \(line 7\)/);
  assert.throws(() => parseXmlPlist(wrap('<dict><string>no key</string></dict>')), /expected <key> in <dict>, found <string>/);
  assert.throws(() => parseXmlPlist(wrap('<dict><key>n</key><integer>x</integer></dict>')), /not a number/);
  assert.throws(() => parseXmlPlist(wrap('<dict><key>a</key><string>AT&T</string></dict>')), /bare "&"/);
  assert.throws(() => parseXmlPlist('<dict></dict>'), /expected <plist> as the root element/);
  assert.throws(() => parseXmlPlist(wrap('<dict/>') + '<extra/>'), /unexpected content after <\/plist>/);
});
