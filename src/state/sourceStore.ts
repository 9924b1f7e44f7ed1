import { create } from 'zustand';
import { DEFAULT_EDITOR_LINK } from '../core/source/sourcePaths';
import { readStored, writeStored } from './stored';

/**
 * Source files the user gave the page (dropped or picked beside a profile), by the path they came
 * with (a folder's relative path, else the file name), for the source view to match by path
 * suffix; and the editor link template. The files stay Files: their text is read only when a
 * function of theirs is shown.
 */
interface SourceState {
  files: Map<string, File>;
  editorLink: string;
  addFiles: (files: { path: string; file: File }[]) => void;
  setEditorLink: (template: string) => void;
}

const EDITOR_LINK_KEY = 'profburst.editorLink';


export const useSourceStore = create<SourceState>()((set) => ({
  files: new Map(),
  editorLink: readStored(EDITOR_LINK_KEY) || DEFAULT_EDITOR_LINK,
  addFiles: (added) => set((s) => {
    const files = new Map(s.files);
    for (const { path, file } of added) files.set(path, file);
    return { files };
  }),
  setEditorLink: (template) => {
    writeStored(EDITOR_LINK_KEY, template);
    set({ editorLink: template });
  },
}));
