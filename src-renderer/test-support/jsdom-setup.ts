import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom lays nothing out, so every element measures 0×0 and a virtualized list would show no rows.
// Give elements the size of the compact window (360×560) so the virtualizer renders what fits.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 560 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 360 });

afterEach(() => cleanup());
