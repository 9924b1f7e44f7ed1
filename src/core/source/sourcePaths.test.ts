import { describe, expect, it } from 'vitest';
import { editorHref, isLocalPath, isSourceFileName, matchBySuffix, normalizeSourcePath } from './sourcePaths';

describe('source paths', () => {
  it('reads file:// URLs and Windows paths as paths', () => {
    expect(normalizeSourcePath('file:///tmp/demo-project/work.js')).toBe('/tmp/demo-project/work.js');
    expect(normalizeSourcePath('file:///home/me/my%20app/x.js')).toBe('/home/me/my app/x.js');
    expect(normalizeSourcePath('file:///C:/src/app.js')).toBe('C:/src/app.js');
    expect(normalizeSourcePath('C:\\src\\app.py')).toBe('C:/src/app.py');
  });

  it('tells files on the machine from pseudo-files and URLs', () => {
    for (const p of ['/usr/lib/python3.11/json/decoder.py', 'file:///tmp/a.js', 'C:\\src\\a.py']) expect(isLocalPath(p)).toBe(true);
    for (const p of ['~', '<frozen importlib._bootstrap>', 'node:internal/modules/cjs/loader', 'https://example.com/a.js', './string/../sysdeps/x86_64/strlen.S', '???']) {
      expect(isLocalPath(p)).toBe(false);
    }
  });

  it('matches a dropped file by the longest common tail of its path, the file name at least', () => {
    const dropped = ['work.c', 'other/work.c', 'demo-project/work.c', 'work.js'];
    expect(matchBySuffix('/tmp/demo-project/work.c', dropped)).toBe('demo-project/work.c');
    expect(matchBySuffix('/srv/build/other/work.c', dropped)).toBe('other/work.c');
    expect(matchBySuffix('/x/y/work.c', dropped)).toBe('work.c');
    expect(matchBySuffix('file:///tmp/demo-project/work.js', dropped)).toBe('work.js');
    expect(matchBySuffix('/tmp/demo-project/main.c', dropped)).toBeNull();
    expect(matchBySuffix('', dropped)).toBeNull();
  });

  it('keeps dropped source files apart from profiles by extension', () => {
    expect(['app.py', 'work.C', 'x.tsx', 'main.go', 'lib.rs'].every(isSourceFileName)).toBe(true);
    expect(['a.prof', 'callgrind.out.123', 'x.cpuprofile', 'trace.json', 'cpu.pb.gz', 'out.folded', '.py'].some(isSourceFileName)).toBe(false);
  });

  it('links local files to an editor, and nothing that is not an application link', () => {
    const vscode = 'vscode://file{path}:{line}';
    expect(editorHref(vscode, '/tmp/demo-project/work.c', 18)).toBe('vscode://file/tmp/demo-project/work.c:18');
    expect(editorHref(vscode, 'file:///C:/src/app.js', 3)).toBe('vscode://file/C:/src/app.js:3');
    expect(editorHref(vscode, '/home/me/a b#c?.py', 1)).toBe('vscode://file/home/me/a%20b%23c%3F.py:1');
    expect(editorHref('idea://open?file={path}&line={line}', '/a/b.py', 7)).toBe('idea://open?file=/a/b.py&line=7');
    expect(editorHref(vscode, '<frozen importlib._bootstrap>', 1)).toBeNull();
    expect(editorHref('javascript:alert({path})', '/a.py', 1)).toBeNull();
    expect(editorHref(' JavaScript:alert({path})', '/a.py', 1)).toBeNull();
    expect(editorHref('data:text/html,{path}', '/a.py', 1)).toBeNull();
    expect(editorHref('no scheme {path}', '/a.py', 1)).toBeNull();
  });
});
