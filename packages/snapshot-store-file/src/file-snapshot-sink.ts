import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, rename, rm } from 'node:fs/promises';
import { type SnapshotMetadata, type SnapshotSink, StoreClosedError } from '@raft/core';
import { FileSnapshotWriteError } from './errors/file-snapshot-write-error.js';
import { fsyncDirectory } from './fsync-directory.js';
import { encodeTrailerBody, HEADER_MAGIC, TRAILER_MAGIC } from './snapshot-file-format.js';

/** What a sink needs from its store. */
export interface SinkContext {
  readonly directory: string;
  /** The temporary file being written; `finalPath` once committed. */
  readonly temporaryPath: string;
  readonly finalPath: string;
  readonly metadataWithoutSize: Omit<SnapshotMetadata, 'sizeBytes'>;
  /** Throws if the store is closed. */
  ensureStoreOpen(): void;
  /** Records a committed snapshot and prunes old ones. */
  onCommitted(
    metadata: SnapshotMetadata,
    info: { payloadBytes: number; hash: Buffer; metadataBytes: number },
  ): Promise<void>;
}

/**
 * Writes one snapshot: header, payload chunks (each awaited, so the caller may reuse its buffer),
 * then at commit the trailer with the SHA-256, fsync, rename into place and fsync the directory.
 * Until that rename nothing is visible; a crash leaves only a temporary file the store deletes on
 * its next start.
 */
export class FileSnapshotSink implements SnapshotSink {
  private readonly hash: Hash = createHash('sha256');
  private payloadBytes = 0;
  private state: 'writing' | 'committing' | 'committed' | 'aborted' = 'writing';

  constructor(
    private readonly handle: FileHandle,
    private readonly context: SinkContext,
  ) {}

  /** Opens the temporary file and writes the header. */
  static async start(handle: FileHandle, context: SinkContext): Promise<FileSnapshotSink> {
    const sink = new FileSnapshotSink(handle, context);
    await sink.writeFully(HEADER_MAGIC);
    sink.hash.update(HEADER_MAGIC);
    return sink;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.ensureWriting();
    await this.writeFully(chunk);
    this.hash.update(chunk);
    this.payloadBytes += chunk.byteLength;
  }

  async commit(): Promise<SnapshotMetadata> {
    this.ensureWriting();
    this.state = 'committing';
    const metadata: SnapshotMetadata = Object.freeze({
      ...this.context.metadataWithoutSize,
      sizeBytes: this.payloadBytes,
    });
    const body = encodeTrailerBody(metadata);
    this.hash.update(body);
    const digest = this.hash.digest();
    try {
      await this.writeFully(Buffer.concat([body, digest, TRAILER_MAGIC]));
      await this.handle.sync();
      await this.handle.close();
      await rename(this.context.temporaryPath, this.context.finalPath);
      await fsyncDirectory(this.context.directory);
    } catch (error) {
      await this.discard();
      throw this.writeError(error);
    }
    this.state = 'committed';
    await this.context.onCommitted(metadata, {
      payloadBytes: this.payloadBytes,
      hash: digest,
      metadataBytes: body.byteLength - 12,
    });
    return metadata;
  }

  /** Discards the snapshot. Harmless after commit or a second time. */
  async abort(): Promise<void> {
    if (this.state !== 'writing') return;
    await this.discard();
  }

  private async discard(): Promise<void> {
    this.state = 'aborted';
    await this.handle.close().catch(() => undefined);
    await rm(this.context.temporaryPath, { force: true });
  }

  private async writeFully(bytes: Uint8Array): Promise<void> {
    try {
      let offset = 0;
      while (offset < bytes.byteLength) {
        const { bytesWritten } = await this.handle.write(bytes, offset, bytes.byteLength - offset);
        offset += bytesWritten;
      }
    } catch (error) {
      if (this.state === 'writing') await this.discard();
      throw this.writeError(error);
    }
  }

  private writeError(error: unknown): FileSnapshotWriteError {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return new FileSnapshotWriteError(
      this.context.temporaryPath,
      code === 'ENOSPC' || code === 'EDQUOT' ? 'disk-full' : 'io',
      { cause: error },
    );
  }

  private ensureWriting(): void {
    this.context.ensureStoreOpen();
    if (this.state !== 'writing') throw new StoreClosedError(`file snapshot sink (${this.state})`);
  }
}
