import pg from 'pg';

export interface WorkListenerOptions {
  /** Connection settings of the dedicated LISTEN connection. */
  clientConfig: pg.ClientConfig;
  channel: string;
  listener: (dueAt: number) => void;
  /** Reconnect back-off: starts here, doubles per failed attempt, capped at `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * After a reconnect the listener is called once with this value: notifications sent while the
 * connection was down are lost, so anything may be due; 0 is earlier than any clock's "now".
 */
export const missedNotificationsDueAt = 0;

/**
 * Holds one connection that LISTENs on the work channel and calls the listener with each
 * notification's dueAt. When the connection drops it reconnects with capped exponential back-off,
 * forever until stopped, and calls the listener once after reconnecting.
 */
export class PostgresWorkListener {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;
  private hasConnected = false;

  constructor(private readonly options: WorkListenerOptions) {}

  /** Resolves after the first attempt to connect; when it failed, attempts go on in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.options.clientConfig);
    let lost = false;
    const onLost = (): void => {
      if (lost) return;
      lost = true;
      this.lose(client);
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (message) => {
      if (message.channel === this.options.channel) this.deliver(Number(message.payload));
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.options.channel}"`);
    } catch {
      onLost();
      return;
    }
    if (this.stopped || lost) return void (await client.end().catch(() => undefined));
    this.client = client;
    this.failures = 0;
    if (this.hasConnected) this.deliver(missedNotificationsDueAt);
    this.hasConnected = true;
  }

  private lose(client: pg.Client): void {
    if (this.client === client) this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    const { initialDelayMs = 100, maxDelayMs = 5_000 } = this.options;
    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** this.failures);
    this.failures += 1;
    // A failed first attempt still counts as a drop: the listener hears about it once connected.
    this.hasConnected = true;
    this.timer = setTimeout(() => void this.connect(), delayMs);
    this.timer.unref();
  }

  /** A listener's exception must not break the connection's message parsing; listeners should not throw. */
  private deliver(dueAt: number): void {
    if (this.stopped) return;
    try {
      this.options.listener(Number.isFinite(dueAt) ? dueAt : missedNotificationsDueAt);
    } catch {
      // Ignored on purpose, see above.
    }
  }
}
