import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Frame, Profile } from '../../core/model';
import { DEFAULT_MAX_NODES, visibleSubtree } from '../../core/tree/visible';
import { formatPercent, formatWeight } from '../../core/units';
import { useViewStore } from '../../state/viewStore';
import { useDisplayTree } from '../../state/displayTree';
import { useSearch } from '../searchMatches';
import { ChartControls } from './ChartControls';
import { frameColor, functionColor, layoutFills } from './colors';
import { diffFills } from './diffColors';
import { compareOf } from '../../state/compare';
import { estimatedCountOf } from '../../state/derived';
import { chartPixels, ringWidth, rowHeight, type Geometry, type Highlight } from './draw';
import { HiddenNote } from './HiddenNote';
import { EmptyNote } from './EmptyNote';
import { isTextInput, moveFocus } from './keyboard';
import { hitTest, layoutVisible } from './layout';
import { Legend } from './Legend';
import { movePointer } from './pointer';
import { timing } from './timing';
import { Tooltip } from './Tooltip';
import { nodeLabel } from './nodeLabel';
import { asideNames, useSetAside } from '../setAside';
import { hasPseudoFrames } from '../../core/tree/setAside';
import { NOTE } from './labels';
import { useLayers } from './useLayers';
import { framePath } from '../../core/tree/framePath';
import { useTransformStore } from '../../state/transformStore';
import { ACTIONS, type TransformTarget } from '../transforms/actions';
import { useMenuStore } from '../transforms/menuStore';

function useBoxSize(box: RefObject<HTMLDivElement | null>): Geometry {
  const [size, setSize] = useState<Geometry>({ width: 0, height: 0 });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, [box]);
  return size;
}

const describe = (f: Frame) => (f.file ? `${f.name} (${f.file}${f.line ? `:${f.line}` : ''})` : f.name);

/**
 * The sunburst or icicle of the zoomed subtree (of the call tree, or of the bottom-up tree), with
 * its controls, legend and hidden-node summary. Click or Enter zooms, the centre (or top row)
 * zooms out, arrow keys move a focus between nodes, Escape or Backspace anywhere zooms out.
 */
