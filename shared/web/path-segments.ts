/**
 * The request-path rule shared by both servers of the web app (`app://` in main, HTTP in the
 * relay): each segment is percent-decoded exactly once, and a segment that is empty, `.` or `..`
 * after decoding, or holds `/`, `\`, `:` or a control character (an encoded separator, a Windows
 * drive or stream name, NUL) refuses the whole path. Joining the segments under the build
 * folder — and checking the result stays inside — is each server's job, with its own `path`.
 */

/** The decoded segments of `pathname` (`/` is `indexFile`), or null when the path is refused. */
export function decodePathSegments(pathname: string, indexFile: string): string[] | null {
  const raw = pathname === '/' ? [indexFile] : pathname.slice(1).split('/');
  const segments: string[] = [];
  for (const segment of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || /[/\\:\p{Cc}]/u.test(decoded)) {
      return null;
    }
    segments.push(decoded);
  }
  return segments;
}
