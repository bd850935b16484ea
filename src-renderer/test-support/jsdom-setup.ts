import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom lays nothing out, so every element measures 0×0 and a virtualized list would show no rows.
// Give elements the size of the compact window (360×560) so the virtualizer renders what fits.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 560 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 360 });
// Content height: the tallest child with an explicit height (a virtualized list's canvas sets one).
Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
  configurable: true,
  get(this: HTMLElement) {
    const heights = [...this.children].map((child) => parseFloat((child as HTMLElement).style.height) || 0);
    return Math.max(560, ...heights);
  },
});

// jsdom does not scroll: make scrollTo move scrollTop and announce it, as a browser does.
Element.prototype.scrollTo = function scrollTo(this: Element, options?: ScrollToOptions | number) {
  const top = typeof options === 'number' ? options : options?.top;
  if (top !== undefined) this.scrollTop = top;
  this.dispatchEvent(new Event('scroll'));
};

// jsdom has no ResizeObserver. Sizes above never change here, so an observer that never fires is
// exactly what a browser would do for these fixed boxes.
globalThis.ResizeObserver = class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

afterEach(() => cleanup());
