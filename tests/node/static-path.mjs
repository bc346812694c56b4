// The file a static web host would send for a request's URL under `root` (a folder's
// `index.html`), or null for a path that leaves `root` (answered 403). Shared by the
// static servers of browser-check.mjs, fit-check.mjs and search-check.mjs, which differ
// only in what they do with the file (content types, gzip, skipped photos).
import { join, normalize } from 'node:path';

export function fileFor(root, url) {
  let path = decodeURIComponent(new URL(url, 'http://x').pathname);
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(root, path));
  return file.startsWith(root) ? { path, file } : null;
}
