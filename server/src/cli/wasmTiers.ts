// One V8 setting for every way the CLI starts (the launcher, `node dist/cli-main.js`).
import { setFlagsFromString } from 'node:v8';

/**
 * Runs WebAssembly on Liftoff's baseline code only. Measured here: optimising the grammar's huge
 * lexer function with TurboFan costs seconds of CPU (and delays exit until done), more than a
 * one-shot run ever wins back; Liftoff's code parses 4.8 MB in 1.6-3 s against 6-9 s with
 * tier-up on this 2-core machine. Set before the bundle is compiled from V8's code cache: V8
 * takes cached code only under the flags it was made with.
 */
export function useBaselineWasmOnly(): void {
  setFlagsFromString('--liftoff-only');
}
