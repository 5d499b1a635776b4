// Reading a file the workspace names, safely: a FIFO, a device (a link to /dev/zero) or a huge
// file would block or exhaust the process, so only regular files of a sane size are read.
import { readFileSync, statSync } from 'node:fs';

/** Project files and sources larger than this are not something to read whole. */
export const maxReadBytes = 64 * 1024 * 1024;

export function readRegularFile(path: string): Buffer;
export function readRegularFile(path: string, encoding: BufferEncoding): string;
export function readRegularFile(path: string, encoding?: BufferEncoding): Buffer | string {
  const stats = statSync(path);
  if (!stats.isFile()) throw new Error('not a regular file');
  if (stats.size > maxReadBytes) throw new Error(`larger than ${maxReadBytes / 1024 / 1024} MB`);
  return encoding ? readFileSync(path, encoding) : readFileSync(path);
}