export function Chart({ profile }: { profile: Profile }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const staticRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const size = useBoxSize(boxRef);
  const display = useDisplayTree(profile);
  const { tree, sizes } = display;
  const chart = useViewStore((s) => s.chart);
  const zoom = useViewStore((s) => s.zoom);
  const depth = useViewStore((s) => s.depth);
  const cutoff = useViewStore((s) => s.cutoff);
  const hoverNode = useViewStore((s) => s.hoverNode);
  const selectedFrame = useViewStore((s) => s.selectedFrame);
  const colorMode = useViewStore((s) => s.colorMode);
  const fold = useViewStore((s) => s.fold);
  const aside = useSetAside(profile);
  const pseudo = useMemo(() => hasPseudoFrames(profile.frames), [profile]);
  const { matches } = useSearch(profile);
  const { setZoom, hover, select } = useViewStore.getState();
  const [focusNode, setFocusNode] = useState<number | null>(null);
  const [hasFocus, setHasFocus] = useState(false);
  // bands opened in place, as tree nodes; they belong to the tree they were opened in
  const [opened, setOpened] = useState<{ tree: typeof tree; nodes: ReadonlySet<number> } | null>(null);
  const unfolded = opened && opened.tree === tree ? opened.nodes : null;

  const zoomNode = zoom > 0 && zoom < tree.size ? zoom : 0;
  // nothing is laid out before the box has a size: 1 px hides everything under the root
  const pixels = Math.max(1, Math.round(chartPixels(chart, size)));
  const { visible, layout } = useMemo(() => {
    const t0 = performance.now();
    const v = visibleSubtree(tree, sizes, zoomNode, depth, cutoff, { pixels, fold, unfolded, setAside: aside });
    const l = layoutVisible(tree, v);
    timing.layoutMs = performance.now() - t0;
    return { visible: v, layout: l };
  }, [tree, sizes, zoomNode, depth, cutoff, pixels, fold, unfolded, aside]);

  // colours per drawn node only: colouring all of a profile's frames up front was a long task
  const { fills, maxSelf } = useMemo(() => {
    // a comparison colours the new side's nodes by their change (only the tree it was made for:
    // a refined or bottom-up tree has other nodes)
    const compare = compareOf(profile);
    if (compare && tree === profile.tree) return { fills: diffFills(layout, tree, compare.paths.baseTotal).fills, maxSelf: 0 };
    return layoutFills(layout, tree, colorMode, colorMode === 'function' ? (f) => functionColor(profile, f) : (f) => frameColor(profile, f), profile.functions.self);
  }, [layout, tree, colorMode, profile]);
  const style = useMemo(() => {
    const recursion = tree.recursion;
    const estimated = tree.estimated;
    // a recursion leaf is drawn faded with its own label: a call not expanded, not a callee like the others
    const isLeaf = (i: number) => recursion !== undefined && recursion[layout.node[i]] === 1;
    const zoomed = layout.node[0];
    const centre = [
      zoomed === 0 ? 'all' : nodeLabel(profile, tree, zoomed).split(NOTE)[0],
      formatWeight(tree.total[zoomed], profile.unit),
      `${formatPercent(tree.total[zoomed], tree.total[0])} of all`,
    ];
    return {
      centre,
      // the centre is a caption, not a function's colour
      fill: (i: number) => (i === 0 && chart === 'sunburst' ? '#eef1f5' : fills[i]),
      alpha: (i: number) => (matches && !matches[tree.frame[layout.node[i]]] ? 0.2 : 1) * (isLeaf(i) ? 0.45 : 1),
      label: (i: number) => nodeLabel(profile, tree, layout.node[i], layout.bottom[i]),
      // weights the rebuild from a call graph apportioned (core/tree/estimated.ts); a folded band
      // is marked when any frame of it is: flags pass down a call tree and up a bottom-up one,
      // so its top or its bottom has the flag
      hatched: estimated && estimatedCountOf(tree) > 0 ? (i: number) => (estimated[layout.node[i]] | estimated[layout.bottom[i]]) === 1 : undefined,
    };
  }, [fills, matches, tree, layout, profile, chart]);

  const focusIndex = focusNode === null ? -1 : layout.indexOf.get(focusNode) ?? -1;
  const hoveredRow = useViewStore((s) => s.hoveredFrame);
  // the pointer on the chart, else on a table row
  const hoverFrame = hoverNode !== null && hoverNode < tree.size ? tree.frame[hoverNode] : hoveredRow ?? -1;
  const selectedNodes = selectedFrame === null ? undefined : layout.byFrame.get(selectedFrame);
  const highlights = useMemo(() => {
    const out: { i: number; kind: Highlight }[] = [];
    const hovered = hoverNode === null ? -1 : layout.indexOf.get(hoverNode) ?? -1;
    if (hoverFrame >= 0) for (const i of layout.byFrame.get(hoverFrame) ?? []) if (i !== hovered) out.push({ i, kind: 'same' });
    if (selectedNodes) for (const i of selectedNodes) out.push({ i, kind: 'selected' });
    if (hovered >= 0) out.push({ i: hovered, kind: 'hover' });
    if (hasFocus && focusIndex >= 0) out.push({ i: focusIndex, kind: 'focus' });
    return out;
  }, [layout, hoverNode, hoverFrame, selectedNodes, hasFocus, focusIndex]);

  useLayers({ staticCanvas: staticRef, overlayCanvas: canvasRef, chart, size, layout, tree, sizes, zoom: zoomNode, style, highlights });

  // Escape or Backspace anywhere but in a text field zooms out one level; Escape at the root clears the selection
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.key !== 'Escape' && e.key !== 'Backspace') || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTextInput(e.target)) return;
      const z = useViewStore.getState().zoom;
      if (z > 0 && z < tree.size) setZoom(Math.max(0, tree.parent[z]));
      else if (e.key === 'Escape') select(null);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tree, setZoom, select]);

  function layoutIndexAt(clientX: number, clientY: number): number {
    const rect = canvasRef.current!.getBoundingClientRect();
    const x = clientX - rect.left, y = clientY - rect.top;
    if (chart === 'sunburst') {
      const dx = x - size.width / 2, dy = y - size.height / 2;
      const level = Math.floor(Math.hypot(dx, dy) / ringWidth(size, layout.levels));
      let angle = Math.atan2(dx, -dy) / (2 * Math.PI); // 0 at twelve o'clock, clockwise, as d3's arc
      if (angle < 0) angle += 1;
      return hitTest(layout, angle, level);
    }
    return hitTest(layout, x / size.width, Math.floor(y / rowHeight(size, layout.levels)));
  }

  /** The focused node and a point on it in the window, for its tooltip. */
  function focusedAt(i: number): { node: number; x: number; y: number } | null {
    const canvas = canvasRef.current;
    if (!canvas) return null;
    const rect = canvas.getBoundingClientRect();
    const mid = (layout.x0[i] + layout.x1[i]) / 2;
    if (chart === 'sunburst') {
      const r = (layout.depth[i] + 0.5) * ringWidth(size, layout.levels);
      const a = mid * 2 * Math.PI; // 0 at twelve o'clock, clockwise
      return { node: layout.node[i], x: rect.left + size.width / 2 + r * Math.sin(a), y: rect.top + size.height / 2 - r * Math.cos(a) };
    }
    return { node: layout.node[i], x: rect.left + mid * size.width, y: rect.top + (layout.depth[i] + 0.5) * rowHeight(size, layout.levels) };
  }

  /** Click or Enter: select the function; zoom into the node, or out of it when it is the zoomed one. */
  function activate(i: number): void {
    const node = layout.node[i];
    // a folded band opens in place, one frame a level, and selects the function it leads to; the
    // chain's nodes are ancestors of its bottom, so the walk up from the bottom finds them all
    if (i > 0 && layout.bottom[i] !== node) {
      const nodes = new Set(unfolded);
      for (let n = layout.bottom[i]; n !== node && n > 0; n = tree.parent[n]) nodes.add(n);
      nodes.add(node);
      setOpened({ tree, nodes });
      select(tree.frame[layout.bottom[i]]);
      setFocusNode(node);
      return;
    }
    select(tree.frame[node]);
    setFocusNode(node);
    // a leaf has nothing to zoom into: a click selects it
    if (i > 0 && sizes[node] === 1) return;
    if (i === 0) {
      if (node !== 0) setZoom(Math.max(0, tree.parent[node]));
    } else setZoom(node);
  }

  /** a node as transforms see it: its function, and its call path in the top-down tree */
  const targetOf = (node: number): TransformTarget => ({ frame: tree.frame[node], path: display.inverted ? null : framePath(tree, node) });

  const rootTotal = tree.total[0];
  const zoomTotal = tree.total[zoomNode];
  const name = `${chart === 'sunburst' ? 'Sunburst' : 'Icicle'}${display.inverted ? ' (bottom-up)' : ''} of ${zoomNode === 0 ? 'the whole profile' : describe(profile.frames[tree.frame[zoomNode]])}: total ${formatWeight(zoomTotal, profile.unit)}, ${formatPercent(zoomTotal, rootTotal)} of the profile, ${layout.count.toLocaleString('en-US')} nodes shown.`;
  const estimates = estimatedCountOf(tree) > 0;
  const estimateNote = estimates ? ' Hatched nodes are estimated from the call graph: this profile records callers, not stacks.' : '';
  const focusName = focusIndex >= 0
    ? ` Focused: ${describe(profile.frames[tree.frame[layout.node[focusIndex]]])}, total ${formatWeight(tree.total[layout.node[focusIndex]], profile.unit)}, ${formatPercent(tree.total[layout.node[focusIndex]], zoomTotal)} of the zoomed node.`
    : '';

  return (
    <div className="chart-area">
      <ChartControls building={display.building} pseudo={pseudo} />
      <div className={display.building ? 'chart building' : 'chart'} ref={boxRef}>
        <canvas
          ref={canvasRef}
          className="chart-main"
          tabIndex={0}
          role="img"
          aria-roledescription="interactive chart"
          aria-label={name + estimateNote + focusName}
          aria-describedby="chart-keys"
          data-chart={chart}
          data-inverted={display.inverted ? 'true' : 'false'}
          data-zoom={zoomNode}
          data-tree-size={tree.size}
          data-focused={focusIndex >= 0 ? layout.node[focusIndex] : undefined}
          data-selected-nodes={selectedNodes?.length ?? 0}
          data-hover-nodes={hoverFrame >= 0 ? layout.byFrame.get(hoverFrame)?.length ?? 0 : 0}
          style={{ width: size.width, height: size.height }}
          onMouseMove={(e) => {
            const i = layoutIndexAt(e.clientX, e.clientY);
            hover(i >= 0 ? layout.node[i] : null);
            movePointer({ x: e.clientX, y: e.clientY });
          }}
          onMouseLeave={() => {
            hover(null);
            movePointer(null);
          }}
          onClick={(e) => {
            const i = layoutIndexAt(e.clientX, e.clientY);
            if (i >= 0) activate(i);
          }}
          onContextMenu={(e) => {
            const i = layoutIndexAt(e.clientX, e.clientY);
            if (i < 0) return;
            e.preventDefault();
            setFocusNode(layout.node[i]);
            useMenuStore.getState().openMenu(e.clientX, e.clientY, targetOf(layout.node[i]));
          }}
          onFocus={() => setHasFocus(true)}
          onBlur={() => setHasFocus(false)}
          onKeyDown={(e) => {
            const i = focusIndex >= 0 ? focusIndex : 0;
            if (e.key === 'Enter') {
              activate(i);
            } else if (e.key === ' ') {
              select(tree.frame[layout.node[i]]);
              setFocusNode(layout.node[i]);
            } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
              const rect = canvasRef.current!.getBoundingClientRect();
              useMenuStore.getState().openMenu(rect.left + 20, rect.top + 20, targetOf(layout.node[i]));
            } else if (ACTIONS.some((a) => a.key === e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
              // a transform key on the focused node (the `?` panel lists them)
              const t = ACTIONS.find((a) => a.key === e.key)!.make(targetOf(layout.node[i]), profile.frames);
              if (!t) return;
              void useTransformStore.getState().push(t);
            } else {
              // with nothing focused yet, keys start from the zoomed node
              let j = moveFocus(layout, i, e.key);
              if (j < 0 && focusIndex < 0 && e.key.startsWith('Arrow')) j = 0;
              if (j < 0) return;
              setFocusNode(layout.node[j]);
            }
            e.preventDefault();
          }}
        />
        <canvas ref={staticRef} className="chart-static" aria-hidden="true" style={{ width: size.width, height: size.height }} />
        {!(rootTotal > 0) && !display.building && <EmptyNote profile={profile} derived={tree !== profile.tree} />}
      </div>
      <p className="visually-hidden" aria-live="polite">{hasFocus ? focusName : ''}</p>
      <p id="chart-keys" className="visually-hidden">
        Arrow keys move between nodes: up to the parent, down to the first child, left and right to the siblings. Enter zooms in, Space selects, Escape or Backspace zooms out, slash searches. Letters apply transforms to the focused node (question mark lists them); the context menu key opens them as a menu.
      </p>
      <div className="chart-footer">
        <HiddenNote visible={visible} total={zoomTotal} cutoff={cutoff} depth={depth} pixels={pixels} maxNodes={DEFAULT_MAX_NODES} asideNames={asideNames(profile, aside)} />
        <Legend profile={profile} mode={colorMode} maxSelf={maxSelf} estimated={estimates} />
      </div>
      <Tooltip profile={profile} tree={tree} zoomNode={zoomNode} inverted={display.inverted} focused={hasFocus && focusIndex >= 0 ? focusedAt(focusIndex) : null} bottomOf={(n) => { const j = layout.indexOf.get(n); return j === undefined ? n : layout.bottom[j]; }} />
    </div>
  );
}
