import { create } from 'zustand';
import { etlPipeline } from '../examples/etlPipeline.ts';
import { createFlowSlice, type FlowSlice } from './flowSlice.ts';
import { createUiSlice, type UiSlice } from './uiSlice.ts';

/** The whole app state: one store, composed of slices. */
export type AppState = FlowSlice & UiSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createFlowSlice(etlPipeline)(...a),
  ...createUiSlice(...a),
}));
