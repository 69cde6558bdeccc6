/**
 * Stands for "every node" in the `from` or `to` of a link rule (`blockLink`, `setFaults`). It is
 * reserved: no transport may use it as its node id.
 */
export const ANY_NODE = '*';
