// Types for the parts of evaluate.mjs its unit test uses.
export interface RepoLine { name: string; commit: string }
export interface JudgementRow { repo: string; file: string; line: number; rule: string; verdict: 'real' | 'false'; why: string; miss: boolean; cross: boolean }
export interface Finding { repo: string; file: string; line: number; rule: string; message?: string; sameRuleMisses?: string[] }
export interface Counts {
  findings: number; truePositives: number; falsePositives: number; unjudged: number; real: number; misses: number;
  crossReal: number; crossFound: number; precision: number | null; recall: number | null; crossRecall: number | null;
}
export interface Score {
  perRepo: Record<string, Counts>; total: Counts; unjudged: Finding[]; falsePositives: (Finding & { why: string })[]; missed: JudgementRow[];
}
export function parseRepos(text: string): RepoLine[];
export function parseJudgements(text: string): JudgementRow[];
export function score(repoNames: string[], findings: Finding[], rows: JudgementRow[]): Score;
