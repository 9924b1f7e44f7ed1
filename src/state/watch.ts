/**
 * Live reload for `profburst --watch`: the CLI opens the page with `?watch=1` and sends a
 * Server-Sent Event `change` ({"url": "/profiles/0/handler.prof", "mtime": ...}) whenever a
 * served file is rewritten; `list` when a served folder's profiles change.
 * The endpoint is relative to the page, so it works under a path prefix. Without `watch=1`
 * nothing is opened; when the endpoint is not there (static hosting, the CLI without --watch)
 * the first failure closes the stream quietly instead of retrying forever. After a successful
 * connection the browser's own reconnect is kept (the CLI may be restarted).
 */
export function watchProfiles(onChange: (url: string) => void, onList?: () => void): () => void {
  if (typeof window === 'undefined' || typeof EventSource === 'undefined') return () => {};
  if (new URLSearchParams(window.location.search).get('watch') !== '1') return () => {};
  let source: EventSource;
  try {
    source = new EventSource('__profburst/events');
  } catch {
    return () => {};
  }
  let opened = false;
  source.onopen = () => {
    opened = true;
  };
  source.onerror = () => {
    if (!opened) source.close();
  };
  source.addEventListener('change', (event) => {
    const url = urlOf(event.data);
    if (url !== null) onChange(url);
  });
  source.addEventListener('list', () => onList?.());
  return () => source.close();
}

/** the event's data is untrusted text: only a JSON object with a same-origin path is believed */
function urlOf(data: unknown): string | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(data);
    const url = typeof parsed === 'object' && parsed !== null ? (parsed as { url?: unknown }).url : undefined;
    return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : null;
  } catch {
    return null;
  }
}
