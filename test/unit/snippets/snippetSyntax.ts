// Expands VS Code snippet syntax with every tab stop at its default, as the editor does when the
// user tabs through without typing: `${1:default}`, `${1|a,b|}` (first choice), `$1`/`${1}`
// (the default of the same tab stop elsewhere, or empty), `$0`, variables with their default, and
// the escapes `\$`, `\}`, `\\` (plus `\,` and `\|` inside choices).

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; children: Part[] | undefined; choices: string[] | undefined }
  | { kind: 'variable'; name: string; children: Part[] | undefined };

class SnippetParser {
  private pos = 0;
  constructor(private readonly source: string) {}

  parse(): Part[] {
    const parts = this.parseParts(false);
    if (this.pos !== this.source.length) throw this.error('unexpected "}"');
    return parts;
  }

  /** Parses until the end, or until an unescaped `}` when `inPlaceholder`. */
  private parseParts(inPlaceholder: boolean): Part[] {
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    while (this.pos < this.source.length) {
      const ch = this.source[this.pos];
      if (ch === '\\') {
        const next = this.source[this.pos + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.pos += 2;
        } else {
          text += ch;
          this.pos++;
        }
      } else if (ch === '}' && inPlaceholder) {
        break;
      } else if (ch === '$') {
        const part = this.parseDollar();
        if (part) {
          flush();
          parts.push(part);
        } else {
          text += ch;
          this.pos++;
        }
      } else {
        text += ch;
        this.pos++;
      }
    }
    flush();
    return parts;
  }

  /** At a `$`: a tab stop, placeholder, choice or variable; undefined when it is a plain `$`. */
  private parseDollar(): Part | undefined {
    const rest = this.source.slice(this.pos + 1);
    const simpleTabstop = /^\d+/.exec(rest);
    if (simpleTabstop) {
      this.pos += 1 + simpleTabstop[0].length;
      return { kind: 'tabstop', index: Number(simpleTabstop[0]), children: undefined, choices: undefined };
    }
    const simpleVariable = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (simpleVariable) {
      this.pos += 1 + simpleVariable[0].length;
      return { kind: 'variable', name: simpleVariable[0], children: undefined };
    }
    if (rest[0] !== '{') return undefined;
    const head = /^\{(\d+|[A-Za-z_][A-Za-z0-9_]*)([:|}/])?/.exec(rest);
    if (!head || !head[2]) throw this.error('malformed "${"');
    const name = head[1];
    const isTabstop = /^\d/.test(name);
    this.pos += 1 + head[0].length;
    switch (head[2]) {
      case '}':
        return isTabstop
          ? { kind: 'tabstop', index: Number(name), children: undefined, choices: undefined }
          : { kind: 'variable', name, children: undefined };
      case ':': {
        const children = this.parseParts(true);
        this.expect('}');
        return isTabstop
          ? { kind: 'tabstop', index: Number(name), children, choices: undefined }
          : { kind: 'variable', name, children };
      }
      case '|': {
        if (!isTabstop) throw this.error('a choice needs a tab stop number');
        const choices = this.parseChoices();
        return { kind: 'tabstop', index: Number(name), children: undefined, choices };
      }
      default:
        throw this.error('transformations are not supported by this expander');
    }
  }

  private parseChoices(): string[] {
    const choices: string[] = [];
    let current = '';
    while (this.pos < this.source.length) {
      const ch = this.source[this.pos];
      if (ch === '\\' && [',', '|', '\\', '$', '}'].includes(this.source[this.pos + 1])) {
        current += this.source[this.pos + 1];
        this.pos += 2;
      } else if (ch === ',') {
        choices.push(current);
        current = '';
        this.pos++;
      } else if (ch === '|' && this.source[this.pos + 1] === '}') {
        choices.push(current);
        this.pos += 2;
        return choices;
      } else {
        current += ch;
        this.pos++;
      }
    }
    throw this.error('unterminated choice');
  }

  private expect(ch: string): void {
    if (this.source[this.pos] !== ch) throw this.error(`expected "${ch}"`);
    this.pos++;
  }

  private error(message: string): Error {
    return new Error(`snippet syntax: ${message} at offset ${this.pos}`);
  }
}

/** Expands a snippet body (lines joined with "\n") with every tab stop at its default. */
export function expandSnippet(body: string, variables: Record<string, string> = {}): string {
  const parts = new SnippetParser(body).parse();
  const defaults = new Map<number, Part[] | string>();
  const collect = (list: Part[]) => {
    for (const part of list) {
      if (part.kind === 'text') continue;
      if (part.kind === 'tabstop') {
        if (!defaults.has(part.index)) {
          if (part.choices) defaults.set(part.index, part.choices[0] ?? '');
          else if (part.children) defaults.set(part.index, part.children);
        }
      }
      if (part.children) collect(part.children);
    }
  };
  collect(parts);
  const render = (list: Part[], active: Set<number>): string =>
    list
      .map((part) => {
        if (part.kind === 'text') return part.text;
        if (part.kind === 'variable') {
          if (part.name in variables) return variables[part.name];
          return part.children ? render(part.children, active) : part.name;
        }
        const value = defaults.get(part.index);
        if (value === undefined) return '';
        if (typeof value === 'string') return value;
        if (active.has(part.index)) throw new Error(`snippet syntax: tab stop ${part.index} contains itself`);
        return render(value, new Set([...active, part.index]));
      })
      .join('');
  return render(parts, new Set());
}

/** Indents every non-empty line, turning the snippet's tabs into four spaces as an editor would. */
export function indentSnippet(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() ? indent + line.replace(/^\t+/, (tabs) => '    '.repeat(tabs.length)) : ''))
    .join('\n');
}
