// What a person at a terminal sees on stderr besides the report: a progress line while a long run
// reads files (only on a terminal), and one summary line at the end.
import type { Finding } from '../engine/findings';

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "6 problems (3 errors, 2 warnings, 1 info) in 4 files, 0.8 s" */
export function summaryLine(findings: Finding[], fileCount: number, ms: number, inBaseline = 0): string {
  const bySeverity = (severity: Finding['severity']) => findings.filter((finding) => finding.severity === severity).length;
  const parts = [
    plural(bySeverity('error'), 'error'),
    plural(bySeverity('warning'), 'warning'),
    plural(bySeverity('info'), 'info', 'infos'),
  ];
  const counts = findings.length === 0 ? '' : ` (${parts.filter((part) => !part.startsWith('0 ')).join(', ')})`;
  const baseline = inBaseline > 0 ? `; ${inBaseline} more in the baseline` : '';
  return `${plural(findings.length, 'problem')}${counts} in ${plural(fileCount, 'file')}, ${(ms / 1000).toFixed(1)} s${baseline}`;
}

/** A line rewritten in place, at most every `intervalMs`, erased when done. */
export class ProgressLine {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: { write(text: string): unknown },
    private readonly total: number,
    private readonly intervalMs = 100,
  ) {}

  update(done: number): void {
    const now = performance.now();
    if (now - this.lastDraw < this.intervalMs && done < this.total) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r\x1b[KLinting ${done}/${this.total} files`);
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
