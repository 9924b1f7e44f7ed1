import { siblingOf, type ChartLayout } from './layout';

/**
 * Where an arrow key moves the focused node (layout indices), in both chart styles:
 * Up to the parent (the row above in the icicle, the ring further in on the sunburst), Down to the
 * first (widest) child, Left and Right to the previous and next sibling (counter-clockwise and
 * clockwise on the sunburst), Home to the zoomed node. -1 when there is nowhere to go.
 */
export function moveFocus(layout: ChartLayout, i: number, key: string): number {
  switch (key) {
    case 'ArrowUp': return layout.parent[i];
    case 'ArrowDown': return layout.firstChild[i];
    case 'ArrowLeft': return siblingOf(layout, i, -1);
    case 'ArrowRight': return siblingOf(layout, i, 1);
    case 'Home': return 0;
    default: return -1;
  }
}

const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether keys typed now are text for a field (so Escape, Backspace and / are not shortcuts). */
export function isTextInput(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target instanceof HTMLInputElement && !NOT_TEXT.has(target.type);
}
