import { useEffect, useRef } from 'react';
import { activeProfile, useProfileStore } from '../../state/profileStore';
import { useTransformStore } from '../../state/transformStore';
import { ACTIONS } from './actions';
import { useMenuStore } from './menuStore';

/**
 * The context menu of a chart node, a table row or a callers/callees row: one item per transform
 * that applies, with its key. Arrow keys move, Enter picks, Escape closes.
 */
export function TransformMenu() {
  const menu = useMenuStore((s) => s.menu);
  const close = useMenuStore((s) => s.close);
  const loaded = useProfileStore(activeProfile);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!menu) return;
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) close();
    };
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [menu, close]);

  if (!menu || !loaded) return null;
  const frames = loaded.profile.frames;
  const items = ACTIONS.map((a) => ({ a, t: a.make(menu.target, frames) })).filter((x) => x.t !== null);
  const name = frames[menu.target.frame]?.name ?? '';
  return (
    <div
      ref={ref}
      className="transform-menu"
      role="menu"
      aria-label={`Transforms for ${name}`}
      style={{ left: menu.x, top: menu.y }}
      onKeyDown={(e) => {
        const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === 'Escape') close();
        else if (e.key === 'ArrowDown') buttons[(at + 1) % buttons.length]?.focus();
        else if (e.key === 'ArrowUp') buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
        else {
          const hit = items.find((x) => x.a.key === e.key);
          if (!hit) return;
          close();
          void useTransformStore.getState().push(hit.t!);
        }
        e.preventDefault();
        e.stopPropagation();
      }}
    >
      <div className="transform-menu-title">{name}</div>
      {items.map(({ a, t }) => (
        <button
          key={a.key}
          type="button"
          role="menuitem"
          data-transform={t!.type}
          onClick={() => {
            close();
            void useTransformStore.getState().push(t!);
          }}
        >
          <span>{a.label}{t!.type === 'collapse-lib' ? ` ${t.prefix}` : ''}</span>
          <kbd>{a.key}</kbd>
        </button>
      ))}
    </div>
  );
}
