import { describe, expect, it } from 'vitest';
import { sourceEndpoint } from './sourceText';

describe('source endpoint', () => {
  const page = 'http://127.0.0.1:8080/#url=%2Fprofiles%2F0%2Fapp.prof';
  it('asks the profburst server for files of profiles it served, with both names as query values', () => {
    const url = new URL(sourceEndpoint('/profiles/0/app.prof', '/home/me/a&b.py', page)!);
    expect(url.origin).toBe('http://127.0.0.1:8080');
    expect(url.pathname).toBe('/__profburst/source');
    expect(url.searchParams.get('profile')).toBe('/profiles/0/app.prof');
    expect(url.searchParams.get('file')).toBe('/home/me/a&b.py');
    expect(new URL(sourceEndpoint('http://127.0.0.1:8080/profiles/dir/GET.x.prof', 'x.py', page)!).searchParams.get('profile')).toBe('/profiles/dir/GET.x.prof');
  });

  it('asks nobody for profiles from elsewhere: another origin, a static site, a local file', () => {
    expect(sourceEndpoint('https://example.com/profiles/0/a.prof', 'x.py', page)).toBeNull();
    expect(sourceEndpoint('../corpus/a.prof', 'x.py', 'https://me.github.io/profburst/')).toBeNull();
    expect(sourceEndpoint(null, 'x.py', page)).toBeNull();
  });
});
