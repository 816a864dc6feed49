/**
 * Findings name files relative to the scanned folder; GitHub (annotations, SARIF, blob links)
 * wants them relative to the repository root. `prefix` is the scanned folder's path in the
 * repository, POSIX separators.
 */
export function repoPath(prefix: string, file: string): string {
  const clean = prefix
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '')
  return clean === '' || clean === '.' ? file : `${clean}/${file}`
}

/**
 * A path as a URL path: each segment percent-encoded, and the parentheses that
 * encodeURIComponent leaves alone encoded too, so the URL cannot end a Markdown link early.
 */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/\(/g, '%28').replace(/\)/g, '%29'))
    .join('/')
}
