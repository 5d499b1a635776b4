// The README's pictures (made by `npm run screenshots`): each PNG in docs/images is a real PNG the
// README shows, and each image the README shows exists.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';

const root = join(__dirname, '..', '..', '..');
const imagesDir = join(root, 'docs', 'images');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const referenced = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img [^>]*src="([^"]+)"/g)].map((match) => match[1] ?? match[2]);

test('every PNG under docs/images is a valid PNG of a readable size that the README shows', () => {
  const pngs = readdirSync(imagesDir).filter((name) => name.endsWith('.png'));
  assert.ok(pngs.length >= 5, `docs/images holds ${pngs.length} PNGs`);
  for (const name of pngs) {
    const bytes = readFileSync(join(imagesDir, name));
    assert.ok(bytes.subarray(0, 8).equals(pngSignature), `${name}: no PNG signature`);
    // The first chunk is IHDR: width and height, big-endian, after its length and type.
    assert.equal(bytes.toString('latin1', 12, 16), 'IHDR', `${name}: no IHDR chunk`);
    const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    assert.ok(width >= 640 && width <= 1600 && height >= 400 && height <= 1200, `${name}: ${width}x${height}`);
    assert.equal(bytes.toString('latin1', bytes.length - 8, bytes.length - 4), 'IEND', `${name}: truncated`);
    assert.ok(bytes.length < 400_000, `${name}: ${bytes.length} bytes; keep screenshots small`);
    assert.ok(referenced.includes(`docs/images/${name}`), `README does not show docs/images/${name}`);
  }
});

test('every image the README shows exists', () => {
  assert.ok(referenced.length > 0);
  for (const path of referenced) {
    if (/^https?:/.test(path)) continue;
    assert.ok(existsSync(join(root, path)), `README shows ${path}, which does not exist`);
  }
});
