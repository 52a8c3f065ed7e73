import { ReactFlowProvider } from '@xyflow/react';
import { FlowCanvas } from './canvas/FlowCanvas.tsx';
import { BottomPanel } from './shell/BottomPanel.tsx';
import { Header } from './shell/Header.tsx';
import { RightPanel } from './shell/RightPanel.tsx';
import { useAppStore } from './store/appStore.ts';
import { selectTheme } from './store/selectors.ts';
import { useResolvedTheme } from './theme/useResolvedTheme.ts';

/** The app shell: header, canvas, inspector on the right, tasks below. */
export function App() {
  const theme = useResolvedTheme(useAppStore(selectTheme));
  return (
    <ReactFlowProvider>
      <div className="app">
        <Header />
        <main className="app-main">
          <div className="canvas-area" data-testid="canvas">
            <FlowCanvas colorMode={theme} />
          </div>
          <RightPanel />
          <BottomPanel />
        </main>
      </div>
    </ReactFlowProvider>
  );
}
