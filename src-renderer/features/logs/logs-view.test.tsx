import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { LogLine } from '../../../src-shared/host-api/logs.js';
import { FakeHost, standardHost } from '../../test-support/fake-host.js';
import { renderWithHost } from '../../test-support/render-app.js';
import { LogsView } from './logs-view.js';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

function lines(count: number, from = 0): LogLine[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      cursor: `c${n}`,
      time: T0 + n,
      level: n % 10 === 0 ? 'error' : n % 5 === 0 ? 'warn' : 'info',
      msg: `line ${n} ${n % 7 === 0 ? 'heartbeat acknowledged' : 'job output'}`,
    };
  });
}

function hostWithLog(all: LogLine[]) {
  return standardHost().handle('logs', () => ({
    lines: all,
    olderCursor: null,
    newerCursor: all.at(-1)?.cursor ?? null,
  }));
}

describe('LogsView', () => {
  it('keeps 100,000 lines scrollable with only the visible rows in the DOM', async () => {
    const all = lines(100_000);
    const started = performance.now();
    renderWithHost(hostWithLog(all), <LogsView />);
    const list = await screen.findByRole('listbox', { name: 'Agent log' });
    await waitFor(() => expect(screen.getByText('100,000 lines')).toBeTruthy());
    // Following: the newest line is among the rendered rows.
    await waitFor(() =>
      expect(within(list).getAllByRole('option').at(-1)?.textContent).toMatch(/line 99999 /),
    );
    const rendered = within(list).getAllByRole('option');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(80);
    expect(rendered.at(-1)?.getAttribute('aria-setsize')).toBe('100000');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('filters by level and highlights the search in the matching lines', async () => {
    renderWithHost(hostWithLog(lines(50)), <LogsView />);
    await screen.findByText('50 lines');
    await userEvent.selectOptions(screen.getByLabelText('Level'), 'error');
    expect(screen.getByText('5 of 50 lines match')).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText('Level'), 'debug');
    await userEvent.type(screen.getByLabelText('Search'), 'HEARTBEAT');
    expect(screen.getByText('8 of 50 lines match')).toBeTruthy();
    const marks = document.querySelectorAll('mark');
    expect(marks.length).toBe(8);
    expect(marks[0]?.textContent).toBe('heartbeat');
  });

  it('appends pushed lines while following', async () => {
    const host = hostWithLog(lines(3));
    renderWithHost(host, <LogsView />);
    await screen.findByText('3 lines');
    act(() => host.push('logLines', { source: 'agent', jobId: null, lines: lines(2, 3) }));
    expect(screen.getByText('5 lines')).toBeTruthy();
    expect(screen.getByText('line 4 job output')).toBeTruthy();
    act(() => host.push('logLines', { source: 'host', jobId: null, lines: lines(1, 10) }));
    expect(screen.getByText('5 lines')).toBeTruthy();
  });

  it('selects lines with the keyboard and copies them', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    renderWithHost(hostWithLog(lines(10)), <LogsView />);
    await screen.findByText('10 lines');
    const list = screen.getByRole('listbox', { name: 'Agent log' });
    list.focus();
    await userEvent.keyboard('{End}{Shift>}{ArrowUp}{ArrowUp}{/Shift}');
    expect(screen.getByRole('button', { name: 'Copy 3 selected' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Follow' })).toHaveProperty('checked', false);
    await userEvent.keyboard('{Control>}c{/Control}');
    expect(writeText).toHaveBeenCalledTimes(1);
    const copied = (writeText.mock.calls[0] as unknown as [string])[0].split('\n');
    expect(copied).toHaveLength(3);
    expect(copied[0]).toMatch(/^2026-11-28T12:00:00.007Z INFO {2}line 7 heartbeat acknowledged$/);
    expect(await screen.findByText(/Copied 3 lines/)).toBeTruthy();
  });

  it('switches between the agent and host logs', async () => {
    const host = new FakeHost()
      .handle('snapshot', () => new Promise(() => undefined))
      .handle('logs', (params) => {
        const source = (params as { source: string }).source;
        return {
          lines: [{ cursor: 'x', time: T0, level: 'info', msg: `${source} says hi` }],
          olderCursor: null,
          newerCursor: 'x',
        };
      });
    renderWithHost(host, <LogsView />);
    expect(await screen.findByText('agent says hi')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Host log' }));
    expect(await screen.findByText('host says hi')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Host log' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('says when a log is empty, and when it could not be read', async () => {
    const host = standardHost();
    renderWithHost(host, <LogsView />);
    expect(await screen.findByText('This log is empty so far.')).toBeTruthy();
    host.fail('logs', 'internal', 'logs failed unexpectedly; see the host log');
    await userEvent.click(screen.getByRole('button', { name: 'Host log' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not read the log: logs failed/);
  });

  it('loads older lines when scrolled to the top', async () => {
    const host = standardHost().handle('logs', (params) => {
      const before = (params as { before?: string }).before;
      return before === undefined
        ? { lines: lines(100, 1000), olderCursor: 'c1000', newerCursor: 'c1099' }
        : { lines: lines(20, 980), olderCursor: null, newerCursor: 'c999' };
    });
    renderWithHost(host, <LogsView />);
    const list = await screen.findByRole('listbox', { name: 'Agent log' });
    await screen.findByText('100 lines');
    expect(host.calls('logs')).toHaveLength(1);
    list.scrollTop = 0;
    list.dispatchEvent(new Event('scroll'));
    expect(await screen.findByText('120 lines')).toBeTruthy();
    expect(host.calls('logs').at(-1)).toMatchObject({ before: 'c1000' });
  });
});
