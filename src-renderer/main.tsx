import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { createAppStore } from './store/app-store.js';
import { StoreProvider } from './store/store-context.js';
import { pickTransport } from './transport/pick-transport.js';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
const { store } = createAppStore(pickTransport(window));
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
