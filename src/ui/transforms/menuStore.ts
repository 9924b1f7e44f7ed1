import { create } from 'zustand';
import type { TransformTarget } from './actions';

/** Which transform popups are open: the context menu (where, on what), the help, the hide box. */
interface MenuState {
  menu: { x: number; y: number; target: TransformTarget } | null;
  help: boolean;
  hiding: boolean;
  openMenu: (x: number, y: number, target: TransformTarget) => void;
  close: () => void;
  setHelp: (open: boolean) => void;
  setHiding: (open: boolean) => void;
}

export const useMenuStore = create<MenuState>()((set) => ({
  menu: null,
  help: false,
  hiding: false,
  openMenu: (x, y, target) => set({ menu: { x, y, target } }),
  close: () => set({ menu: null }),
  setHelp: (help) => set({ help }),
  setHiding: (hiding) => set({ hiding }),
}));
