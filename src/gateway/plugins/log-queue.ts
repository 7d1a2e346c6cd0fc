/**
 * Kong 3.x's plugin queue (kong/tools/queue.lua) as far as a test can observe it: entries are
 * batched up to `max_batch_size`, a batch is sent when full or `max_coalescing_delay` seconds after
 * its first entry, one batch at a time; a failed batch is retried with exponential backoff
 * (`initial_retry_delay` doubling, capped by `max_retry_delay`) until `max_retry_time`, then dropped;
 * past `max_entries` the oldest entry is dropped.
 */
export interface QueueConfig {
  readonly max_batch_size: number;
  readonly max_coalescing_delay: number;
  readonly max_entries: number;
  readonly max_retry_time: number;
  readonly initial_retry_delay: number;
  readonly max_retry_delay: number;
}

/** Sends one batch; resolves true on success. */
export type BatchSender<T> = (batch: readonly T[]) => Promise<boolean>;

export class LogQueue<T> {
  private readonly entries: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private closed = false;
  private readonly conf: QueueConfig;
  private readonly send: BatchSender<T>;
  private readonly onDrop: (reason: string) => void;

  constructor(conf: QueueConfig, send: BatchSender<T>, onDrop: (reason: string) => void) {
    this.conf = conf;
    this.send = send;
    this.onDrop = onDrop;
  }

  add(entry: T): void {
    if (this.entries.length >= this.conf.max_entries) {
      this.entries.shift();
      this.onDrop("queue full, dropping the oldest entry");
    }
    this.entries.push(entry);
    if (this.entries.length >= this.conf.max_batch_size) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.conf.max_coalescing_delay * 1000);
  }

  /** Sends everything queued (in batches) and resolves when done; used on shutdown. */
  async flush(): Promise<void> {
    this.closed = true;
    while (this.entries.length > 0 || this.sending) {
      this.kick();
      await this.sending;
    }
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.sending) return; // concurrency_limit 1: the running batch picks the rest up after
    this.sending = this.drain().finally(() => {
      this.sending = undefined;
      if (this.entries.length > 0 && (this.closed || this.entries.length >= this.conf.max_batch_size))
        this.kick();
      else if (this.entries.length > 0)
        this.timer ??= setTimeout(() => this.kick(), this.conf.max_coalescing_delay * 1000);
    });
  }

  private async drain(): Promise<void> {
    const batch = this.entries.splice(0, this.conf.max_batch_size);
    if (batch.length === 0) return;
    const deadline = Date.now() + this.conf.max_retry_time * 1000;
    let delay = this.conf.initial_retry_delay;
    for (;;) {
      if (await this.send(batch).catch(() => false)) return;
      if (this.closed || Date.now() + delay * 1000 > deadline) {
        this.onDrop(`could not send ${batch.length} entries, dropping them`);
        return;
      }
      await new Promise((r) => setTimeout(r, delay * 1000));
      delay = Math.min(delay * 2, this.conf.max_retry_delay);
    }
  }
}
