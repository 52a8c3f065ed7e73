import { asyncAggregation } from './asyncAggregation.ts';
import { branching } from './branching.ts';
import { complexWorkflow } from './complexWorkflow.ts';
import type { Example } from './defineExample.ts';
import { etlExample } from './etlPipeline.ts';
import { fanOut } from './fanOut.ts';
import { fullRun } from './fullRun.ts';
import { mlPipeline } from './mlPipeline.ts';
import { parallelRun } from './parallelRun.ts';
import { parameters } from './parameters.ts';
import { visualiseDag } from './visualiseDag.ts';

export type { Example } from './defineExample.ts';

/** The seed's seven examples, rebuilt as in-browser code workflows: what a first start saves. */
export const SEED_EXAMPLES: readonly Example[] = [
  parallelRun,
  mlPipeline,
  etlExample,
  asyncAggregation,
  complexWorkflow,
  fullRun,
  visualiseDag,
];

/** The gallery, in order: the seed's seven, then the newer ones (opened from the gallery). */
export const EXAMPLES: readonly Example[] = [...SEED_EXAMPLES, branching, parameters, fanOut];
