import { readFile } from 'node:fs/promises';
import { ConfigError, isRaftError } from '@raft/core';
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { ConfigFileError } from '../errors/config-file-error.js';
import type { ClusterConfig } from './cluster-config.js';
import { validateClusterConfig } from './validate-cluster-config.js';

/**
 * Reads a YAML configuration file and validates it ({@link validateClusterConfig}).
 *
 * @throws ConfigFileError when the file cannot be read or is not valid YAML (with the line).
 * @throws ConfigError naming the key path when a value is invalid; its reason ends with the file
 *   and line of that key (or of its closest enclosing section when the key is missing).
 */
export async function loadClusterConfigFile(file: string): Promise<ClusterConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(file, `cannot read: ${(error as Error).message}`, undefined, undefined, {
      cause: error,
    });
  }
  return parseClusterConfigYaml(text, file);
}

/** Parses and validates YAML text; `file` names it in errors. See {@link loadClusterConfigFile}. */
export function parseClusterConfigYaml(text: string, file = '<yaml>'): ClusterConfig {
  const lineCounter = new LineCounter();
  // prettyErrors off: the message stays one line, the position comes from the line counter.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = document.errors[0];
  if (syntaxError !== undefined) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    throw new ConfigFileError(file, syntaxError.message, line, col);
  }
  try {
    // toJS expands aliases, capped by yaml's maxAliasCount (100) against alias bombs.
    return validateClusterConfig(document.toJS());
  } catch (error) {
    if (!isRaftError(error, 'ERR_RAFT_CONFIG')) throw error;
    const { key, reason } = error as ConfigError;
    const offset = offsetOfKey(document, key);
    if (offset === undefined) throw new ConfigError(key, `${reason} (${file})`);
    throw new ConfigError(key, `${reason} (${file}:${lineCounter.linePos(offset).line})`);
  }
}

/** The source offset of `key` (`members[1].id`), or of its closest ancestor present in the file. */
function offsetOfKey(document: Document, key: string): number | undefined {
  let node: unknown = document.contents;
  let offset: number | undefined;
  for (const segment of pathSegments(key)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (pair === undefined) break;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (!(isMap(node) || isSeq(node) || isScalar(node))) break;
      offset = node.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

/** `members[1].id` → `['members', 1, 'id']`; the root (`config`) has none. */
function pathSegments(key: string): (string | number)[] {
  if (key === 'config') return [];
  const segments: (string | number)[] = [];
  for (const part of key.split('.')) {
    const [name, ...indexes] = part.split('[');
    if (name !== undefined && name !== '') segments.push(name);
    for (const index of indexes) segments.push(Number(index.replace(']', '')));
  }
  return segments;
}
