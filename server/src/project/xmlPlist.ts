// A small strict reader for XML property lists (Info.plist, .entitlements).
// Why not the `plist` package: plist@5 is ESM-only and exports only an `import` condition, so
// it cannot be loaded from this repository's CommonJS TypeScript under tsx (the test runner
// fails with ERR_PACKAGE_PATH_NOT_EXPORTED). The plist XML vocabulary is tiny, and a reader of
// our own also gives line numbers in its errors and prints nothing to the console.

export type PlistValue = string | number | boolean | Date | Uint8Array | PlistValue[] | { [key: string]: PlistValue };

export class PlistSyntaxError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  offset: number;
}

/** Parses an XML plist document; throws PlistSyntaxError with a line number when it is malformed. */
export function parseXmlPlist(text: string): PlistValue {
  return new Reader(text).document();
}

class Reader {
  private pos = 0;

  constructor(private readonly text: string) {}

  document(): PlistValue {
    this.skipMisc();
    const open = this.tag();
    if (!open || open.closing || open.name !== 'plist') this.fail('expected <plist> as the root element', open?.offset);
    if (open.selfClosing) this.fail('<plist> is empty', open.offset);
    this.skipMisc();
    const value = this.value();
    this.skipMisc();
    this.expectClose('plist');
    this.skipMisc();
    if (this.pos < this.text.length) this.fail('unexpected content after </plist>');
    return value;
  }

  private value(): PlistValue {
    const tag = this.tag();
    if (!tag || tag.closing) this.fail(tag ? `unexpected </${tag.name}>` : 'expected a value element', tag?.offset);
    switch (tag.name) {
      case 'dict':
        return tag.selfClosing ? {} : this.dict();
      case 'array':
        return tag.selfClosing ? [] : this.array();
      case 'true':
      case 'false':
        if (!tag.selfClosing) this.expectClose(tag.name);
        return tag.name === 'true';
      case 'string':
      case 'key':
        return tag.selfClosing ? '' : this.textUntilClose(tag.name);
      case 'integer':
      case 'real': {
        const raw = tag.selfClosing ? '' : this.textUntilClose(tag.name).trim();
        const number = tag.name === 'integer' && /^[+-]?0x[0-9a-f]+$/i.test(raw) ? parseInt(raw, 16) : Number(raw);
        if (raw === '' || Number.isNaN(number)) this.fail(`<${tag.name}> holds "${raw}", not a number`, tag.offset);
        return number;
      }
      case 'date': {
        const raw = tag.selfClosing ? '' : this.textUntilClose('date').trim();
        const date = new Date(raw);
        if (Number.isNaN(date.getTime())) this.fail(`<date> holds "${raw}", not a date`, tag.offset);
        return date;
      }
      case 'data': {
        const raw = tag.selfClosing ? '' : this.textUntilClose('data');
        return new Uint8Array(Buffer.from(raw.replace(/\s+/g, ''), 'base64'));
      }
      default:
        return this.fail(`unknown element <${tag.name}>`, tag.offset);
    }
  }

  private dict(): { [key: string]: PlistValue } {
    const result: { [key: string]: PlistValue } = {};
    for (;;) {
      this.skipMisc();
      const tag = this.tag();
      if (!tag) this.fail('<dict> is not closed');
      if (tag.closing) {
        if (tag.name !== 'dict') this.fail(`</${tag.name}> closes a <dict>`, tag.offset);
        return result;
      }
      if (tag.name !== 'key') this.fail(`expected <key> in <dict>, found <${tag.name}>`, tag.offset);
      const key = tag.selfClosing ? '' : this.textUntilClose('key');
      this.skipMisc();
      result[key] = this.value();
    }
  }

  private array(): PlistValue[] {
    const result: PlistValue[] = [];
    for (;;) {
      this.skipMisc();
      const start = this.pos;
      const tag = this.tag();
      if (!tag) this.fail('<array> is not closed');
      if (tag.closing) {
        if (tag.name !== 'array') this.fail(`</${tag.name}> closes an <array>`, tag.offset);
        return result;
      }
      this.pos = start;
      result.push(this.value());
    }
  }

  /** Character data up to `</name>`, with entities decoded and CDATA kept verbatim. */
  private textUntilClose(name: string): string {
    let out = '';
    for (;;) {
      const lt = this.text.indexOf('<', this.pos);
      if (lt < 0) this.fail(`<${name}> is not closed`);
      out += this.decode(this.text.slice(this.pos, lt), this.pos);
      this.pos = lt;
      if (this.text.startsWith('<![CDATA[', lt)) {
        const end = this.text.indexOf(']]>', lt);
        if (end < 0) this.fail('CDATA section is not closed', lt);
        out += this.text.slice(lt + 9, end);
        this.pos = end + 3;
        continue;
      }
      if (this.text.startsWith('<!--', lt)) {
        this.skipComment();
        continue;
      }
      this.expectClose(name);
      return out;
    }
  }

  private expectClose(name: string): void {
    const tag = this.tag();
    if (!tag || !tag.closing || tag.name !== name) {
      this.fail(tag ? `expected </${name}>, found <${tag.closing ? '/' : ''}${tag.name}>` : `expected </${name}>`, tag?.offset);
    }
  }

  /** Reads one start, end or empty-element tag at the cursor; undefined at the end of input. */
  private tag(): Tag | undefined {
    if (this.pos >= this.text.length) return undefined;
    const offset = this.pos;
    if (this.text[this.pos] !== '<') this.fail('unexpected text outside an element');
    const end = this.text.indexOf('>', this.pos);
    if (end < 0) this.fail('a tag is not closed with ">"');
    const inner = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    const match = /^(\/?)([A-Za-z_][\w.-]*)(\s[^]*?)?(\/?)\s*$/.exec(inner);
    if (!match) this.fail(`malformed tag <${inner}>`, offset);
    return { name: match[2], closing: match[1] === '/', selfClosing: match[4] === '/', offset };
  }

  /** Skips whitespace, the XML declaration, processing instructions, DOCTYPE and comments. */
  private skipMisc(): void {
    for (;;) {
      while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
      if (this.text.startsWith('<?', this.pos)) {
        const end = this.text.indexOf('?>', this.pos);
        if (end < 0) this.fail('processing instruction is not closed');
        this.pos = end + 2;
      } else if (this.text.startsWith('<!--', this.pos)) {
        this.skipComment();
      } else if (this.text.startsWith('<!DOCTYPE', this.pos)) {
        const end = this.text.indexOf('>', this.pos);
        if (end < 0) this.fail('DOCTYPE is not closed');
        this.pos = end + 1;
      } else {
        return;
      }
    }
  }

  private skipComment(): void {
    const end = this.text.indexOf('-->', this.pos);
    if (end < 0) this.fail('comment is not closed');
    this.pos = end + 3;
  }

  private decode(raw: string, offset: number): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);|&/g, (whole, entity: string | undefined) => {
      if (entity === undefined) this.fail('a bare "&" (write &amp;)', offset);
      if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
      if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
      const decoded = ENTITIES[entity];
      if (decoded === undefined) this.fail(`unknown entity ${whole}`, offset);
      return decoded;
    });
  }

  private fail(message: string, offset = this.pos): never {
    const line = this.text.slice(0, offset).split('\n').length;
    throw new PlistSyntaxError(`${message} (line ${line})`);
  }
}
