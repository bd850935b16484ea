// The headless host's entry. The stop signals are caught first, before the host's modules load
// (the import below is dynamic on purpose), so a stop at any moment of start-up is an orderly one.
import { catchStopSignals } from './stop-signals.js';

const stop = catchStopSignals(process);
const { runHeadlessHost } = await import('./run-headless-host.js');
process.exitCode = await runHeadlessHost(process.argv.slice(2), stop);
