import { describe, expect, it } from 'vitest';
import { plotPaths } from './metric-plot.js';

describe('plotPaths', () => {
  const now = 900_000;
  const windowMs = 900_000;

  it('maps time to x and percent to y (0 % at the bottom) across the 300×80 box', () => {
    expect(
      plotPaths(
        [
          { at: 0, value: 0 },
          { at: 450_000, value: 50 },
          { at: now, value: 100 },
        ],
        now,
        windowMs,
      ),
    ).toEqual(['0.0,80.0 150.0,40.0 300.0,0.0']);
  });

  it('breaks the line at a missing sample and draws a lone point as a dot', () => {
    expect(
      plotPaths(
        [
          { at: 0, value: 10 },
          { at: 300_000, value: 20 },
          { at: 450_000, value: null },
          { at: now, value: 100 },
        ],
        now,
        windowMs,
      ),
    ).toEqual(['0.0,72.0 100.0,64.0', '300.0,0.0 300.0,0.0']);
  });

  it('drops samples older than the window and clamps values to 0-100', () => {
    expect(
      plotPaths(
        [
          { at: -1, value: 5 },
          { at: now, value: 140 },
        ],
        now,
        windowMs,
      ),
    ).toEqual(['300.0,0.0 300.0,0.0']);
  });
});
