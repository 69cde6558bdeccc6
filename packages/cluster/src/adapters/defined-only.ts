/**
 * A copy of `record` without its `undefined` values: adapter options are optional properties, and
 * under `exactOptionalPropertyTypes` an absent option must be absent, not `undefined`.
 */
export function definedOnly<Record extends object>(
  record: Record,
): { [Key in keyof Record]?: Exclude<Record[Key], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as {
    [Key in keyof Record]?: Exclude<Record[Key], undefined>;
  };
}
