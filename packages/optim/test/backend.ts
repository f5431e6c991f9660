import { registerBackend, setBackend } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';

/** Makes the reference JS backend active (registered once per test file). */
export async function useJsBackend(): Promise<void> {
  registerBackend('js', () => createJsBackend());
  await setBackend('js');
}
