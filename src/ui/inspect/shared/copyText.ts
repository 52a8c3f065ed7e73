import { useAppStore } from '../../store/appStore.ts';

/** Copies text to the clipboard and says so in a toast; a refusal (permissions) is shown too. */
export async function copyText(text: string, what: string): Promise<boolean> {
  const { showToast } = useAppStore.getState();
  try {
    await navigator.clipboard.writeText(text);
    showToast({ kind: 'info', message: `Copied ${what} to the clipboard.` });
    return true;
  } catch {
    showToast({
      kind: 'error',
      message: `Could not copy ${what}: the clipboard is not available.`,
    });
    return false;
  }
}
