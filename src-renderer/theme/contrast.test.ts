import { describe, expect, it } from 'vitest';
import css from '../styles.css?raw';
import { colourTokens, contrastRatio } from './contrast.js';

const light = colourTokens(css, /^:root \{/m);
const dark = { ...light, ...colourTokens(css, /@media \(prefers-color-scheme: dark\)/) };

/** [text token, background token] for every place a text colour is drawn on a surface. */
const TEXT_PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['accent', 'surface'],
  ['accent', 'bg'],
  ['accent-text', 'accent'],
  ['ok', 'surface'],
  ['warn', 'surface'],
  ['error', 'surface'],
  ['error', 'bg'],
  ['text', 'ok-bg'],
  ['text', 'warn-bg'],
  ['text', 'error-bg'],
  ['muted', 'warn-bg'],
  ['mark-text', 'mark'],
  ['text', 'row-selected'],
  ['muted', 'row-selected'],
  ['accent', 'row-selected'],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('%s scheme', (_name, tokens) => {
  it.each(TEXT_PAIRS)('%s on %s meets WCAG AA for text (4.5:1)', (fg, bg) => {
    expect(tokens[fg], fg).toBeDefined();
    expect(tokens[bg], bg).toBeDefined();
    expect(contrastRatio(tokens[fg]!, tokens[bg]!)).toBeGreaterThanOrEqual(4.5);
  });

  it('the focus ring stands out from both surfaces (3:1)', () => {
    expect(contrastRatio(tokens.focus!, tokens.bg!)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(tokens.focus!, tokens.surface!)).toBeGreaterThanOrEqual(3);
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#0a58a8', '#0a58a8')).toBe(1);
  });
});
