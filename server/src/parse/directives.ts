// Conditional-compilation regions. tree-sitter-swift 0.7.1 turns `#if` inside type bodies into
// ERROR nodes, so the parser sees the source with directive lines blanked, and the regions are
// computed here from the directive lines themselves.

export interface DirectiveLine {
  keyword: '#if' | '#elseif' | '#else' | '#endif';
  condition: string;
  start: number; // offset of the line start
  end: number; // offset of the line end (before the newline)
}

/** One branch of an `#if` block: from the end of its directive line to the start of the next. */
export interface IfBranch {
  start: number;
  end: number;
  /** The directive line that opens this branch (#if, #elseif or #else). */
  directive: DirectiveLine;
  /** Compiled only in DEBUG builds. */
  debugOnly: boolean;
}

// Swift's whitespace includes form feed and vertical tab.
const directivePattern = /^[ \t\f\v]*(#if|#elseif|#else|#endif)\b(.*)$/;

export function findDirectiveLines(text: string): DirectiveLine[] {
  const lines: DirectiveLine[] = [];
  // Visit the lines that hold a `#`, not every line: one forward search per line would scan
  // ahead to the next `#` each time, quadratic on large files with few directives.
  for (let hash = text.indexOf('#'); hash !== -1; ) {
    const lineStart = text.lastIndexOf('\n', hash - 1) + 1;
    let lineEnd = text.indexOf('\n', hash);
    if (lineEnd === -1) lineEnd = text.length;
    const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const match = directivePattern.exec(text.slice(lineStart, contentEnd));
    if (match) {
      lines.push({
        keyword: match[1] as DirectiveLine['keyword'],
        condition: stripLineComment(match[2]).trim(),
        start: lineStart,
        end: contentEnd,
      });
    }
    hash = lineEnd < text.length ? text.indexOf('#', lineEnd + 1) : -1;
  }
  return lines;
}

function stripLineComment(condition: string): string {
  const comment = condition.indexOf('//');
  return comment === -1 ? condition : condition.slice(0, comment);
}

/** Replaces every directive line with spaces, keeping every offset and line break. */
export function blankDirectiveLines(text: string, lines: DirectiveLine[]): string {
  if (lines.length === 0) return text;
  let out = '';
  let last = 0;
  for (const line of lines) {
    out += text.slice(last, line.start) + ' '.repeat(line.end - line.start);
    last = line.end;
  }
  return out + text.slice(last);
}

/** True when a condition holds in DEBUG builds only: `DEBUG`, `DEBUG && X`, `(DEBUG)`. */
function requiresDebug(condition: string): boolean {
  if (condition.includes('||')) return false;
  return condition.split('&&').some((part) => stripParens(part) === 'DEBUG');
}

/** True when a condition excludes DEBUG builds: `!DEBUG`. */
function excludesDebug(condition: string): boolean {
  if (condition.includes('||')) return false;
  return condition.split('&&').some((part) => stripParens(part).replace(/\s+/g, '') === '!DEBUG');
}

function stripParens(part: string): string {
  let s = part.trim();
  while (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1).trim();
  return s;
}

/** Pairs directive lines into branches; unbalanced directives are ignored rather than guessed. */
export function computeIfBranches(lines: DirectiveLine[]): IfBranch[] {
  const branches: IfBranch[] = [];
  interface Open { current: DirectiveLine; previousConditions: string[] }
  const stack: Open[] = [];
  const close = (open: Open, end: number) => {
    const d = open.current;
    const debugOnly =
      d.keyword === '#else'
        ? open.previousConditions.length === 1 && excludesDebug(open.previousConditions[0])
        : requiresDebug(d.condition);
    branches.push({ start: d.end, end, directive: d, debugOnly });
  };
  for (const line of lines) {
    if (line.keyword === '#if') {
      stack.push({ current: line, previousConditions: [] });
    } else if (stack.length > 0) {
      const open = stack[stack.length - 1];
      close(open, line.start);
      if (line.keyword === '#endif') {
        stack.pop();
      } else {
        open.previousConditions.push(open.current.condition);
        open.current = line;
      }
    }
  }
  return branches;
}

export class IfRegions {
  readonly branches: IfBranch[];
  constructor(readonly lines: DirectiveLine[]) {
    this.branches = computeIfBranches(lines);
  }

  /** True when the code at `offset` is compiled only into DEBUG builds. */
  isDebugOnly(offset: number): boolean {
    return this.branches.some((b) => b.debugOnly && b.start <= offset && offset < b.end);
  }

  /** True when `offset` lies inside any `#if` branch (the code may not be compiled at all). */
  isConditional(offset: number): boolean {
    return this.branches.some((b) => b.start <= offset && offset < b.end);
  }
}
