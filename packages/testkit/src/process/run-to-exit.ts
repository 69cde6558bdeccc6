import { fork } from 'node:child_process';

/** How a script run by {@link runToExit} ended. */
export interface ProcessExit {
  /** The exit code, `'killed'` (a signal), or `'still running'` (killed after the timeout). */
  readonly exitCode: number | 'killed' | 'still running';
  /** Everything it printed, stdout and stderr interleaved as they arrived. */
  readonly output: string;
}

/**
 * Runs a TypeScript `script` from sources (through tsx, with the `@raft/source` condition) in a
 * child process and waits until it exits on its own: the check that a component leaves nothing open
 * (a timer, a socket, a thread) once stopped. A child still running after `timeoutMs` is killed.
 */
export async function runToExit(
  script: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly timeoutMs?: number },
): Promise<ProcessExit> {
  const child = fork(script, [...args], {
    cwd: options.cwd,
    execArgv: ['--import', 'tsx', '--conditions=@raft/source'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exitCode = await new Promise<ProcessExit['exitCode']>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('still running');
    }, options.timeoutMs ?? 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 'killed');
    });
  });
  return { exitCode, output };
}
