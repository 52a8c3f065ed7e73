import { useAppStore, type AppState } from '../store/appStore.ts';

const selectStorage = (s: AppState) => s.storage;

/** Says clearly when workflows cannot be saved; editing still works in memory. */
export function StorageBanner() {
  if (useAppStore(selectStorage) !== 'unavailable') return null;
  return (
    <div className="banner banner--warning" role="alert" data-testid="storage-banner">
      Browser storage is unavailable: your changes are kept in memory only and will be lost on
      reload. Use Export JSON to keep a copy.
    </div>
  );
}
