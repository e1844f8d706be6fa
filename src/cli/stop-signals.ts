// Ctrl-C (SIGINT) and kill (SIGTERM) for long-running commands: the first one asks the command to
// stop cleanly (abort the work, close the server, remove temp files). Only the first is caught:
// a second one gets Node's default and ends the process at once, so a clean-up that hangs can
// still be interrupted.

export type StopSignal = 'SIGINT' | 'SIGTERM';

const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];

/** The shell's exit code for a process ended by a signal: 128 + its number. */
export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

export interface StopSignals {
  /** Aborted on the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** Settles with the first signal caught. */
  stopped: Promise<StopSignal>;
  /** The signal caught, if one has come. */
  caught(): StopSignal | undefined;
  /** Stop listening (when the command ends without a signal); safe to call more than once. */
  release(): void;
}

export function listenForStop(): StopSignals {
  const controller = new AbortController();
  let caught: StopSignal | undefined;
  let settle!: (sig: StopSignal) => void;
  const stopped = new Promise<StopSignal>((resolve) => (settle = resolve));
  const release = (): void => {
    for (const sig of STOP_SIGNALS) process.off(sig, onSignal);
  };
  function onSignal(sig: NodeJS.Signals): void {
    release();
    caught = sig as StopSignal;
    controller.abort();
    settle(caught);
  }
  for (const sig of STOP_SIGNALS) process.on(sig, onSignal);
  return { signal: controller.signal, stopped, caught: () => caught, release };
}
