/**
 * A write or read was cut short because the simulated machine crashed. Whatever the promise was for
 * may or may not have reached the disk (only the durable state after the crash tells); a store
 * handle from before the crash keeps rejecting with this error.
 */
export class DiskCrashedError extends Error {
  readonly code = 'ERR_SIM_DISK_CRASHED';

  constructor(readonly operation: string) {
    super(`simulated disk crashed during ${operation}`);
    this.name = 'DiskCrashedError';
  }
}

/** An I/O error injected by a failpoint (think EIO or ENOSPC from `write` or `fsync`). */
export class SimulatedIoError extends Error {
  readonly code = 'EIO';

  constructor(
    readonly operation: string,
    /** Whether the write reached the disk before the error was reported. */
    readonly written: boolean,
  ) {
    super(`simulated I/O error during ${operation}`);
    this.name = 'SimulatedIoError';
  }
}
