import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createAppStore } from '../store/app-store.js';
import { StoreProvider } from '../store/store-context.js';
import type { FakeHost } from './fake-host.js';

/** Renders a view against a fresh store wired to the fake host, as main.tsx wires the real one. */
export function renderWithHost(host: FakeHost, ui: ReactElement) {
  const app = createAppStore(host);
  const result = render(<StoreProvider store={app.store}>{ui}</StoreProvider>);
  return { ...result, store: app.store };
}
