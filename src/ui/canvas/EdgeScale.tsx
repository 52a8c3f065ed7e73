import { useStore, type ReactFlowState } from '@xyflow/react';
import { useEffect } from 'react';

/**
 * Edge widths (and with them the arrowheads, sized in stroke widths) grow as the view zooms out,
 * so direction stays visible at every zoom: in steps, so a zoom gesture restyles the edges only
 * when it crosses one.
 */
const STEPS = [1, 1.5, 2, 2.5] as const;

/**
 * The step for a zoom: about 1 / zoom below 100 % (the same width on screen), up to 2.5 (below
 * 40 % edges thin again, or arrowheads would outgrow the tasks they point at).
 */
export function edgeScaleFor(zoom: number): number {
  const wanted = zoom > 0 ? 1 / zoom : STEPS[STEPS.length - 1]!;
  let step: number = STEPS[0];
  for (const s of STEPS) if (s <= wanted) step = s;
  return step;
}

const selectScale = (s: ReactFlowState) => edgeScaleFor(s.transform[2]);
const selectDomNode = (s: ReactFlowState) => s.domNode;

/** Sets `--edge-scale` on the canvas (see `.run-edge` in app.css); renders nothing. */
export function EdgeScale() {
  const scale = useStore(selectScale);
  const domNode = useStore(selectDomNode);
  useEffect(() => {
    domNode?.style.setProperty('--edge-scale', String(scale));
  }, [domNode, scale]);
  return null;
}
