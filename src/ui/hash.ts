/**
 * Profiles named in the address: `#url=<encoded URL>` (several allowed, opened side by side),
 * speedscope's `#profileURL=`, and an optional `#title=`.
 */
export function urlsFromHash(hash: string): { urls: string[]; title?: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const urls = [...params.getAll('url'), ...params.getAll('profileURL')].filter((u) => u.length > 0);
  const title = params.get('title') ?? undefined;
  return { urls, title };
}
