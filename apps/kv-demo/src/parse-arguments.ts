import { parseArgs } from 'node:util';

/** What `kv-demo` was started with. */
export interface KvDemoArguments {
  /** The node's @raft/cluster configuration file (YAML). */
  readonly configFile: string;
  /** Where the client API listens. */
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export const USAGE = 'usage: kv-demo --config <node.yaml> --http <host:port> [--log-level info]';

/** Parses `argv` (without node and the script); throws an Error carrying the usage on bad input. */
export function parseKvDemoArguments(argv: readonly string[]): KvDemoArguments {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      config: { type: 'string' },
      http: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
    },
  });
  if (values.config === undefined) throw new Error(`--config is required\n${USAGE}`);
  if (values.http === undefined) throw new Error(`--http is required\n${USAGE}`);
  const match = /^(.+):(\d{1,5})$/.exec(values.http);
  const port = Number(match?.[2]);
  if (match === null || port > 65535)
    throw new Error(`--http must be host:port, got ${values.http}\n${USAGE}`);
  const logLevel = values['log-level'];
  if (logLevel !== 'debug' && logLevel !== 'info' && logLevel !== 'warn' && logLevel !== 'error') {
    throw new Error(`--log-level must be debug, info, warn or error\n${USAGE}`);
  }
  return { configFile: values.config, http: { host: match[1]!, port }, logLevel };
}
