import { spawn } from 'node:child_process';

/**
 * Opens the URL in the default browser, best effort: the URL is printed before this runs, so a
 * machine without a browser (a server, a container, CI) loses nothing. The URL goes to the opener
 * as one argument, never through a shell: on Windows `start` would read the `&` between `url=`
 * parameters as a command separator, so rundll32's URL handler is used instead.
 */
export function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['rundll32.exe', ['url.dll,FileProtocolHandler', url]]
    : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {}); // no opener installed: the printed URL is the fallback
    child.unref();
  } catch {
    // spawn itself can throw on odd platforms; same fallback
  }
}
