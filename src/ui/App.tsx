import './editor.css';
import { ReactFlowProvider } from '@xyflow/react';
import { EditorShortcuts } from './canvas/EditorShortcuts.tsx';
import { FlowCanvas } from './canvas/FlowCanvas.tsx';
import { Dialogs } from './shell/Dialogs.tsx';
import { BottomPanel } from './shell/BottomPanel.tsx';
import { Header } from './shell/Header.tsx';
import { RightPanel } from './shell/RightPanel.tsx';
import { StorageBanner } from './shell/StorageBanner.tsx';
import { RunBanner } from './inspect/history/RunBanner.tsx';
import { InterruptedRunBanner } from './run/InterruptedRunBanner.tsx';
import { Toasts } from './shell/Toasts.tsx';
import { useAppStore } from './store/appStore.ts';
import { selectTheme } from './store/selectors.ts';
import { useResolvedTheme } from './theme/useResolvedTheme.ts';
import { useWorkflowPersistence } from './persistence/useWorkflowPersistence.ts';
import { useRunSession } from './run/useRunSession.ts';
import { useWarmRunner } from './run/useWarmRunner.ts';

/** The app shell: header, canvas, side panel (inspector, Mermaid, checklist), tasks below. */
export function App() {
  const theme = useResolvedTheme(useAppStore(selectTheme));
  useWorkflowPersistence();
  useRunSession();
  useWarmRunner();
  return (
    <ReactFlowProvider>
      <EditorShortcuts />
      <div className="app">
        <Header />
        <StorageBanner />
        <RunBanner />
        <InterruptedRunBanner />
        <main className="app-main">
          <div className="canvas-area" data-testid="canvas">
            <FlowCanvas colorMode={theme} />
            <Toasts />
          </div>
          <RightPanel theme={theme} />
          <BottomPanel />
        </main>
        <Dialogs />
      </div>
    </ReactFlowProvider>
  );
}
