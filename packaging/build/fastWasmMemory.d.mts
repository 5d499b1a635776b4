// Types for fastWasmMemory.mjs (imported by its test).
export function fastWasmMemory(source: string): string;
export const fastWasmMemoryPlugin: { name: string; setup(build: unknown): void };
