// Whether the Secrets dialog is open (its own small store, beside the app's dialog union).
import { create } from 'zustand';

/** The Secrets dialog's open state. */
export const useSecretsDialog = create<{ open: boolean }>(() => ({ open: false }));

/** Opens the Secrets dialog. */
export function openSecrets(): void {
  useSecretsDialog.setState({ open: true });
}

/** Closes the Secrets dialog. */
export function closeSecrets(): void {
  useSecretsDialog.setState({ open: false });
}
