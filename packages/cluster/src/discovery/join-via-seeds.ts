import type { Clock, Logger, Member } from '@raft/core';
import type { JoinConfig } from '../config/cluster-config.js';
import { JoinRefusedError } from '../errors/join-refused-error.js';
import { JoinTimeoutError } from '../errors/join-timeout-error.js';
import { adminRequest } from './admin-client.js';
import { backoffDelayMs } from './backoff.js';

/** The deadline of a `GET /members` to a seed, in ms (the `POST` may wait for the whole join). */
const LIST_MEMBERS_TIMEOUT_MS = 5_000;

/** The shortest attempt worth starting, in ms: with less time left, the join has timed out. */
const MIN_ATTEMPT_MS = 50;

/** How often to look for this node in its own membership once a seed accepted it, in ms. */
const MEMBERSHIP_POLL_MS = 20;

/** Options of {@link joinViaSeeds}. */
export interface JoinViaSeedsOptions {
  readonly join: JoinConfig;
  readonly nodeId: string;
  /** What the cluster will dial: `node.raftAddress`. */
  readonly raftAddress: string;
  /** The cluster secret: the bearer token of `POST /members`. */
  readonly token: string;
  /** Called with the cluster's members as a seed lists them, before asking it to add this node. */
  readonly onMembers: (members: readonly Member[]) => void;
  /** Whether this node's own membership lists it (as a voter, when `join.voter`). */
  readonly isMember: () => boolean;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
}

/**
 * Asks the seeds in turn to add this node until one accepts: `GET /members` (so the transport can
 * reach the current members, see `SeededPeersTransport`), then `POST /members` with this node's
 * id and address. A failure (network error, timeout, or a non-200 answer such as 503 while the
 * cluster elects a leader, or 409 while another change is in progress) moves on to the next seed
 * after a capped, jittered exponential back-off. Retrying is safe: `join` is idempotent on the
 * cluster's side. A 401 (wrong cluster secret) or 400 (an id or address the cluster refuses) to
 * the join request fails at once with {@link JoinRefusedError}: waiting cannot change it.
 *
 * Returns at once when the node is a member already (a restart). Otherwise resolves once a seed
 * answered 200 (the change is committed) and this node holds the configuration that lists it.
 * Rejects with {@link JoinTimeoutError} once `join.timeoutMs` has passed.
 */
export async function joinViaSeeds(options: JoinViaSeedsOptions): Promise<void> {
  const { join, clock } = options;
  if (options.isMember()) return;
  const deadline = clock.now() + join.timeoutMs;
  const outcomes = new Map<string, string>();
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
  for (let attempt = 1; ; attempt++) {
    const remainingMs = deadline - clock.now();
    if (remainingMs < MIN_ATTEMPT_MS) throw new JoinTimeoutError(join.timeoutMs, outcomes);
    const seed = join.seeds[(attempt - 1) % join.seeds.length]!;
    const outcome = await askSeed(seed, options, remainingMs).catch((error: Error) => error.message);
    if (outcome instanceof JoinRefusedError) throw outcome;
    if (outcome === 'joined') {
      // The seed applied the change; this node learns of it with the next append from the leader.
      while (!options.isMember()) {
        if (clock.now() >= deadline) {
          outcomes.set(seed, 'accepted, but this node never received the configuration that adds it');
          throw new JoinTimeoutError(join.timeoutMs, outcomes);
        }
        await sleep(MEMBERSHIP_POLL_MS);
      }
      return;
    }
    outcomes.set(seed, outcome);
    options.logger.warn('join attempt failed', { seed, outcome, attempt });
    await sleep(
      Math.min(
        backoffDelayMs(attempt, join.initialDelayMs, join.maxDelayMs, options.random),
        deadline - clock.now(),
      ),
    );
  }
}

/**
 * One try at one seed: `'joined'`, what went wrong (`503 ERR_RAFT_NOT_LEADER`), or a refusal that
 * no retry can fix.
 */
async function askSeed(
  seed: string,
  options: JoinViaSeedsOptions,
  remainingMs: number,
): Promise<string | JoinRefusedError> {
  const listed = await adminRequest(`${seed}/members`, {
    method: 'GET',
    timeoutMs: Math.min(LIST_MEMBERS_TIMEOUT_MS, remainingMs),
  });
  const members = membersOf(listed.body);
  if (listed.status !== 200 || members === undefined) return describe('GET /members', listed);
  options.onMembers(members);
  const added = await adminRequest(`${seed}/members`, {
    method: 'POST',
    token: options.token,
    body: { id: options.nodeId, address: options.raftAddress, voter: options.join.voter },
    timeoutMs: remainingMs,
  });
  if (added.status === 200) return 'joined';
  const answer = describe('POST /members', added);
  return added.status === 400 || added.status === 401 ? new JoinRefusedError(seed, answer) : answer;
}

/** The members in a `GET /members` answer, if it has the expected shape. */
function membersOf(body: unknown): readonly Member[] | undefined {
  const members = (body as { membership?: { members?: unknown } } | undefined)?.membership?.members;
  if (!Array.isArray(members)) return undefined;
  const valid = members.every(
    (member: Partial<Member>) =>
      typeof member?.id === 'string' &&
      typeof member.address === 'string' &&
      typeof member.voter === 'boolean',
  );
  return valid ? (members as Member[]) : undefined;
}

function describe(what: string, response: { status: number; body: unknown }): string {
  const code = (response.body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return `${what}: ${response.status}${typeof code === 'string' ? ` ${code}` : ''}`;
}
