// Reads a Swift file for linting, refusing what is not Swift source text: binary files, text
// that is not UTF-8, files too large to be hand-written code. Each refusal is one reason string.
// Any thread may call it: worker threads read their project's files themselves.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { describeError } from './fileWalker';

/** Larger files are generated code or data, and would cost the parser seconds and memory. */
export const maxSourceBytes = 5 * 1024 * 1024;

export interface SourceText {
  /** The raw bytes, BOM included. */
  bytes: Buffer;
  /** The decoded text, without a UTF-8 BOM (editors and the engine never see it). */
  text: string;
  bom: boolean;
}

export type SourceResult = SourceText | { problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function readSwiftSource(path: string): SourceResult {
  let bytes: Buffer;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no longer exists' : describeError(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return { problem: 'is a folder' };
    if (stats.size > maxSourceBytes) {
      return { problem: `larger than 5 MB (${(stats.size / (1024 * 1024)).toFixed(1)} MB)` };
    }
    bytes = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const count = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (count === 0) break;
      filled += count;
    }
    // The file may have shrunk between fstat and read.
    if (filled < bytes.length) bytes = bytes.subarray(0, filled);
  } catch (error) {
    return { problem: describeError(error) };
  } finally {
    closeSync(fd);
  }
  if (bytes.indexOf(0) !== -1) return { problem: 'binary file (contains NUL bytes)' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { problem: 'not valid UTF-8' };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { bytes, text, bom };
}
