/**
 * The files of a drop, folders included: a dropped folder arrives as a directory entry whose
 * files are read through the (callback) FileSystem Entry API, level by level with an explicit
 * queue, never by recursion. Hidden files are skipped, as the CLI skips them.
 */
export async function filesOfDrop(items: DataTransferItemList | null, fallback: File[]): Promise<{ files: File[]; folder: boolean }> {
  const entries: FileSystemEntry[] = [];
  for (const item of [...(items ?? [])]) {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry?.() : null;
    if (entry) entries.push(entry);
  }
  if (!entries.some((e) => e.isDirectory)) return { files: fallback, folder: false };
  const files: File[] = [];
  const queue = [...entries];
  while (queue.length > 0) {
    const entry = queue.shift()!;
    if (entry.name.startsWith('.')) continue;
    if (entry.isFile) files.push(await fileOf(entry as FileSystemFileEntry));
    else if (entry.isDirectory) queue.push(...(await childrenOf(entry as FileSystemDirectoryEntry)));
  }
  return { files, folder: true };
}

/** Paths of files read from dropped folders: a File from an entry knows only its name. */
const paths = new WeakMap<File, string>();

/** The path a file came with: inside a dropped or picked folder, else its name. */
export function droppedPath(file: File): string {
  return paths.get(file) ?? (file.webkitRelativePath || file.name);
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise<File>((resolve, reject) => entry.file(resolve, reject)).then((file) => {
    paths.set(file, entry.fullPath.replace(/^\//, ''));
    return file;
  });
}

/** readEntries answers in pages (100 at a time in Chromium) until an empty one */
async function childrenOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const out: FileSystemEntry[] = [];
  for (;;) {
    const page = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (page.length === 0) return out;
    out.push(...page);
  }
}
